// Sending room stanzas to occupants: each viewer gets what it may see (real JIDs only where
// XEP-0045 §4.2 allows; whoever the room kind's views show in a subject's place) and its own
// sessions get status 110 (§7.2.3).
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

/** Broadcasts `subject`'s presence to the room: a few builds at most, whatever the room size. */
export function broadcastPresence(
  ctx: MucContext,
  room: Room,
  subject: Occupant,
  options: PresenceOptions = {},
): void {
  presenceToOthers(ctx, room, subject, options);
  sendSelfPresence(ctx, room, subject, options, [...subject.sessions.keys()]);
}

/** `subject`'s presence to every other occupant, as each sees the subject. */
export function presenceToOthers(
  ctx: MucContext,
  room: Room,
  subject: Occupant,
  options: PresenceOptions = {},
): void {
  ctx.views.presenceToOthers(ctx, room, subject, options);
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

/** The same message to every session in the room (a chat state only to those who want states). */
export function broadcastMessage(ctx: MucContext, room: Room, message: Element): void {
  ctx.chatStates.deliver(ctx.out, message, allSessions(room));
}

/**
 * A message from `sender` to the room: `inside` to everyone who sees the sender as themselves,
 * `outside` (from whoever is shown in the sender's place) to everyone else. One copy to all
 * when the sender was admitted directly.
 */
export function broadcastFrom(
  ctx: MucContext,
  room: Room,
  sender: Occupant,
  inside: Element,
  outside: Element | undefined,
): void {
  if (!sender.through || !outside) return broadcastMessage(ctx, room, inside);
  const ins: string[] = [];
  const outs: string[] = [];
  for (const occupant of room.occupants.values()) {
    const target = ctx.views.shownAs(room, occupant, sender) === sender ? ins : outs;
    for (const jid of occupant.sessions.keys()) target.push(jid);
  }
  ctx.chatStates.deliver(ctx.out, inside, ins);
  ctx.chatStates.deliver(ctx.out, outside, outs);
}
