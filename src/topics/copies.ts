// Members' copies of the owner's message (PROTOCOL §1), planned as data (DESIGN habit 7). Each
// member gets one `chat` from the bare topic JID carrying only what members may see, the topic's
// stanza-id when the message is archived, the topic's XEP-0172 nick with the first message a
// member gets, and the chat state only if that member receives states (PROTOCOL §3). Pure: the
// room and the stanza are read, never changed; send.ts journals or sends the plan.
import { isReplyFallback, withoutQuote } from "../xmpp/reply-fallback.js";
import { NS } from "../xmpp/ns.js";
import { xml, type Element } from "../xmpp/xml.js";
import type { Room } from "../muc/room.js";
import { isArchivable } from "../muc/groupchat.js";
import { splitByPreference, type StateCounts } from "../chatstates/split.js";
import type { DeliveryPlan } from "../delivery/plan.js";
import { nickElement } from "./notices.js";
import type { Recipient } from "./plan.js";
import { keptInRoom } from "./room-copies.js";

export interface CopiesRequest {
  room: Room;
  /** The owner's message as the chat-state policy let it go. */
  stanza: Element;
  recipients: readonly Recipient[];
  /** The topic's id for the message: each copy's id, and its stanza-id when archived. */
  id: string;
  /** The body members get instead of the owner's ("@Bob: hi" becomes "hi"). */
  body?: string | undefined;
  /** Whether a member receives others' chat states. */
  receives: (jid: string) => boolean;
  /** The XEP-0461 reference as these recipients know the message replied to (reply.ts); without
   * it, a reply reference is left out of their copies. */
  reply?: Element | undefined;
  /** Whether the copies carry the id as their stanza-id (default: whether the message is archived). */
  archived?: boolean;
}

export interface MemberCopies {
  plan: DeliveryPlan;
  /** Members whose copy carries the nick: once it is sent, they count as introduced. */
  newcomers: string[];
  states: StateCounts;
}

/** Children never passed on to members: those kept out of the owner's room (addresses would
 * reveal the list; ids are the topic's to set), and the nick, which is the topic's. */
function passedOn(child: Element, topic: string): boolean {
  return keptInRoom(child, topic) && !child.is("nick", NS.nick);
}

export function planMemberCopies(request: CopiesRequest): MemberCopies {
  const { room, stanza, recipients, id, body, receives, reply } = request;
  const archived = request.archived ?? isArchivable(stanza);
  if (!recipients.length) return { plan: [], newcomers: [], states: { delivered: 0, dropped: 0 } };
  const copy = memberCopy(room, stanza, id, body, reply, archived);
  // XEP-0172 §4.2: the nick goes with the first message to each member; only a message with a
  // body introduces the topic (a state or a marker alone does not).
  const hasBody = !!copy.getChild("body");
  const known: string[] = [];
  const newcomers: string[] = [];
  for (const m of recipients) {
    const introduced = !hasBody || room.affiliations.get(m.bareJid)?.introduced;
    (introduced ? known : newcomers).push(m.bareJid);
  }
  const splits = [splitByPreference(copy, known, receives)];
  if (newcomers.length) {
    const introducing = xml("message", { ...copy.attrs }, ...copy.getChildElements(), nickElement(room));
    splits.push(splitByPreference(introducing, newcomers, receives));
  }
  return {
    plan: splits.flatMap((s) => s.renderings),
    newcomers,
    states: {
      delivered: splits.reduce((n, s) => n + s.delivered, 0),
      dropped: splits.reduce((n, s) => n + s.dropped, 0),
    },
  };
}

/** XEP-0372 mentions name a member by URI (PROTOCOL §5: no copy names another member); in a 1:1
 * chat from the topic they would highlight nothing anyway. */
const isMention = (child: Element) => child.is("reference", NS.reference) && child.attrs.type === "mention";

/** The copy every member sees: from the bare topic JID, as a 1:1 chat. */
function memberCopy(
  room: Room,
  stanza: Element,
  id: string,
  body: string | undefined,
  reply: Element | undefined,
  archived: boolean,
): Element {
  const copy = xml("message", { type: "chat", from: room.jid, id });
  // A reply whose reference these members do not get loses its quote too: the quote says whom
  // and what it answers (PROTOCOL §5).
  const quoteDropped = !reply && !!stanza.getChild("reply", NS.reply);
  for (const child of stanza.getChildElements()) {
    if (child.is("reply", NS.reply)) {
      if (reply) copy.append(reply);
      continue;
    }
    if (!passedOn(child, room.jid) || isMention(child)) continue;
    if (quoteDropped && isReplyFallback(child)) continue;
    const isBody = child.name === "body" && !child.attrs.xmlns;
    if (!isBody || (body === undefined && !quoteDropped)) {
      copy.append(child);
      continue;
    }
    // The quote stays at the start of the owner's text (plan.ts keeps it there), so its range holds.
    const text = body ?? child.getText();
    copy.append(
      xml(
        "body",
        body === undefined ? { ...child.attrs } : {},
        quoteDropped ? withoutQuote(stanza, text) : text,
      ),
    );
  }
  if (archived) copy.append(xml("stanza-id", { xmlns: NS.sid, id, by: room.jid }));
  return copy;
}
