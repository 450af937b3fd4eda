// Entering a room (XEP-0045 §7.2), creating it when it does not exist (§10.1). Order on success:
// existing occupants' presence, the new presence to the others, self-presence with 110 (and 100,
// 170, 201, 210 as they apply), history, then the subject, always.
import { StanzaError } from "../xmpp/stanza-error.js";
import type { Inbound } from "../xmpp/router.js";
import { NS } from "../xmpp/ns.js";
import type { MucContext } from "./context.js";
import { Occupant } from "./occupant.js";
import type { Room } from "./room.js";
import { presenceToOthers, sendSelfPresence } from "./broadcast.js";
import { sendHistory } from "./history.js";
import { Status, occupantPresence, subjectMessage } from "./stanzas.js";

export async function enterRoom(ctx: MucContext, s: Inbound): Promise<void> {
  const nick = s.to.resource.trim();
  if (!nick || nick.length > 256)
    throw new StanzaError("jid-malformed", "A room nickname must be 1 to 256 characters");
  let room = await ctx.rooms.find(s.to.bare);
  let created = false;
  if (!room) {
    room = createRoom(ctx, s);
    created = true;
  }
  const joiner = s.from.bare;
  const affiliation = room.affiliationOf(joiner);
  if (room.record.locked && affiliation !== "owner") {
    throw new StanzaError("item-not-found", "This room is locked until its owner has configured it");
  }
  if (affiliation === "outcast") throw new StanzaError("forbidden", "You are banned from this room");
  if (room.config.membersOnly && affiliation === "none") {
    throw new StanzaError(
      "registration-required",
      "This room is members-only: ask an owner or admin for membership",
    );
  }
  const holder = room.occupants.get(nick);
  if (holder && holder.bareJid !== joiner)
    throw new StanzaError("conflict", `The nickname "${nick}" is in use`);
  const reservedBy = room.nickOwner(nick);
  if (reservedBy && reservedBy !== joiner) {
    throw new StanzaError("conflict", `The nickname "${nick}" is registered to another member`);
  }
  const limit = Math.min(room.config.maxOccupants, ctx.settings.maxOccupants);
  if (!holder && room.occupants.size >= limit && affiliation !== "owner" && affiliation !== "admin") {
    throw new StanzaError("service-unavailable", `This room is full (${limit} occupants)`);
  }

  const occupant =
    holder ?? new Occupant(nick, joiner, room.defaultRole(affiliation), ctx.occupantId(room.jid, joiner));
  occupant.sessions.set(s.from.full, s.stanza);
  if (!holder) room.occupants.set(nick, occupant);
  room.sessions.set(s.from.full, occupant);

  // 1. Everyone already there, as this user may see them.
  const seesJids = room.seesRealJids(occupant);
  for (const other of room.occupants.values()) {
    if (other !== occupant) ctx.out.sendEach(occupantPresence(room, other, seesJids), [s.from.full]);
  }
  // 2 and 3. The newcomer to the others, and self-presence.
  const extra: number[] = [];
  if (room.config.whois === "anyone") extra.push(Status.nonAnonymous);
  extra.push(Status.logging);
  if (created) extra.push(Status.created);
  presenceToOthers(ctx, room, occupant);
  sendSelfPresence(ctx, room, occupant, {}, [s.from.full], extra);
  // Other sessions of the same occupant learn of the updated presence too.
  const otherSessions = [...occupant.sessions.keys()].filter((j) => j !== s.from.full);
  sendSelfPresence(ctx, room, occupant, {}, otherSessions);
  // 4 and 5. History and subject.
  if (!created) await sendHistory(ctx, room, s.from.full, s.stanza.getChild("x", NS.muc));
  ctx.out.sendEach(subjectMessage(room), [s.from.full]);
  ctx.log.debug({ room: room.jid, nick, created }, "occupant joined");
}

function createRoom(ctx: MucContext, s: Inbound): Room {
  const { settings } = ctx;
  if (settings.createRooms === "local" && !settings.localDomains.includes(s.from.domain)) {
    throw new StanzaError(
      "not-allowed",
      `Only users of ${settings.localDomains.join(", ")} can create rooms here`,
    );
  }
  const config = { ...settings.defaults, name: s.to.local };
  return ctx.rooms.create(s.to.bare, s.from.bare, "group", config);
}
