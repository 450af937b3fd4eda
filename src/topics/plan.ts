// Who receives an owner's message (PROTOCOL §1 "send to all / some"): pure, from a snapshot of the
// member occupants. A XEP-0033 list of `to` addresses, or a leading "@Bob @Carol:" in the body,
// picks a subset; any name that is not a member makes the whole send fail, so nothing goes out.
import { NS } from "../xmpp/ns.js";
import { bareOf } from "../xmpp/jid.js";
import type { Element } from "../xmpp/xml.js";
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
  const addresses = stanza.getChild("addresses", NS.address);
  if (addresses) {
    const wanted = addresses
      .getChildren("address")
      .filter((a) => (a.attrs.type ?? "to") === "to")
      .map((a) => a.attrs.jid ?? "");
    if (wanted.length) return { recipients: resolve(members, wanted, byJid), subset: true };
  }
  const body = stanza.getChildText("body");
  const match = body !== null ? TEXT_SUBSET.exec(body) : null;
  if (body !== null && match) {
    const names = match[1]!
      .split(/[\s,]+/)
      .filter(Boolean)
      .map((t) => t.slice(1));
    return {
      recipients: resolve(members, names, byNickOrJid),
      subset: true,
      body: body.slice(match[0].length),
    };
  }
  return { recipients: [...members], subset: false };
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
): R[] {
  const found = new Set<R>();
  const unknown: string[] = [];
  for (const name of names) {
    const member = lookup(members, name);
    if (member) found.add(member);
    else unknown.push(name || "(empty)");
  }
  if (unknown.length) {
    throw errors.notMembers(unknown);
  }
  return [...found];
}
