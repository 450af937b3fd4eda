// Messages that act on an earlier message (PROTOCOL §5 "ids are translated"): a correction
// (XEP-0308), a retraction (XEP-0424), a reaction (XEP-0444), and the owner's read markers
// (XEP-0333). Each names the earlier message by an id its sender knows; each recipient must get the
// id *they* know it by, and only those who got the message may hear of it:
// - the owner's own message: her client names it by its own id or origin-id (a correction, a 1:1
//   retraction) or by the room's stanza-id (a groupchat retraction or reaction); members know it by
//   their copy's id, which is that stanza-id. It goes to the members the message went to.
// - a member's message: the owner's room names it by stanza-id, the member's client by the id it
//   gave the message. Only that member hears of the owner's reaction or marker.
// The archive (found by either id, store/archive.ts) is the one map, so a correction a week later
// still lands; and it follows: a correction replaces the archived text, a retraction leaves a
// XEP-0424 tombstone, a reaction the client asks to keep (XEP-0334 <store/>) is archived.
import { NS } from "../xmpp/ns.js";
import { parseXml, xml, type Element } from "../xmpp/xml.js";
import type { ArchiveRecord } from "../store/archive.js";
import type { Room } from "../muc/room.js";
import { broadcastMessage } from "../muc/broadcast.js";
import { corrected, retracted } from "../muc/archive-follows.js";
import { fromMember, keptInRoom, ownerReflection, roomRecord } from "./room-copies.js";
import { isArchivable, senderIds } from "../muc/groupchat.js";
import { sendPlan } from "../delivery/deliver.js";
import { journalThenAcknowledge } from "./journaled.js";
import type { TopicsContext } from "./context.js";
import { memberByJid, members, originalRecipients, type MemberOccupant } from "./members.js";
import { planRecipients, withoutAddressing } from "./plan.js";
import { planMemberCopies } from "./copies.js";
import { ownerOnline } from "./presence.js";
import * as errors from "./errors.js";

export type ActionKind = "replace" | "retract" | "react" | "read";

export interface Action {
  kind: ActionKind;
  /** The element that names the earlier message. */
  element: Element;
  /** The id it names it by. */
  id: string;
}

const KINDS: readonly { name: string; ns: string; kind: ActionKind }[] = [
  { name: "replace", ns: NS.correct, kind: "replace" },
  { name: "retract", ns: NS.retract, kind: "retract" },
  { name: "reactions", ns: NS.reactions, kind: "react" },
  { name: "displayed", ns: NS.markers, kind: "read" },
  { name: "received", ns: NS.markers, kind: "read" },
  { name: "acknowledged", ns: NS.markers, kind: "read" },
];

/** How the error texts say each action. */
const ACTS: Record<ActionKind, errors.Act> = {
  replace: "correct",
  retract: "retract",
  react: "react to",
  read: "mark",
};

/** What earlier message a message acts on, and how, if it does. */
export function actionOf(stanza: Element): Action | undefined {
  for (const element of stanza.getChildElements()) {
    const known = KINDS.find((k) => element.is(k.name, k.ns));
    if (known && element.attrs.id) return { kind: known.kind, element, id: element.attrs.id };
  }
  return undefined;
}

/** A copy of `stanza` whose action names the message by `id`. */
function naming(stanza: Element, action: Action, id: string): Element {
  const renamed = xml(action.element.name, { ...action.element.attrs, id }, ...action.element.children);
  return xml(
    stanza.name,
    { ...stanza.attrs },
    ...stanza.getChildElements().map((c) => (c === action.element ? renamed : c)),
  );
}

/** Whether the action is kept: corrections and retractions always, reactions when asked. */
function lasting(stanza: Element): boolean {
  return isArchivable(stanza);
}

/** The id the author's client gave an archived message (the room's copy keeps it). */
function authorsId(record: ArchiveRecord): string | undefined {
  return parseXml(record.xml).attrs.id;
}

// The owner acts ----------------------------------------------------------------------------------

export async function ownerActs(
  ctx: TopicsContext,
  room: Room,
  stanza: Element,
  action: Action,
): Promise<void> {
  const owner = room.record.owner!;
  const own = await ctx.archive.findBySender(
    room.jid,
    owner,
    action.id,
    ctx.retention.notBefore(room.config),
  );
  if (own) return ownerActsOnOwn(ctx, room, stanza, action, own);
  const theirs = await ctx.archive.get(room.jid, action.id, ctx.retention.notBefore(room.config));
  const member = theirs && theirs.jid !== owner ? memberByJid(room, theirs.jid) : undefined;
  if (!theirs || !member) {
    if (action.kind === "read") return; // a marker for something gone is nothing to report
    throw errors.unknownMessage(ACTS[action.kind]);
  }
  if (action.kind === "replace" || action.kind === "retract") throw errors.notYourMessage(ACTS[action.kind]);
  const id = authorsId(theirs);
  if (!id) return;
  const forMember = naming(stanza, action, id);
  if (action.kind === "read") {
    // Markers are not kept: they matter to a member who is there to see them.
    if (member.isOnline) sendPlan(copiesFor(ctx, room, forMember, [member], ctx.ids.next(), false), ctx.out);
    return;
  }
  // Whatever the text's addressing form says, it goes to this member alone, without that form.
  await actOnMembers(ctx, room, stanza, forMember, [member], true, withoutAddressing(stanza));
}

async function ownerActsOnOwn(
  ctx: TopicsContext,
  room: Room,
  stanza: Element,
  action: Action,
  original: ArchiveRecord,
): Promise<void> {
  if (action.kind === "read") return; // her own message: nobody to tell
  const recipients = originalRecipients(room, original.xml);
  // "@Bob: Court at 8" corrects a message bob got as "Court at 8": members get the text they got.
  const plan = planRecipients([...members(room)], stanza);
  const forMembers = naming(stanza, action, original.id);
  const { body } = plan;
  await actOnMembers(ctx, room, stanza, forMembers, recipients, false, body);
  await archiveFollows(ctx, room, stanza, action, original);
}

/**
 * Sends the owner's action to `recipients`, journaled like any message (a correction, retraction
 * or reaction is what she wrote, and must reach a member who is offline), and reflects it into her
 * room. A reaction she asks to keep is archived; a correction or retraction is not a message of
 * its own (archiveFollows rewrites the original instead).
 */
async function actOnMembers(
  ctx: TopicsContext,
  room: Room,
  stanza: Element,
  forMembers: Element,
  recipients: MemberOccupant[],
  toOneMember: boolean,
  body?: string,
): Promise<void> {
  const id = ctx.ids.next();
  const archived =
    lasting(stanza) && !stanza.getChild("replace", NS.correct) && !stanza.getChild("retract", NS.retract);
  const reflection = ownerReflection(
    ctx,
    room,
    stanza,
    archived ? id : undefined,
    toOneMember ? recipients : undefined,
  );
  if (archived) {
    await ctx.archive.append(room.jid, roomRecord(ctx, room, id, reflection), senderIds(stanza));
  }
  const plan = copiesFor(ctx, room, forMembers, recipients, id, archived, body);
  journalThenAcknowledge(ctx, room, stanza, id, plan, () => broadcastMessage(ctx, room, reflection));
}

function copiesFor(
  ctx: TopicsContext,
  room: Room,
  stanza: Element,
  recipients: MemberOccupant[],
  id: string,
  archived: boolean,
  body?: string,
) {
  const receives = (jid: string) => ctx.chatStates.receives(jid);
  const copies = planMemberCopies({ room, stanza, recipients, id, body, receives, archived });
  ctx.chatStates.count(copies.states);
  return copies.plan;
}

// A member acts ----------------------------------------------------------------------------------

/**
 * A member's correction or retraction of their own reply, or reaction to the owner's message or
 * their own: the owner's room gets it naming the message by what it knows (the member's id for a
 * correction, the stanza-id otherwise), an owner who is away a chat naming the chat they got.
 */
export async function memberActs(
  ctx: TopicsContext,
  room: Room,
  member: MemberOccupant,
  stanza: Element,
  action: Action,
): Promise<void> {
  const owner = room.record.owner!;
  const mine = await ctx.archive.findBySender(
    room.jid,
    member.bareJid,
    action.id,
    ctx.retention.notBefore(room.config),
  );
  const target =
    mine ??
    (action.kind === "react"
      ? await ctx.archive.findBySender(room.jid, owner, action.id, ctx.retention.notBefore(room.config))
      : undefined);
  if (!target) throw errors.unknownMessage(ACTS[action.kind]);
  const inRoomId = action.kind === "replace" ? (authorsId(target) ?? target.id) : target.id;
  const ownerInRoom = !room.empty;
  const kept = lasting(stanza);
  const archived = action.kind === "react" && kept;
  const id = ctx.ids.next();
  const inRoom = fromMember(
    room,
    member,
    stanza.attrs.id,
    naming(stanza, action, inRoomId).getChildElements(),
    archived ? id : undefined,
  );
  if (archived) {
    await ctx.archive.append(room.jid, roomRecord(ctx, room, id, inRoom, member), senderIds(stanza));
  }
  if (action.kind !== "react") await archiveFollows(ctx, room, stanza, action, target);
  if (ownerInRoom) return broadcastMessage(ctx, room, inRoom);
  // An owner who is away got the member's reply as a chat from the topic with the stanza-id as its
  // id; a reaction to her own message would name nothing in that chat, so it waits in the archive.
  if (action.kind === "react" || (!kept && !ownerOnline(ctx, room))) return;
  const chat = xml("message", { type: "chat", from: room.jid, id });
  for (const child of naming(stanza, action, target.id).getChildElements())
    if (keptInRoom(child, room.jid)) chat.append(child);
  if (action.kind === "replace") {
    const body = chat.getChild("body");
    if (body && !stanza.getChild("x", NS.oob)) {
      chat.remove("body");
      chat.append(xml("body", {}, `${member.nick}: ${body.getText()}`));
    }
  }
  ctx.chatStates.deliver(ctx.out, chat, [owner]);
}

// The archive follows -----------------------------------------------------------------------------

/** The archive follows (muc/archive-follows.ts): the corrected text, or a tombstone. */
async function archiveFollows(
  ctx: TopicsContext,
  room: Room,
  stanza: Element,
  action: Action,
  original: ArchiveRecord,
): Promise<void> {
  const record =
    action.kind === "retract"
      ? retracted(original, stanza, ctx.clock.now())
      : action.kind === "replace"
        ? corrected(original, stanza)
        : undefined;
  if (record) await ctx.archive.update(room.jid, record);
}
