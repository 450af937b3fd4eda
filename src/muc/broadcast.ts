// Sending room stanzas to occupants: each viewer gets what it may see (real JIDs only where
// XEP-0045 §4.2 allows; whoever the room kind's views show in a subject's place) and its own
// sessions get status 110 (§7.2.3).
import type { MucContext } from "./context.js";
import type { Occupant } from "./occupant.js";
import type { Room } from "./room.js";
import { Status, occupantPresence, type PresenceOptions } from "./stanzas.js";
import { xml, type Element } from "../xmpp/xml.js";
import { NS } from "../xmpp/ns.js";
import { sendPlan } from "../delivery/deliver.js";
import { planRoomMessage } from "./message-plan.js";

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

/** XEP-0045 §10.2.1: the room's configuration changed (104, with 172/173 when real JIDs became
 * visible or hidden); clients refresh what they know of the room (disco#info, its avatar). */
export function announceConfigChange(ctx: MucContext, room: Room, statuses: readonly number[] = [104]): void {
  broadcastMessage(
    ctx,
    room,
    xml(
      "message",
      { type: "groupchat", from: room.jid },
      xml("x", { xmlns: NS.mucUser }, ...statuses.map((code) => xml("status", { code: String(code) }))),
    ),
  );
}

/** The same message to every session in the room (a chat state only to those who want states). */
export function broadcastMessage(ctx: MucContext, room: Room, message: Element): void {
  ctx.chatStates.deliver(ctx.out, message, allSessions(room));
}

/**
 * A message from `sender` to the room, planned (message-plan.ts) then sent: `inside` to everyone
 * who sees the sender as themselves, `outside` (from whoever is shown in the sender's place) to
 * everyone else; each recipient's chat-state switch applies.
 */
export function broadcastFrom(
  ctx: MucContext,
  room: Room,
  sender: Occupant,
  inside: Element,
  outside: Element | null | undefined,
): void {
  const split = planRoomMessage(
    ctx.views,
    { room, sender, inside, ...(outside !== undefined ? { outside } : {}) },
    (a) => ctx.chatStates.receives(a),
  );
  sendPlan(split.renderings, ctx.out);
  ctx.chatStates.count(split);
}
