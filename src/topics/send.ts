// The owner writes once (PROTOCOL §1): a groupchat to the topic, a chat to its bare JID, or a
// private message to one member. The plan (plan.ts) picks recipients; the message is archived,
// then each member's copy (copies.ts, planned as data) is journaled, or sent at once when it is
// not lasting, and the owner's room sessions get the reflection with its stanza-id.
import { NS } from "../xmpp/ns.js";
import type { Element } from "../xmpp/xml.js";
import type { Room } from "../muc/room.js";
import { broadcastMessage } from "../muc/broadcast.js";
import { isArchivable, senderIds } from "../muc/groupchat.js";
import { isStateOnly, stateOf } from "../chatstates/states.js";
import type { AffiliationRecord } from "../muc/types.js";
import type { TopicsContext } from "./context.js";
import { members, type MemberOccupant } from "./members.js";
import { planRecipients, withoutAddressing } from "./plan.js";
import { planMemberCopies, type MemberCopies } from "./copies.js";
import { sendPlan } from "../delivery/deliver.js";
import { journalThenAcknowledge } from "./journaled.js";
import * as errors from "./errors.js";
import { refuseEncrypted } from "./encrypted.js";
import { ownerReply, type OwnerReply } from "./reply.js";
import { ownerReflection, roomRecord } from "./room-copies.js";
import { actionOf, ownerActs } from "./actions.js";
import { checkTopicRate } from "../limits/topic-rate.js";

/** XEP-0184 receipts are for 1:1 chats; the owner's client sends none that name a member's message. */
function isOwnReceipt(stanza: Element): boolean {
  return stanza.getChildElements().some((c) => c.attrs.xmlns === NS.receipts);
}

export async function ownerSend(
  ctx: TopicsContext,
  room: Room,
  sent: Element,
  only?: MemberOccupant,
): Promise<void> {
  const owner = room.record.owner!;
  refuseEncrypted(sent);
  if (!isArchivable(sent) && isOwnReceipt(sent)) return;
  // Rates first: a refused message costs no recipient plan, however many members the topic has.
  if (isArchivable(sent)) {
    if (!ctx.topics.sends.take(owner, ctx.clock.now())) {
      throw errors.ownerTooFast(ctx.topics.lists.messagesPerMinute);
    }
    checkTopicRate(ctx, room);
  }
  // XEP-0461: what a reply answers decides who gets it and how they see the reference (reply.ts).
  const replying = await ownerReply(ctx, room, sent);
  // A state alone goes to every member: the bound is checked on the member count, before a plan
  // of a thousand recipients is made for a state that will not go.
  const toAll = !only && isStateOnly(sent) && !sent.getChild("addresses", NS.address);
  const planned = toAll ? undefined : planOf(room, sent, only, replying);
  // Chat states pass the policy (PROTOCOL §3); `gone` belongs to 1:1 chats, not to the room.
  const conversation = audienceOf(room, only, planned);
  const stanza = ctx.chatStates.fromSender({
    sender: owner,
    conversation,
    stanza: sent,
    size: planned ? planned.recipients.length : room.memberCount() - 1,
    dropGone: sent.attrs.type === "groupchat",
  });
  if (!stanza) return;
  // A correction, retraction, reaction or marker goes where the message it names went (actions.ts).
  const action = actionOf(stanza);
  if (action) return ownerActs(ctx, room, stanza, action);
  const plan = planned ?? planOf(room, stanza, only, replying);
  if (!isArchivable(stanza)) return relayNow(ctx, room, stanza, plan.recipients, plan.subset, conversation);
  const id = ctx.ids.next();
  const reflection = ownerReflection(ctx, room, stanza, id, plan.subset ? plan.recipients : undefined);
  // Written durably and not waited for here: the copies need not wait for the disk (the
  // acknowledgement does), and reads of the archive wait for it (store/archive.ts).
  const record = { ...roomRecord(ctx, room, id, reflection), copies: plan.recipients.length };
  const archived = ctx.archive.append(room.jid, record, senderIds(stanza), { durable: true });
  ctx.topics.recent.remember(
    room.jid,
    { own: stanza.attrs.id, stanzaId: id },
    stanza.getChild("origin-id", NS.sid)?.attrs.id,
  );
  // The copies are journaled (durably) before the owner's reflection says the message was sent;
  // the journal's sender delivers them and resumes after a crash or a lost connection.
  const reply = replyFor(replying, plan.recipients);
  const copies = memberCopies(ctx, room, stanza, id, plan.recipients, plan.body, reply);
  // A private message to `topic/Nick` is not echoed into the room (XEP-0045 echoes no private
  // messages): clients that ignore XEP-0033 addresses would show it as sent to everyone.
  journalThenAcknowledge(
    ctx,
    room,
    sent,
    id,
    copies.plan,
    () => {
      if (!only) broadcastMessage(ctx, room, reflection);
    },
    archived,
  );
  await markIntroduced(ctx, room, copies.newcomers);
  await touch(ctx, room);
}

/**
 * What is not lasting (chat states) goes only to members known to be online, since servers would
 * store it offline (PROTOCOL §3); it is not archived and has no stanza-id. A state alone is not
 * reflected: the owner's own sessions are the room's only readers, and they typed it.
 */
function relayNow(
  ctx: TopicsContext,
  room: Room,
  stanza: Element,
  planned: MemberOccupant[],
  subset: boolean,
  conversation: string,
): void {
  const online = planned.filter((m) => m.isOnline);
  const id = ctx.ids.next();
  if (stateOf(stanza)) {
    ctx.chatStates.drop("offline", planned.length - online.length);
    if (!online.length) ctx.chatStates.undelivered(room.record.owner!, conversation);
  }
  ctx.metrics.fanoutDeliveries.inc(online.length);
  sendPlan(memberCopies(ctx, room, stanza, id, online, undefined).plan, ctx.out);
  if (!isStateOnly(stanza))
    broadcastMessage(ctx, room, ownerReflection(ctx, room, stanza, undefined, subset ? planned : undefined));
}

/** Whom a state goes to, as the key its repeats are told apart by: typing to bob, to some, or to
 *  all are different conversations, and a repeat in one is news in another. */
function audienceOf(
  room: Room,
  only: MemberOccupant | undefined,
  planned: { recipients: MemberOccupant[]; subset: boolean } | undefined,
): string {
  if (only) return `${room.jid}/${only.nick}`;
  if (!planned?.subset) return room.jid;
  return `${room.jid}#${planned.recipients
    .map((m) => m.bareJid)
    .sort()
    .join(",")}`;
}

function planOf(room: Room, stanza: Element, only: MemberOccupant | undefined, replying?: OwnerReply) {
  if (only) return { recipients: [only], subset: true, body: withoutAddressing(stanza) };
  const plan = planRecipients([...members(room)], stanza);
  if (plan.subset) return plan; // the message names its recipients
  // A reply to one member's message goes to that member; one to her own message, to those it went to.
  if (replying?.member) return { ...plan, recipients: [replying.member], subset: true };
  if (replying?.own && replying.own.length < plan.recipients.length)
    return { ...plan, recipients: replying.own, subset: true };
  return plan;
}

/** The reply reference the recipients get: the one translated for them, or none. */
function replyFor(
  replying: OwnerReply | undefined,
  recipients: readonly MemberOccupant[],
): Element | undefined {
  if (!replying?.forMembers) return undefined;
  if (replying.member)
    return recipients.length === 1 && recipients[0] === replying.member ? replying.forMembers : undefined;
  // Her own message: the reference and its quote only when every recipient got that message.
  const got = new Set(replying.own);
  return recipients.every((m) => got.has(m)) ? replying.forMembers : undefined;
}

/** Plans each recipient's copy, counting the chat states their switches let through or removed. */
function memberCopies(
  ctx: TopicsContext,
  room: Room,
  stanza: Element,
  id: string,
  recipients: MemberOccupant[],
  body: string | undefined,
  reply?: Element,
): MemberCopies {
  const receives = (jid: string) => ctx.chatStates.receives(jid);
  const copies = planMemberCopies({ room, stanza, recipients, id, body, receives, reply });
  ctx.chatStates.count(copies.states);
  return copies;
}

async function markIntroduced(ctx: TopicsContext, room: Room, newcomers: string[]): Promise<void> {
  if (!newcomers.length) return;
  const changes = new Map<string, AffiliationRecord>();
  for (const jid of newcomers) {
    const a = room.affiliations.get(jid);
    if (a) changes.set(jid, { ...a, introduced: true });
  }
  await ctx.rooms.setAffiliations(room, changes);
}

/** Records use of a topic that ends when idle, at most once a minute. */
async function touch(ctx: TopicsContext, room: Room): Promise<void> {
  if (!room.record.endsWhenIdle) return;
  const now = ctx.clock.now();
  if (now - (ctx.topics.touched.get(room.jid) ?? 0) < 60_000) return;
  ctx.topics.touched.set(room.jid, now);
  await ctx.topics.store.touch(room.jid, now);
}
