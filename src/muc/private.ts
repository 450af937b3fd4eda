// Private messages between occupants (XEP-0045 §7.5) and IQs to occupant JIDs. Only occupants may
// send them; the recipient sees the sender's occupant JID, never the real one.
import * as errors from "./errors.js";
import type { Inbound } from "../xmpp/router.js";
import { NS } from "../xmpp/ns.js";
import { xml } from "../xmpp/xml.js";
import type { MucContext } from "./context.js";
import type { Occupant } from "./occupant.js";
import { hiddenIn } from "./groupchat.js";
import { scrubbed } from "./scrub.js";

export async function onPrivateMessage(ctx: MucContext, s: Inbound): Promise<void> {
  const room = await ctx.rooms.find(s.to.bare);
  if (!room) throw errors.noSuchRoom();
  const sender = room.sessions.get(s.from.full);
  if (!sender) throw errors.notOccupant();
  const { targets } = ctx.views.named(room, sender, s.to.resource);
  const allowed = room.config.allowPrivateMessages;
  if (
    allowed === "none" ||
    (allowed === "moderators" && sender.role !== "moderator") ||
    (allowed === "participants" && sender.role === "visitor")
  ) {
    throw errors.privateMessagesOff();
  }
  const stanza = ctx.chatStates.fromSender({
    sender: sender.bareJid,
    conversation: s.to.full,
    stanza: s.stanza,
    size: targets.length,
  });
  if (!stanza) return;
  // Each recipient sees the sender as they see them in the room.
  const copies = new Map<Occupant, string[]>();
  for (const target of targets) {
    const shown = ctx.views.shownAs(room, target, sender);
    copies.set(shown, [...(copies.get(shown) ?? []), ...target.sessions.keys()]);
  }
  for (const [shown, sessions] of copies) {
    const message = xml("message", {
      type: s.type || "chat",
      from: `${room.jid}/${shown.nick}`,
      id: stanza.attrs.id,
    });
    for (const child of stanza.getChildElements()) {
      if (!child.is("x", NS.mucUser) && !child.is("occupant-id", NS.occupantId)) message.append(child);
    }
    message.append(xml("x", { xmlns: NS.mucUser }));
    message.append(xml("occupant-id", { xmlns: NS.occupantId, id: shown.occupantId }));
    // Shown as someone else (a group), the sender names nobody hidden behind it either.
    const seen = shown === sender ? message : scrubbed(message, room.jid, hiddenIn(ctx, room));
    ctx.chatStates.deliver(ctx.out, seen, sessions);
  }
}

/**
 * XEP-0410 self-ping: answered by the room itself, so clients learn whether they are still joined.
 * A ping from a non-occupant answers not-acceptable (§3.1); other IQs to occupants are not relayed.
 */
export async function onOccupantPing(ctx: MucContext, s: Inbound): Promise<void> {
  const room = await ctx.rooms.find(s.to.bare);
  const sender = room?.sessions.get(s.from.full);
  if (!room || !sender) throw errors.notJoined();
  ctx.views.named(room, sender, s.to.resource);
}
