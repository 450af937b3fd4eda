// Speaking to an outsider as the group (PROTOCOL §2 contact-as-group): the outsider is a guest
// occupant of the group's room; what they write shows there for everyone, and what the group's
// members write to the guest reaches them as a chat from the group's bare JID.
import type { Inbound } from "../xmpp/router.js";
import { NS } from "../xmpp/ns.js";
import { parseJid } from "../xmpp/jid.js";
import { xml, type Element } from "../xmpp/xml.js";
import { Occupant } from "../muc/occupant.js";
import type { Room } from "../muc/room.js";
import { isStored } from "../muc/rooms.js";
import { broadcastMessage, broadcastPresence } from "../muc/broadcast.js";
import { publish } from "../muc/groupchat.js";
import { Status, roomNotice } from "../muc/stanzas.js";
import type { GroupsContext } from "./context.js";
import * as errors from "./errors.js";
import { isStateOnly } from "../chatstates/states.js";

/** A guest: an occupant without sessions, shown as available with the status "Guest". */
export class GuestOccupant extends Occupant {
  override get presence(): Element {
    return xml("presence", {}, xml("status", {}, "Guest"));
  }
}

/** Seats a room's stored guests as occupants (when the room comes into memory). */
export function seatGuests(ctx: GroupsContext, room: Room): void {
  for (const [jid, guest] of ctx.groups.store.guestsOf(room.jid)) {
    room.occupants.set(
      guest.nick,
      new GuestOccupant(guest.nick, jid, "participant", ctx.occupantId(room.jid, jid)),
    );
  }
}

function guestOf(ctx: GroupsContext, room: Room, jid: string): GuestOccupant | undefined {
  const nick = ctx.groups.store.guestsOf(room.jid).get(jid)?.nick;
  const occupant = nick === undefined ? undefined : room.occupants.get(nick);
  return occupant instanceof GuestOccupant ? occupant : undefined;
}

/** The group talks: a chat from the group's bare JID, with its name as XEP-0172 nick. */
function fromGroup(ctx: GroupsContext, room: Room, to: string, body: string, extra: Element[] = []): void {
  ctx.chatStates.deliver(
    ctx.out,
    xml(
      "message",
      { type: "chat", from: room.jid, id: ctx.ids.next() },
      xml("body", {}, body),
      xml("nick", { xmlns: NS.nick }, room.config.name || room.jid),
      ...extra,
    ),
    [to],
  );
}

/** `contact-as-group`: a member of the group starts a conversation with an outsider. */
export async function contactAsGroup(
  ctx: GroupsContext,
  room: Room,
  by: string,
  jidText: string | undefined,
  message: string | undefined,
): Promise<string> {
  const mine = room.affiliationOf(by);
  if (mine === "none" || mine === "outcast") throw errors.onlyMembersSpeak();
  const jid = parseJid(jidText?.trim());
  if (!jid?.local || jid.resource) throw errors.notPersonAddress(jidText ?? "");
  const target = jid.bare;
  if (jid.domain === ctx.settings.domain) throw errors.guestIsRoom(target);
  const theirs = room.affiliationOf(target);
  if (theirs === "outcast") throw errors.guestBanned(target);
  if (theirs !== "none") throw errors.guestAlreadyMember(target);
  const name = room.config.name || room.jid;
  const text =
    message?.trim() ||
    `${name} would like to talk with you. Reply here; send /leave to end the conversation.`;
  let guest = guestOf(ctx, room, target);
  if (!guest) {
    const nick = uniqueNick(room, jid.local);
    await ctx.groups.store.setGuest(room.jid, isStored(room.record), target, {
      v: 1,
      nick,
      by,
      at: ctx.clock.now(),
    });
    guest = new GuestOccupant(nick, target, "participant", ctx.occupantId(room.jid, target));
    room.occupants.set(nick, guest);
    broadcastPresence(ctx, room, guest);
  }
  fromGroup(ctx, room, target, text);
  // Named as the room knows them: their nick there, or the one they registered; their real JID
  // only where everyone may see real JIDs (XEP-0045 §4.2).
  const author =
    [...room.occupants.values()].find((o) => o.bareJid === by && !o.through)?.nick ??
    room.affiliations.get(by)?.nick ??
    (room.config.whois === "anyone" ? by : "A member");
  broadcastMessage(ctx, room, roomNotice(room, `${author} to ${guest.nick} (guest): ${text}`));
  return `${target} is now a guest of ${name} as "${guest.nick}".`;
}

function uniqueNick(room: Room, base: string): string {
  let nick = base;
  for (let n = 2; room.occupants.has(nick) || room.nickOwner(nick); n++) nick = `${base} (${n})`;
  return nick;
}

/** A chat from outside to the group's bare JID: a guest speaking, or a guest leaving. */
export async function onGuestMessage(ctx: GroupsContext, s: Inbound): Promise<void> {
  const room = await ctx.rooms.find(s.to.bare);
  const guest = room && !room.record.locked ? guestOf(ctx, room, s.from.bare) : undefined;
  // A state alone from a chat window left open (a former guest's `gone`) is not worth an error.
  if (!guest && isStateOnly(s.stanza)) return;
  if (!room || !guest) throw errors.notGuest();
  const body = s.stanza.getChildText("body")?.trim();
  if (body === "/leave") return endGuest(ctx, room, guest, "left");
  const groupchat = xml(
    "message",
    { type: "groupchat", id: s.stanza.attrs.id },
    ...s.stanza.getChildElements(),
  );
  await publish(ctx, room, guest, groupchat);
}

/** A private message from an occupant to a guest: delivered as the group, from its bare JID. */
export async function toGuest(ctx: GroupsContext, s: Inbound): Promise<boolean> {
  const room = await ctx.rooms.find(s.to.bare);
  const target = room?.occupants.get(s.to.resource);
  if (!room || !(target instanceof GuestOccupant)) return false;
  const sender = room.sessions.get(s.from.full);
  if (!sender) throw errors.notOccupant();
  // A guest's presence is not known, so a state alone could wait in their server's offline store.
  if (isStateOnly(s.stanza)) {
    ctx.chatStates.drop("guest");
    return true;
  }
  const stanza = ctx.chatStates.fromSender({
    sender: sender.bareJid,
    conversation: s.to.full,
    stanza: s.stanza,
    size: 1,
  })!; // never undefined: that is only for a state alone, handled above
  const keep = stanza
    .getChildElements()
    .filter(
      (c) =>
        !c.is("body") &&
        !c.is("x", NS.mucUser) &&
        !c.is("occupant-id", NS.occupantId) &&
        !c.is("nick", NS.nick),
    );
  const body = stanza.getChildText("body");
  if (body === null) {
    // Markers (and a state that came with one): passed on without a body.
    ctx.chatStates.deliver(
      ctx.out,
      xml("message", { type: "chat", from: room.jid, id: stanza.attrs.id }, ...keep),
      [target.bareJid],
    );
    return true;
  }
  fromGroup(ctx, room, target.bareJid, body, keep);
  return true;
}

/** Ends a guest's conversation: kicked by a moderator of the group, or left with /leave. */
export async function endGuest(
  ctx: GroupsContext,
  room: Room,
  guest: Occupant,
  how: "kicked" | "left",
  actor?: string,
  reason?: string,
): Promise<void> {
  await ctx.groups.store.setGuest(room.jid, isStored(room.record), guest.bareJid, undefined);
  broadcastPresence(ctx, room, guest, {
    unavailable: true,
    ...(how === "kicked" ? { statuses: [Status.kicked] } : {}),
    ...(actor ? { actor } : {}),
    ...(reason ? { reason } : {}),
  });
  room.occupants.delete(guest.nick);
  const name = room.config.name || room.jid;
  fromGroup(
    ctx,
    room,
    guest.bareJid,
    how === "kicked"
      ? `${name} ended this conversation${reason ? `: ${reason}` : ""}.`
      : `You left the conversation with ${name}.`,
  );
}

export function isGuest(occupant: Occupant): boolean {
  return occupant instanceof GuestOccupant;
}
