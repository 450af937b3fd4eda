// The copy a member who is not in the room gets (PROTOCOL §2 absent members): a `normal` message
// from the service's own JID, because servers keep only chat and normal messages for users who are
// offline (groupchat to a bare JID is dropped by Prosody and ejabberd alike) and push them
// (XEP-0357). Normal rather than chat: Dino looks a chat's sender up and, finding a MUC service,
// files it as a private message from a room; every other client shows both types alike.
// Not from the room's JID: clients that know the room as a group chat would take a chat from it
// for a private message (Profanity fails on one from the bare room JID, Converse drops it), and a
// 1:1 chat with the room's JID would stand in the way of joining the room (Conversations skips
// autojoin for it, Converse will not open the room beside it). The room's name and the author's
// nick lead the text. Nothing in it claims to be a room stanza (no stanza-id by the room, no
// occupant-id): clients would match it with the room's own archive and drop one of the two.
// Pure: the room copy is read, never changed.
import { NS } from "../xmpp/ns.js";
import { xml, type Element } from "../xmpp/xml.js";
import { parseJid } from "../xmpp/jid.js";
import { isEncrypted } from "../xmpp/encrypted.js";

export interface AbsentCopy {
  /** The room's name (its JID when it has none) and the service's JID the copy comes from. */
  room: { name: string; service: string };
  /** This copy's id: the message's stanza-id (a correction: a fresh one). */
  id: string;
  /** A correction: the id of the copy it rewrites, which is the corrected message's stanza-id. */
  corrects?: string;
}

/** Whether a room message has anything a copy can show: text, a file, or an encrypted payload
 *  (a reaction kept in the archive has none of them). */
export function hasShowableContent(roomCopy: Element): boolean {
  return (
    mainBody(roomCopy) !== undefined ||
    roomCopy.getChildren("x").some((x) => x.attrs.xmlns === NS.oob) ||
    isEncrypted(roomCopy)
  );
}

export function absentCopy(roomCopy: Element, { room, id, corrects }: AbsentCopy): Element {
  const author = parseJid(roomCopy.attrs.from)?.resource;
  const lead = author ? `[${room.name}] ${author}:` : `[${room.name}]`;
  const encrypted = isEncrypted(roomCopy);
  const oob = encrypted ? [] : roomCopy.getChildren("x").filter((x) => x.attrs.xmlns === NS.oob);
  // An encrypted message's body is a fallback for clients that cannot decrypt it, and this copy
  // carries no key for anyone: it says where the message can be read instead.
  const text = encrypted
    ? "(an end-to-end encrypted message: join the room to read it)"
    : (mainBody(roomCopy) ?? oob.map((x) => x.getChildText("url") ?? "").join("\n"));
  // A line of its own for room and author when the text has several (a quote, a list): the text
  // keeps its shape.
  const body = text.includes("\n") ? `${lead}\n${text}` : `${lead} ${text}`;
  return xml(
    "message",
    { type: "normal", from: room.service, id },
    xml("body", {}, body),
    ...oob,
    ...(corrects ? [xml("replace", { xmlns: NS.correct, id: corrects })] : []),
    xml("store", { xmlns: NS.hints }),
  );
}

/** The body without a language, else the first (XEP-0045 rooms relay what the client sent). */
function mainBody(message: Element): string | undefined {
  const bodies = message.getChildren("body");
  const body = bodies.find((b) => !b.attrs["xml:lang"]) ?? bodies[0];
  return body?.getText();
}
