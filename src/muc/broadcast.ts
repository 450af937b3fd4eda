// Sending room stanzas to occupants: each viewer gets what it may see (real JIDs only where
// XEP-0045 §4.2 allows; a group's face instead of its members outside the group, PROTOCOL §2)
// and its own sessions get status 110 (§7.2.3).
import type { MucContext } from "./context.js";
import type { Occupant } from "./occupant.js";
import type { Room } from "./room.js";
import { Status, occupantPresence, type PresenceOptions } from "./stanzas.js";
import { faceOf, fellowsOf, seesPerson } from "./views.js";
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

/** `subject`'s presence to every other occupant, with real JIDs only for those who may see them;
 * outside its group, only its group's face coming or going. */
export function presenceToOthers(
  ctx: MucContext,
  room: Room,
  subject: Occupant,
  options: PresenceOptions = {},
): void {
  const inside = { seeing: [] as string[], blind: [] as string[] };
  const outside = { seeing: [] as string[], blind: [] as string[] };
  for (const viewer of room.occupants.values()) {
    if (viewer === subject) continue;
    const side = seesPerson(viewer.via?.group, subject) ? inside : outside;
    const target = room.seesRealJids(viewer) ? side.seeing : side.blind;
    for (const jid of viewer.sessions.keys()) target.push(jid);
  }
  sendViews(ctx, (withJid) => occupantPresence(room, subject, withJid, options), inside);
  if (subject.via) showFace(ctx, room, subject, options, outside);
}

/**
 * The group's face, to those outside it: it appears with the first fellow and leaves with the last.
 * It carries the statuses of a change only when the change hit the whole group (kick, ban, removal).
 */
function showFace(
  ctx: MucContext,
  room: Room,
  subject: Occupant,
  options: PresenceOptions,
  to: { seeing: string[]; blind: string[] },
): void {
  const group = subject.via!.group;
  if (options.unavailable) {
    if (options.newNick || fellowsOf(room, subject).length > 0) return;
    const face = room.faces.get(group);
    if (!face) return;
    room.faces.delete(group);
    const { statuses, actor, reason } = options.wholeGroup ? options : ({} as PresenceOptions);
    const leaving: PresenceOptions = {
      unavailable: true,
      ...(statuses ? { statuses } : {}),
      ...(actor ? { actor } : {}),
      ...(reason ? { reason } : {}),
      ...(options.destroy ? { destroy: options.destroy } : {}),
    };
    sendViews(ctx, (withJid) => occupantPresence(room, face, withJid, leaving), to);
    return;
  }
  if (room.faces.has(group)) return;
  const face = faceOf(subject.via!, subject);
  room.faces.set(group, face);
  sendViews(ctx, (withJid) => occupantPresence(room, face, withJid), to);
}

/** A face's presence (after a change to the whole group) to everyone outside the group. */
export function presenceOfFace(ctx: MucContext, room: Room, face: Occupant, options: PresenceOptions): void {
  const to = { seeing: [] as string[], blind: [] as string[] };
  for (const viewer of room.occupants.values()) {
    if (viewer.via?.group === face.bareJid) continue;
    const target = room.seesRealJids(viewer) ? to.seeing : to.blind;
    for (const jid of viewer.sessions.keys()) target.push(jid);
  }
  sendViews(ctx, (withJid) => occupantPresence(room, face, withJid, options), to);
}

function sendViews(
  ctx: MucContext,
  build: (withJid: boolean) => Element,
  to: { seeing: string[]; blind: string[] },
): void {
  if (to.seeing.length) ctx.out.sendEach(build(true), to.seeing);
  if (to.blind.length) ctx.out.sendEach(build(false), to.blind);
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
 * A message from `sender` to the room: `inside` to everyone who sees the sender as a person,
 * `outside` (from the sender's group face) to everyone else. Without a group, one copy to all.
 */
export function broadcastFrom(
  ctx: MucContext,
  room: Room,
  sender: Occupant,
  inside: Element,
  outside: Element | undefined,
): void {
  if (!sender.via || !outside) return broadcastMessage(ctx, room, inside);
  const ins: string[] = [];
  const outs: string[] = [];
  for (const occupant of room.occupants.values()) {
    const target = seesPerson(occupant.via?.group, sender) ? ins : outs;
    for (const jid of occupant.sessions.keys()) target.push(jid);
  }
  ctx.chatStates.deliver(ctx.out, inside, ins);
  ctx.chatStates.deliver(ctx.out, outside, outs);
}
