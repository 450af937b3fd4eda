// Sending room stanzas to occupants: each viewer gets what it may see (real JIDs only where
// XEP-0045 §4.2 allows) and its own sessions get status 110 (§7.2.3).
import type { MucContext } from "./context.js";
import type { Occupant } from "./occupant.js";
import type { Room } from "./room.js";
import { Status, occupantPresence, type PresenceOptions } from "./stanzas.js";
import type { Element } from "../xmpp/xml.js";

/** Every session of every occupant, optionally leaving one occupant out. */
export function allSessions(room: Room, except?: Occupant): string[] {
  const out: string[] = [];
  for (const occupant of room.occupants.values()) {
    if (occupant !== except) for (const jid of occupant.sessions.keys()) out.push(jid);
  }
  return out;
}

/** Broadcasts `subject`'s presence to the room: three builds at most, whatever the room size. */
export function broadcastPresence(
  ctx: MucContext,
  room: Room,
  subject: Occupant,
  options: PresenceOptions = {},
): void {
  presenceToOthers(ctx, room, subject, options);
  sendSelfPresence(ctx, room, subject, options, [...subject.sessions.keys()]);
}

/** `subject`'s presence to every other occupant, with real JIDs only for those who may see them. */
export function presenceToOthers(
  ctx: MucContext,
  room: Room,
  subject: Occupant,
  options: PresenceOptions = {},
): void {
  const seeing: string[] = [];
  const blind: string[] = [];
  for (const viewer of room.occupants.values()) {
    if (viewer === subject) continue;
    const target = room.seesRealJids(viewer) ? seeing : blind;
    for (const jid of viewer.sessions.keys()) target.push(jid);
  }
  if (seeing.length) ctx.out.sendEach(occupantPresence(room, subject, true, options), seeing);
  if (blind.length) ctx.out.sendEach(occupantPresence(room, subject, false, options), blind);
}

export function sendSelfPresence(
  ctx: MucContext,
  room: Room,
  subject: Occupant,
  options: PresenceOptions,
  to: string[],
  extraStatuses: number[] = [],
): void {
  if (!to.length) return;
  const statuses = [Status.self, ...extraStatuses, ...(options.statuses ?? [])];
  ctx.out.sendEach(occupantPresence(room, subject, true, { ...options, statuses }), to);
}

/** The same message to every session in the room. */
export function broadcastMessage(ctx: MucContext, room: Room, message: Element): void {
  ctx.out.sendEach(message, allSessions(room));
}
