// Who receives an owner's message (PROTOCOL §1 "send to all / some", §5 "reply and mention
// address"): pure, from a snapshot of the member occupants. A XEP-0033 list of `to` addresses,
// XEP-0372 mentions opening the body ("bob, carol: …", what Converse sends for "@bob @carol: …"),
// or a leading "@Bob @Carol:" in the body, picks a subset; any name that is not a member makes the
// whole send fail, so nothing goes out.
import { NS } from "../xmpp/ns.js";
import { bareOf, parseJid } from "../xmpp/jid.js";
import type { Element } from "../xmpp/xml.js";
import { quoteLead } from "../xmpp/reply-fallback.js";
import * as errors from "./errors.js";

export interface Recipient {
  nick: string;
  bareJid: string;
}

export interface Plan<R extends Recipient> {
  recipients: R[];
  /** Set when a subset was chosen (the reflection names it). */
  subset: boolean;
  /** The body members receive, when the text form's prefix was removed from it. */
  body?: string;
}

/** Leading "@name" tokens, separated by spaces or commas, ended by ":". */
const TEXT_SUBSET = /^\s*((?:@[^\s,:@][^\s,:]*(?:@[^\s,:]+)?[\s,]*)+):\s*/u;

export function planRecipients<R extends Recipient>(members: readonly R[], stanza: Element): Plan<R> {
  const { opening, rest } = addressing(stanza);
  const addresses = stanza.getChild("addresses", NS.address);
  if (addresses) {
    const named = addresses.getChildren("address");
    const wanted = named.filter((a) => (a.attrs.type ?? "to") === "to").map((a) => a.attrs.jid ?? "");
    if (!wanted.length && named.some((a) => a.attrs.type === "cc" || a.attrs.type === "bcc"))
      throw errors.recipientsOnlyCopied();
    if (wanted.length)
      return {
        recipients: resolve(members, wanted, byJid),
        subset: true,
        ...(rest !== undefined ? { body: rest } : {}),
      };
  }
  if (!opening) return { recipients: [...members], subset: false };
  const recipients =
    opening.kind === "mentions"
      ? resolve(members, opening.names, byMention, opening.shown)
      : resolve(members, opening.names, byNickOrJid);
  return { recipients, subset: true, body: rest! };
}

/**
 * The body members get: without the addressing form ("@Bob:", opening mentions), whoever the
 * message goes to, since the form names members; undefined when there is none.
 */
export function withoutAddressing(stanza: Element): string | undefined {
  return addressing(stanza).rest;
}

function addressing(stanza: Element): { opening?: Opening; rest?: string } {
  const body = stanza.getChildText("body");
  if (body === null) return {};
  // The addressing form opens what the owner typed, which comes after a reply's quote.
  const lead = quoteLead(stanza, body);
  const opening = openingOf(stanza, body, lead);
  return opening ? { opening, rest: body.slice(0, lead) + body.slice(opening.restAt) } : {};
}

interface Opening {
  kind: "mentions" | "text";
  /** Mention URIs, or the typed names. */
  names: string[];
  /** How each reads in the body, for errors. */
  shown: string[];
  /** Where the text after the form begins. */
  restAt: number;
}

/** The addressing form opening the body at `at`: XEP-0372 mentions, or "@Bob @Carol:". */
function openingOf(stanza: Element, body: string, at: number): Opening | undefined {
  const mentioned = openingMentions(stanza, body, at);
  if (mentioned)
    return { kind: "mentions", names: mentioned.uris, shown: mentioned.shown, restAt: mentioned.restAt };
  const match = TEXT_SUBSET.exec(body.slice(at));
  if (!match) return undefined;
  const names = match[1]!
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((t) => t.slice(1));
  return { kind: "text", names, shown: names, restAt: at + match[0].length };
}

/**
 * XEP-0372 mentions that open the body at `from`, each next to the last (spaces or commas
 * between), ended by ":" — the mentioned URIs, the text each covers, and where the body goes on
 * after the colon. Offsets count UTF-16 units, as the web clients that send them (Converse) do.
 */
function openingMentions(
  stanza: Element,
  body: string,
  from: number,
): { uris: string[]; shown: string[]; restAt: number } | undefined {
  const spans = stanza
    .getChildren("reference", NS.reference)
    .filter((r) => r.attrs.type === "mention" && r.attrs.uri)
    .map((r) => ({ begin: Number(r.attrs.begin), end: Number(r.attrs.end), uri: r.attrs.uri! }))
    .filter(
      (r) => Number.isInteger(r.begin) && Number.isInteger(r.end) && r.begin < r.end && r.end <= body.length,
    );
  const uris: string[] = [];
  const shown: string[] = [];
  let at = from + /^\s*/u.exec(body.slice(from))![0].length;
  for (;;) {
    const next = spans.find((r) => r.begin === at);
    if (!next) break;
    uris.push(next.uri);
    shown.push(body.slice(next.begin, next.end));
    at = next.end;
    const gap = /^[\s,]*/u.exec(body.slice(at))![0].length;
    if (!spans.some((r) => r.begin === at + gap)) break;
    at += gap;
  }
  const colon = uris.length ? /^\s*:\s*/u.exec(body.slice(at)) : null;
  return colon ? { uris, shown, restAt: at + colon[0].length } : undefined;
}

/** A mention's target: `xmpp:` and a member's bare JID, or the member's occupant JID (topic/Nick). */
function byMention<R extends Recipient>(members: readonly R[], uri: string): R | undefined {
  const jid = parseJid(uri.startsWith("xmpp:") ? uri.slice(5) : uri);
  if (!jid) return undefined;
  if (jid.resource) return byNickOrJid(members, jid.resource);
  return members.find((m) => m.bareJid === jid.bare);
}

function byJid<R extends Recipient>(members: readonly R[], name: string): R | undefined {
  const jid = bareOf(name);
  return jid ? members.find((m) => m.bareJid === jid) : undefined;
}

function byNickOrJid<R extends Recipient>(members: readonly R[], name: string): R | undefined {
  const folded = name.toLowerCase();
  return members.find((m) => m.nick.toLowerCase() === folded) ?? byJid(members, name);
}

function resolve<R extends Recipient>(
  members: readonly R[],
  names: string[],
  lookup: (members: readonly R[], name: string) => R | undefined,
  /** How each name reads in the message, for the error (a mention's text rather than its URI). */
  shown: readonly string[] = names,
): R[] {
  const found = new Set<R>();
  const unknown: string[] = [];
  names.forEach((name, i) => {
    const member = lookup(members, name);
    if (member) found.add(member);
    else unknown.push(shown[i] || "(empty)");
  });
  if (unknown.length) {
    throw errors.notMembers(unknown);
  }
  return [...found];
}
