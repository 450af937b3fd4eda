// What the owner's room shows (PROTOCOL §1): the owner's own messages reflected, naming the
// recipients of a partial send, and a member's messages as from their occupant. Both carry the
// room's stanza-id when archived and the author's occupant-id; nothing a client sent may claim
// either, nor name recipients.
import { NS } from "../xmpp/ns.js";
import { xml, type Element } from "../xmpp/xml.js";
import type { Room } from "../muc/room.js";
import type { TopicsContext } from "./context.js";
import type { ArchiveRecord } from "../store/archive.js";
import { ownerNick, type MemberOccupant } from "./members.js";
import { withoutState } from "../chatstates/states.js";

/** What a message passes on into the owner's room. */
export function keptInRoom(child: Element, topic: string): boolean {
  return !(
    child.is("addresses", NS.address) ||
    child.is("x", NS.mucUser) ||
    child.is("occupant-id", NS.occupantId) ||
    (child.is("stanza-id", NS.sid) && child.attrs.by === topic)
  );
}

/** The archive record of a message as the owner's room shows it: by the owner (`author`
 *  omitted) or by a member. */
export function roomRecord(
  ctx: TopicsContext,
  room: Room,
  id: string,
  shown: Element,
  author?: MemberOccupant,
): ArchiveRecord {
  const [nick, jid] = author ? [author.nick, author.bareJid] : [ownerNick(room), room.record.owner!];
  // A chat state belongs to its moment; the archive (MAM, history) keeps the message without it.
  return { v: 1, id, at: ctx.clock.now(), nick, jid, xml: withoutState(shown).toString() };
}

/** The owner's message (or action) as her room shows it; `to` names the recipients of a partial send. */
export function ownerReflection(
  ctx: TopicsContext,
  room: Room,
  stanza: Element,
  stanzaId: string | undefined,
  to?: readonly MemberOccupant[],
): Element {
  // Her XEP-0172 nick is for members' first copies; in her room she has an occupant.
  const children = stanza.getChildElements().filter((c) => !c.is("nick", NS.nick));
  const message = inRoom(room, ownerNick(room), stanza.attrs.id, children, stanzaId);
  if (to) {
    const addresses = to.map((m) => xml("address", { type: "to", jid: m.bareJid, desc: m.nick }));
    message.append(xml("addresses", { xmlns: NS.address }, ...addresses));
  }
  message.append(
    xml("occupant-id", { xmlns: NS.occupantId, id: ctx.occupantId(room.jid, room.record.owner!) }),
  );
  return message;
}

/** A member's message (or action) as the owner's room shows it: from their occupant, with the
 * id their client gave it. */
export function fromMember(
  room: Room,
  member: MemberOccupant,
  id: string | undefined,
  children: readonly Element[],
  stanzaId: string | undefined,
): Element {
  const message = inRoom(room, member.nick, id, children, stanzaId);
  message.append(xml("occupant-id", { xmlns: NS.occupantId, id: member.occupantId }));
  return message;
}

function inRoom(
  room: Room,
  nick: string,
  id: string | undefined,
  children: readonly Element[],
  stanzaId: string | undefined,
): Element {
  const message = xml("message", { type: "groupchat", from: `${room.jid}/${nick}`, id });
  for (const child of children) if (keptInRoom(child, room.jid)) message.append(child);
  if (stanzaId) message.append(xml("stanza-id", { xmlns: NS.sid, id: stanzaId, by: room.jid }));
  return message;
}
