// Who, of a room's members, gets a stored message while not in the room, and which copy (PROTOCOL §2
// absent members), as data (DESIGN habit 7). Pure: the caller gathers the members (each once,
// however many paths lead in), who is in the room, and each member's choice.
import type { DeliveryPlan } from "../delivery/plan.js";
import type { AbsentMessages } from "../store/preferences.js";
import type { Element } from "../xmpp/xml.js";
import { absentCopy, hasShowableContent } from "./copy.js";
import { mentions } from "./mentions.js";
import { reaches, type RoomAbsentDelivery } from "./settings.js";

/** A user the room reaches: a member of it, or of a group inside it at any depth. */
export interface Reachable {
  jid: string;
  /** The group inside the room that leads to them (absent: a member of the room itself). */
  through?: string;
  /** The nicks the room knows them by (mentions name them so). */
  nicks: readonly string[];
}

export interface AbsentMessage {
  room: { jid: string; name: string; service: string; delivery: RoomAbsentDelivery };
  /** The room's copies: `inside` for those who see the sender as themselves, `outside` for the
   *  rest when the sender came through a group (`senderThrough`) and is shown as it. */
  inside: Element;
  outside?: Element;
  senderThrough?: string;
  /** The copy's id (the message's stanza-id), and for a correction the id of the copy it rewrites. */
  id: string;
  corrects?: string;
}

export function planAbsent(
  message: AbsentMessage,
  members: readonly Reachable[],
  present: ReadonlySet<string>,
  choiceOf: (jid: string) => AbsentMessages,
): DeliveryPlan {
  if (!hasShowableContent(message.inside)) return [];
  const inside: string[] = [];
  const outside: string[] = [];
  for (const member of members) {
    if (present.has(member.jid)) continue;
    const mentioned = () => mentions(message.inside, message.room.jid, member);
    if (!reaches(message.room.delivery, choiceOf(member.jid), mentioned)) continue;
    const seesSender = !message.outside || !message.senderThrough || member.through === message.senderThrough;
    (seesSender ? inside : outside).push(member.jid);
  }
  const copy = (roomCopy: Element) =>
    absentCopy(roomCopy, {
      room: message.room,
      id: message.id,
      ...(message.corrects ? { corrects: message.corrects } : {}),
    });
  const plan: DeliveryPlan = [];
  if (inside.length) plan.push({ stanza: copy(message.inside), to: inside });
  if (outside.length && message.outside) plan.push({ stanza: copy(message.outside), to: outside });
  return plan;
}
