// Telling a topic's owner what happened to the list: a room message while they are in the room,
// else (for what they must not miss, such as a member leaving) a chat from the topic JID, which
// their server keeps offline.
import { xml } from "../xmpp/xml.js";
import { broadcastMessage } from "../muc/broadcast.js";
import { roomNotice } from "../muc/stanzas.js";
import type { Room } from "../muc/room.js";
import type { MucContext } from "../muc/context.js";
import { NS } from "../xmpp/ns.js";

export function tellOwner(
  ctx: MucContext,
  room: Room,
  text: string,
  options: { offline?: boolean } = {},
): void {
  if (!room.empty) {
    broadcastMessage(ctx, room, roomNotice(room, text));
    return;
  }
  if (!options.offline || !room.record.owner) return;
  const id = ctx.ids.next();
  ctx.out.sendEach(
    xml(
      "message",
      { type: "chat", from: room.jid, id },
      xml("body", {}, text),
      xml("stanza-id", { xmlns: NS.sid, id, by: room.jid }),
    ),
    [room.record.owner],
  );
}

/** "Alice · Badminton": who a member's messages come from (XEP-0172 nick). */
export function topicNick(room: Room): string {
  const owner = room.record.owner?.split("@")[0] ?? "";
  const name = room.config.name || room.jid.split("@")[0]!;
  return owner ? `${owner} · ${name}` : name;
}

export function nickElement(room: Room) {
  return xml("nick", { xmlns: NS.nick }, topicNick(room));
}
