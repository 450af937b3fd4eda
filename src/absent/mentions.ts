// Does a room message mention a member who is not in the room? As clients decide whom to alert:
// a XEP-0372 mention naming them, a XEP-0461 reply to them, or a name of theirs in the text as a
// word of its own, outside a reply's quote (what Conversations, Gajim and Dino highlight). Pure.
import { NS } from "../xmpp/ns.js";
import { withoutQuote } from "../xmpp/reply-fallback.js";
import type { Element } from "../xmpp/xml.js";

/** Whom to look for: the member's bare JID and the nicks the room knows them by. */
export interface Mentionable {
  jid: string;
  nicks: readonly string[];
}

export function mentions(message: Element, room: string, member: Mentionable): boolean {
  const addresses = new Set([member.jid, ...member.nicks.map((nick) => `${room}/${nick}`)]);
  for (const child of message.getChildElements()) {
    if (child.is("reference", NS.reference) && child.attrs.type === "mention") {
      const uri = child.attrs.uri ?? "";
      if (uri.startsWith("xmpp:") && addresses.has(decoded(uri.slice(5)))) return true;
    }
    if (child.is("reply", NS.reply) && addresses.has(child.attrs.to ?? "")) return true;
  }
  // A reply's quote is not the author's words: a name that is only in it mentions nobody.
  const body = message.getChildText("body");
  const words = body ? withoutQuote(message, body) : "";
  return !!words && member.nicks.some((nick) => hasWord(words, nick));
}

const WORD_CHAR = /[\p{L}\p{N}_]/u;

/** `name` in `text`, case aside, not inside a longer word ("Ann," yes; "Annabel" no). */
export function hasWord(text: string, name: string): boolean {
  if (!name.trim()) return false;
  const haystack = text.toLocaleLowerCase();
  const needle = name.toLocaleLowerCase();
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) {
    const before = haystack[at - 1];
    const after = haystack[at + needle.length];
    if ((before === undefined || !WORD_CHAR.test(before)) && (after === undefined || !WORD_CHAR.test(after)))
      return true;
  }
  return false;
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
