// Owners and admins asked to decide something (a §9.9 registration, a group's request to join) also
// get a chat from the service JID naming the request and the command that answers it. Web clients
// such as Converse file every message from a room JID into that room's window and drop a form
// message there unseen; a chat from the service shows as a conversation of its own in any client.
import { xml } from "../xmpp/xml.js";
import type { MucContext } from "./context.js";
import type { Room } from "./room.js";

/** Tells each owner and admin of `room`, from the service JID, what waits and how to answer. */
export function tellApproversFromService(ctx: MucContext, room: Room, text: string): void {
  ctx.out.sendEach(
    xml("message", { type: "chat", from: ctx.settings.domain, id: ctx.ids.next() }, xml("body", {}, text)),
    room.jidsWith("owner", "admin"),
  );
}

/** How a room is named in such a text: its name and JID, or the JID alone. */
export const roomLabel = (room: Room): string =>
  room.config.name ? `${room.config.name} (${room.jid})` : room.jid;
