// Route handlers for messages to a topic: who wrote decides what happens (PROTOCOL §1). The owner
// sends (groupchat from the room, chat to the bare JID, private message to a member's nick); a
// member replies or leaves; anyone else is refused.
import type { Inbound } from "../xmpp/router.js";
import { xml } from "../xmpp/xml.js";
import { NS } from "../xmpp/ns.js";
import type { Room } from "../muc/room.js";
import { onGroupchat } from "../muc/groupchat.js";
import type { TopicsContext } from "./context.js";
import { isMember, memberByJid } from "./members.js";
import { isLeaveText, leaveTopic, memberSend } from "./replies.js";
import { ownerSend } from "./send.js";
import { answerInfoText, isInfoText } from "./message-info.js";
import { tellOwner } from "./notices.js";
import * as errors from "./errors.js";
import { isStateOnly } from "../chatstates/states.js";

async function topicOf(ctx: TopicsContext, s: Inbound): Promise<Room> {
  const room = await ctx.rooms.find(s.to.bare);
  if (!room || room.record.kind !== "topic") throw errors.noSuchTopic();
  return room;
}

/** Groupchat from the owner's room: subject changes stay in the room; everything else fans out. */
export async function onTopicGroupchat(ctx: TopicsContext, s: Inbound): Promise<void> {
  const isSubject = !!s.stanza.getChild("subject") && !s.stanza.getChild("body");
  if (isSubject) return onGroupchat(ctx, s);
  const room = await topicOf(ctx, s);
  if (!room.sessions.has(s.from.full)) throw errors.ownerNotInRoom();
  if (isInfoText(s.stanza.getChildText("body"))) return answerInfoText(ctx, room, s);
  await ownerSend(ctx, room, s.stanza);
}

/** A chat (or normal) message to the bare topic JID. */
export async function onTopicChat(ctx: TopicsContext, s: Inbound): Promise<void> {
  const room = await topicOf(ctx, s);
  if (s.from.bare === room.record.owner) {
    if (isInfoText(s.stanza.getChildText("body"))) return answerInfoText(ctx, room, s);
    return ownerSend(ctx, room, s.stanza);
  }
  const member = memberByJid(room, s.from.bare);
  // A state alone from a former member's open chat window is not worth an error (PROTOCOL §4).
  if (!member && isStateOnly(s.stanza)) return;
  if (!member) {
    throw errors.strangerWriting();
  }
  if (isLeaveText(s.stanza)) {
    const note = await leaveTopic(ctx, room, member);
    ctx.out.sendEach(
      xml("message", { type: "chat", from: room.jid, id: ctx.ids.next() }, xml("body", {}, note)),
      [s.from.full],
    );
    return;
  }
  await memberSend(ctx, room, member, s.stanza);
}

/** A private message to `topic/Nick`: from the owner, to that member only. */
export async function onTopicPrivate(ctx: TopicsContext, s: Inbound): Promise<void> {
  const room = await topicOf(ctx, s);
  if (s.from.bare !== room.record.owner) throw errors.onlyOwnerWritesToMembers();
  const target = room.occupants.get(s.to.resource);
  if (!isMember(target)) throw errors.noSuchMember(s.to.resource);
  await ownerSend(ctx, room, s.stanza, target);
}

/** An error a member's server returned for a message: the owner learns that member was not reached. */
export async function onMemberBounce(ctx: TopicsContext, s: Inbound): Promise<void> {
  const room = await ctx.rooms.find(s.to.bare);
  const member = room && memberByJid(room, s.from.bare);
  if (!room || !member) return;
  // A bounced chat state, receipt or marker (ejabberd bounces states to a user who just went
  // offline, where Prosody stores them) is nothing the owner wrote: no notice for it.
  if (
    !s.stanza.getChild("body") &&
    s.stanza.getChildElements().some((c) => EPHEMERAL.has(c.attrs.xmlns ?? ""))
  )
    return;
  const error = s.stanza.getChild("error");
  const condition = error?.getChildElements().find((c) => c.name !== "text")?.name ?? "an error";
  const text = error?.getChildText("text", "urn:ietf:params:xml:ns:xmpp-stanzas");
  // A copy's id is the topic's id for the message: message info shows the bounce with it.
  const id = s.stanza.attrs.id;
  if (id) await ctx.archive.report(room.jid, id, member.bareJid, { bounced: condition });
  tellOwner(
    ctx,
    room,
    `A message did not reach ${member.nick} (${member.bareJid}): ${condition}${text ? ` (${text})` : ""}`,
  );
}

/** Namespaces of what a member's client sends by itself (XEP-0085, XEP-0184, XEP-0333). */
const EPHEMERAL: ReadonlySet<string> = new Set([NS.chatStates, NS.receipts, NS.markers]);
