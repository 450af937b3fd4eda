// Entering a room (XEP-0045 §7.2), creating it when it does not exist (§10.1). Order on success:
// existing occupants' presence, the new presence to the others, self-presence with 110 (and 100,
// 170, 201 as they apply), history, then the subject, always.
import * as errors from "./errors.js";
import type { Inbound } from "../xmpp/router.js";
import { NS } from "../xmpp/ns.js";
import type { Element } from "../xmpp/xml.js";
import type { MucContext } from "./context.js";
import { Occupant } from "./occupant.js";
import type { Room } from "./room.js";
import { presenceToOthers, sendSelfPresence } from "./broadcast.js";
import { sendHistory } from "./history.js";
import { avatarPresence } from "./avatar.js";
import { Status, occupantPresence, subjectMessage } from "./stanzas.js";

export async function enterRoom(ctx: MucContext, s: Inbound): Promise<void> {
  const asked = s.to.resource;
  checkNickShape(asked);
  let room = await ctx.rooms.find(s.to.bare);
  let created = false;
  if (!room) {
    room = await ctx.hooks.run("room-create", { s });
    if (!room) throw new Error("no room kind creates rooms on join");
    created = true;
  }
  const joiner = s.from.bare;
  const entering = { room, joiner, affiliation: room.affiliationOf(joiner) };
  await ctx.hooks.run("pre-enter", entering);
  const admission = (await ctx.hooks.run("admit", { ...entering, nick: asked })) ?? { nick: asked };
  const { nick, through } = admission;
  const holder = room.occupants.get(nick);
  await ctx.hooks.run("pre-join", { ...entering, admission, holder });

  const role = admission.role ?? room.defaultRole(through ? "member" : entering.affiliation);
  const occupant = holder ?? new Occupant(nick, joiner, role, ctx.occupantId(room.jid, joiner));
  if (!holder && through) occupant.through = through;
  occupant.sessions.delete(s.from.full);
  occupant.sessions.set(s.from.full, s.stanza);
  if (!holder) room.occupants.set(nick, occupant);
  room.sessions.set(s.from.full, occupant);

  presenceToOthers(ctx, room, occupant);
  const joinElement = s.stanza.getChild("x", NS.muc);
  await sendJoinSequence(ctx, room, occupant, s.from.full, joinElement, created, nick !== asked);
  // Other sessions of the same occupant learn of the updated presence too.
  const otherSessions = [...occupant.sessions.keys()].filter((j) => j !== s.from.full);
  sendSelfPresence(ctx, room, occupant, {}, otherSessions);
  ctx.log.debug({ room: room.jid, nick, created }, "occupant joined");
}

export function checkNickShape(nick: string): void {
  if (!nick.trim() || nick.length > 256) throw errors.nickShape();
}

/**
 * What one session receives on entering (§7.2.3–§7.2.15): the others, itself with 110, history,
 * the subject. Also sent again when a session that is already in the room joins anew, which is
 * how clients recover after their connection (or the server) dropped without a leave.
 */
export async function sendJoinSequence(
  ctx: MucContext,
  room: Room,
  occupant: Occupant,
  session: string,
  joinElement: Element | undefined,
  created: boolean,
  renamed = false,
): Promise<void> {
  const seesJids = room.seesRealJids(occupant);
  for (const other of ctx.views.visibleTo(room, occupant)) {
    if (other !== occupant) ctx.out.sendEach(occupantPresence(room, other, seesJids), [session]);
  }
  const extra: number[] = [];
  if (room.config.whois === "anyone") extra.push(Status.nonAnonymous);
  extra.push(Status.logging);
  if (created) extra.push(Status.created);
  if (renamed) extra.push(Status.nickAssigned);
  sendSelfPresence(ctx, room, occupant, {}, [session], extra);
  if (room.record.avatar) ctx.out.sendEach(avatarPresence(room), [session]);
  if (!created) await sendHistory(ctx, room, session, joinElement, occupant.through?.member);
  ctx.out.sendEach(subjectMessage(room), [session]);
}
