// Presence to an occupant JID once joined: status updates, nick changes (XEP-0045 §7.6), leaving
// (§7.14), and bounces that show a session is gone (status 333).
import * as errors from "./errors.js";
import type { Inbound } from "../xmpp/router.js";
import type { MucContext } from "./context.js";
import type { Occupant } from "./occupant.js";
import type { Room } from "./room.js";
import { broadcastPresence, presenceToOthers } from "./broadcast.js";
import { checkNickShape, enterRoom, sendJoinSequence } from "./join.js";
import { NS } from "../xmpp/ns.js";
import { Status, occupantPresence } from "./stanzas.js";

export async function onAvailable(ctx: MucContext, s: Inbound): Promise<void> {
  const room = await ctx.rooms.find(s.to.bare);
  const occupant = room?.sessions.get(s.from.full);
  if (!room || !occupant) return enterRoom(ctx, s);
  const nick = ctx.views.nickOf(occupant, s.to.resource);
  occupant.sessions.delete(s.from.full);
  occupant.sessions.set(s.from.full, s.stanza);
  const joinElement = s.stanza.getChild("x", NS.muc);
  if (nick === occupant.nick && joinElement) {
    // A join from a session we think is inside: its client lost the room (e.g. the server restarted).
    presenceToOthers(ctx, room, occupant);
    await sendJoinSequence(ctx, room, occupant, s.from.full, joinElement, false);
    return;
  }
  if (nick === occupant.nick) {
    broadcastPresence(ctx, room, occupant);
    return;
  }
  await changeNick(ctx, room, occupant, nick);
}

async function changeNick(ctx: MucContext, room: Room, occupant: Occupant, asked: string): Promise<void> {
  checkNickShape(asked);
  const joiner = occupant.bareJid;
  const admitted = await ctx.hooks.run("admit", {
    room,
    joiner,
    affiliation: room.affiliationOf(joiner),
    nick: asked,
  });
  const nick = admitted?.nick ?? asked;
  if (room.occupants.has(nick)) throw errors.nickInUse(nick);
  const reservedBy = room.nickOwner(nick);
  if (reservedBy && reservedBy !== occupant.bareJid) {
    throw errors.nickRegistered(nick);
  }
  broadcastPresence(ctx, room, occupant, {
    unavailable: true,
    statuses: [Status.nickChanged],
    newNick: nick,
  });
  room.occupants.delete(occupant.nick);
  occupant.nick = nick;
  room.occupants.set(nick, occupant);
  broadcastPresence(ctx, room, occupant);
}

export async function onUnavailable(ctx: MucContext, s: Inbound): Promise<void> {
  await removeSession(ctx, s, []);
}

/**
 * An error bounced by an occupant's session (presence, or a groupchat message the room relayed)
 * means it is unreachable: drop it and tell the others (status 333). Transient (`wait`) errors
 * are not a reason to remove anyone.
 */
export async function onBounce(ctx: MucContext, s: Inbound): Promise<void> {
  if (s.stanza.getChild("error")?.attrs.type === "wait") return;
  await removeSession(ctx, s, [Status.technicalProblem]);
}

async function removeSession(ctx: MucContext, s: Inbound, statuses: number[]): Promise<void> {
  const room = await ctx.rooms.find(s.to.bare);
  const occupant = room?.sessions.get(s.from.full);
  if (!room || !occupant) return;
  room.sessions.delete(s.from.full);
  if (occupant.sessions.size > 1) {
    // One of several sessions sharing the nick leaves: only it sees itself go; the rest stay.
    const leaving = occupantPresence(room, occupant, true, {
      unavailable: true,
      statuses: [Status.self, ...statuses],
    });
    occupant.sessions.delete(s.from.full);
    ctx.out.sendEach(leaving, [s.from.full]);
    broadcastPresence(ctx, room, occupant);
    return;
  }
  broadcastPresence(ctx, room, occupant, { unavailable: true, statuses });
  room.occupants.delete(occupant.nick);
  occupant.sessions.clear();
  await ctx.rooms.released(room);
}
