// The owner's XEP-0461 replies (PROTOCOL §5 "reply and mention address"). A reply to one member's
// message goes to that member alone, naming the message as that member knows it: from them, by the
// id their client gave it (the room's copy, which the owner's client replies to by stanza-id,
// keeps it in the archive). A reply to the owner's own message goes to those it went to, naming it
// as they got it: from the topic's JID, by the copy's id (the stanza-id); its quote reaches nobody
// the message did not. Any other reference names what a member cannot know, or someone they must
// not learn of, and is left out of their copy.
import { NS } from "../xmpp/ns.js";
import { parseJid } from "../xmpp/jid.js";
import { parseXml, xml, type Element } from "../xmpp/xml.js";
import type { Room } from "../muc/room.js";
import type { TopicsContext } from "./context.js";
import { isMember, memberByJid, originalRecipients, ownerNick, type MemberOccupant } from "./members.js";

export interface OwnerReply {
  /** The member whose message the owner answers, when it is one member's. */
  member?: MemberOccupant;
  /** The members her own message went to, when she answers that (all, or those it named). */
  own?: MemberOccupant[];
  /** The reference as the recipients know the message; undefined: left out of their copies. */
  forMembers?: Element;
}

/** What an owner's message answers, if it is a XEP-0461 reply (read before the recipients are planned). */
export async function ownerReply(
  ctx: TopicsContext,
  room: Room,
  stanza: Element,
): Promise<OwnerReply | undefined> {
  const reply = stanza.getChild("reply", NS.reply);
  if (!reply) return undefined;
  const to = parseJid(reply.attrs.to ?? "");
  const id = reply.attrs.id;
  if (!to) return {};
  const occupant = to.bare === room.jid && to.resource ? room.occupants.get(to.resource) : undefined;
  const member = isMember(occupant) ? occupant : memberByJid(room, to.bare);
  if (member) {
    const record = id ? await ctx.archive.get(room.jid, id, ctx.retention.notBefore(room.config)) : undefined;
    const own = record?.jid === member.bareJid ? parseXml(record.xml).attrs.id : undefined;
    return {
      member,
      ...(own ? { forMembers: xml("reply", { xmlns: NS.reply, to: member.bareJid, id: own }) } : {}),
    };
  }
  const owner = room.record.owner;
  const toOwner = to.bare === owner || (to.bare === room.jid && occupant?.bareJid === owner);
  const record =
    id && toOwner ? await ctx.archive.get(room.jid, id, ctx.retention.notBefore(room.config)) : undefined;
  if (!record || record.jid !== owner) return {};
  return {
    own: originalRecipients(room, record.xml),
    forMembers: xml("reply", { xmlns: NS.reply, to: room.jid, id }),
  };
}

/**
 * A member's XEP-0461 reply as the owner's room knows the message it answers: her own message (the
 * member names it by their copy's id, which is its stanza-id, or by her origin-id) or one of the
 * member's own (by the id their client gave it), named by stanza-id and occupant JID, as XEP-0461
 * says for groupchat. Undefined when it names nothing of those two in the archive.
 */
export async function memberReply(
  ctx: TopicsContext,
  room: Room,
  member: MemberOccupant,
  reply: Element,
): Promise<Element | undefined> {
  const id = reply.attrs.id;
  if (!id) return undefined;
  const hers = await ctx.archive.findBySender(
    room.jid,
    room.record.owner!,
    id,
    ctx.retention.notBefore(room.config),
  );
  if (hers) return xml("reply", { xmlns: NS.reply, to: `${room.jid}/${ownerNick(room)}`, id: hers.id });
  const theirs = await ctx.archive.findBySender(
    room.jid,
    member.bareJid,
    id,
    ctx.retention.notBefore(room.config),
  );
  if (theirs) return xml("reply", { xmlns: NS.reply, to: `${room.jid}/${member.nick}`, id: theirs.id });
  return undefined;
}
