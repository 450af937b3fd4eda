// A member answers the topic JID (PROTOCOL §1 "member side"): the owner gets it as the member's
// occupant in the room, or, when not in the room, as a chat from the topic JID that names the author
// (body prefix and XEP-0033 ofrom) so the owner's server keeps it offline. Receipts, markers and
// chat states travel the same way but only to an owner who is there to see them, and are not archived.
import { NS } from "../xmpp/ns.js";
import { xml, type Element } from "../xmpp/xml.js";
import type { Room } from "../muc/room.js";
import { broadcastMessage } from "../muc/broadcast.js";
import { isArchivable, senderIds } from "../muc/groupchat.js";
import { applyAffiliations } from "../muc/membership.js";
import type { TopicsContext } from "./context.js";
import type { MemberOccupant } from "./members.js";
import { ownerOnline } from "./presence.js";
import { markNotStored, stateOf } from "../chatstates/states.js";
import { forOwner, noteReports } from "./read-reports.js";
import { checkTopicRate } from "../limits/topic-rate.js";
import { refuseEncrypted } from "./encrypted.js";
import { actionOf, memberActs } from "./actions.js";
import { memberReply } from "./reply.js";
import { fromMember, keptInRoom, roomRecord } from "./room-copies.js";

/** A shared file as clients send it (XEP-0363 upload, then XEP-0066): the body is the OOB URL. */
function isFile(stanza: Element): boolean {
  const url = stanza.getChild("x", NS.oob)?.getChildText("url");
  return !!url && stanza.getChildText("body") === url;
}

/** The children with their reply reference replaced by `reply`; without one, the reference and
 * the fallback marking its quote go, so the quote reads as text. */
function withReply(children: readonly Element[], reply: Element | undefined): Element[] {
  return children.flatMap((c) => {
    if (c.is("reply", NS.reply)) return reply ? [reply] : [];
    if (!reply && c.is("fallback", NS.fallback) && c.attrs.for === NS.reply) return [];
    return [c];
  });
}

export function isLeaveText(stanza: Element): boolean {
  return stanza.getChildText("body")?.trim().toLowerCase() === "/leave";
}

export async function memberSend(
  ctx: TopicsContext,
  room: Room,
  member: MemberOccupant,
  sent: Element,
): Promise<void> {
  refuseEncrypted(sent);
  // A lasting reply counts against the topic's rate before anything is stored or sent (issue 7 §5).
  if (isArchivable(sent)) checkTopicRate(ctx, room);
  // One member closing their chat (`gone`) does not end the topic for the owner.
  const stanza = ctx.chatStates.fromSender({
    sender: member.bareJid,
    conversation: room.jid,
    stanza: sent,
    size: 1,
    dropGone: true,
  });
  if (!stanza) return;
  // A correction, retraction or reaction names an earlier message (actions.ts); markers and
  // receipts are renamed below.
  const action = actionOf(stanza);
  if (action && action.kind !== "read") return memberActs(ctx, room, member, stanza, action);
  // Kept for message info whether or not the owner is there to see them.
  await noteReports(ctx, room, member.bareJid, stanza.getChildElements());
  const lasting = isArchivable(stanza);
  const ownerInRoom = !room.empty;
  if (!lasting && !ownerInRoom && !ownerOnline(ctx, room)) {
    if (stateOf(stanza)) {
      ctx.chatStates.drop("offline");
      ctx.chatStates.undelivered(member.bareJid, room.jid);
    }
    return;
  }
  const children = await forOwner(
    ctx,
    room,
    stanza.getChildElements().filter((c) => keptInRoom(c, room.jid)),
    ownerInRoom,
  );
  // A XEP-0461 reply names the message as the owner's room knows it (reply.ts); a chat from the
  // topic JID holds none of those messages, so there it is plain text, quote included.
  const replying = stanza.getChild("reply", NS.reply);
  const answered = replying ? await memberReply(ctx, room, member, replying) : undefined;
  const id = ctx.ids.next();
  if (ownerInRoom || lasting) {
    const inRoom = fromMember(
      room,
      member,
      stanza.attrs.id,
      withReply(children, answered),
      lasting ? id : undefined,
    );
    if (!lasting) markNotStored(inRoom);
    if (lasting) {
      await ctx.archive.append(room.jid, roomRecord(ctx, room, id, inRoom, member), senderIds(stanza));
    }
    if (ownerInRoom) return broadcastMessage(ctx, room, inRoom);
  }
  const chat = xml("message", { type: "chat", from: room.jid, id });
  // PROTOCOL §5 "files stay files": clients show a file inline only while the body is exactly its
  // XEP-0066 URL, so a file keeps its body and the author goes in the XEP-0172 nick instead.
  const file = isFile(stanza);
  for (const child of withReply(children, undefined)) {
    if (file && child.is("nick", NS.nick)) continue;
    if (child.name === "body" && !child.attrs.xmlns && !file)
      chat.append(xml("body", {}, `${member.nick}: ${child.getText()}`));
    else chat.append(child);
  }
  if (file) chat.append(xml("nick", { xmlns: NS.nick }, member.nick));
  if (lasting) {
    chat.append(
      xml("addresses", { xmlns: NS.address }, xml("address", { type: "ofrom", jid: member.bareJid })),
    );
    chat.append(xml("stanza-id", { xmlns: NS.sid, id, by: room.jid }));
  } else {
    markNotStored(chat);
  }
  ctx.chatStates.deliver(ctx.out, chat, [room.record.owner!]);
}

/** A member leaves the list (command `leave` or the text `/leave`); the owner is told. */
export async function leaveTopic(ctx: TopicsContext, room: Room, member: MemberOccupant): Promise<string> {
  await applyAffiliations(ctx, room, [
    { jid: member.bareJid, affiliation: "none", reason: "left the topic" },
  ]);
  return `You have left ${room.config.name || room.jid}; you will get no more messages from it.`;
}
