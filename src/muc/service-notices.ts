// What the service itself tells people about requests: owners and admins asked to decide something
// (a §9.9 registration, or a request of the kind's own) and the requesters told the outcome get a chat
// from the service JID naming the room and, for approvers, the command that answers. Converse.js
// files every message from a room JID into that room's window and drops a form message there
// unseen; Profanity crashes on a non-groupchat message with a body from a room it is in. A chat
// from the service shows as a conversation of its own in any client.
import { xml } from "../xmpp/xml.js";
import type { MucContext } from "./context.js";
import type { Room } from "./room.js";

/** A chat from the service JID to each of `jids`. */
export function noticeFromService(ctx: MucContext, jids: Iterable<string>, text: string): void {
  ctx.out.sendEach(
    xml("message", { type: "chat", from: ctx.settings.domain, id: ctx.ids.next() }, xml("body", {}, text)),
    jids,
  );
}

/** Tells each owner and admin of `room`, from the service JID, what waits and how to answer. */
export function tellApproversFromService(ctx: MucContext, room: Room, text: string): void {
  noticeFromService(ctx, room.jidsWith("owner", "admin"), text);
}

/** How a room is named in such a text: its name and JID, or the JID alone. */
export const roomLabel = (room: Room): string =>
  room.config.name ? `${room.config.name} (${room.jid})` : room.jid;
