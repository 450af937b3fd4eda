// Generated rich stanzas for the topic privacy property (PROTOCOL §5), shared by the in-process
// spec (spec/stanza/topics/privacy.spec.ts) and the one on a real server: what the owner or a
// member sends, naming members only where the protocol gives them a place — a XEP-0461 reply and
// its quoted fallback, XEP-0372 mentions and the "@nick:" form opening the body, XEP-0033
// addresses, a XEP-0172 nick — with free text that names nobody. Ids that replies, corrections,
// retractions, reactions and markers name are drawn from those seen so far (`IdPool`).
import fc from "fast-check";
import type { Element } from "../../src/xmpp/xml.js";

export interface IdPool {
  ids: string[];
}

type TargetKind = "occupant" | "jid" | "owner" | "topic";

export interface PrivacyStep {
  /** "owner", or a member's nick. */
  sender: string;
  /** Where the owner sends. */
  to: "room" | "bare" | "private";
  /** How a member writes: the type their client gives the message, and to the bare topic JID or
   *  to an occupant JID of it (a client that took the topic for a room). */
  memberWrites?: { type: "chat" | "groupchat" | "normal" | "none"; to: "bare" | "occupant" };
  /** The member a private message goes to, and the one names are drawn from. */
  name: string;
  /** A XEP-0461 reply: whom and which id it names, and which words it quotes. */
  quote?: { target: TargetKind; idIndex: number; words: number };
  prefix?: { names: string[]; form: "text" | "mention-jid" | "mention-occupant" };
  addresses?: { type: "to" | "cc" | "bcc"; name: string }[];
  words: string;
  act?: { kind: "replace" | "retract" | "reactions" | "displayed" | "received"; idIndex: number };
  nick?: boolean;
  originId?: boolean;
  store?: boolean;
}

const WORDS = ["Court at seven", "see you there", "🏸 tonight?", "fine", "Tee off at eight"];

export function privacyStep(members: string[]): fc.Arbitrary<PrivacyStep> {
  const name = fc.constantFrom(...members);
  const names = fc.uniqueArray(name, { minLength: 1, maxLength: members.length });
  return fc.record(
    {
      sender: fc.constantFrom("owner", "owner", ...members),
      to: fc.constantFrom("room", "room", "bare", "private"),
      name,
      memberWrites: fc.record({
        type: fc.constantFrom("chat", "groupchat", "normal", "none"),
        to: fc.constantFrom("bare", "occupant"),
      }),
      quote: fc.record({
        target: fc.constantFrom("occupant", "jid", "owner", "topic"),
        idIndex: fc.nat(),
        words: fc.nat({ max: WORDS.length - 1 }),
      }),
      prefix: fc.record({ names, form: fc.constantFrom("text", "mention-jid", "mention-occupant") }),
      addresses: fc.array(fc.record({ type: fc.constantFrom("to", "cc", "bcc"), name }), {
        minLength: 1,
        maxLength: 3,
      }),
      words: fc.constantFrom(...WORDS),
      act: fc.record({
        kind: fc.constantFrom("replace", "retract", "reactions", "displayed", "received"),
        idIndex: fc.nat(),
      }),
      nick: fc.boolean(),
      originId: fc.boolean(),
      store: fc.boolean(),
    },
    { requiredKeys: ["sender", "to", "name", "words"] },
  );
}

export interface RenderContext {
  topic: string;
  /** The sender's full JID. */
  sender: string;
  ownerNick: string;
  /** The members' server domain: a member's JID is their nick at it. */
  domain: string;
  pool: IdPool;
}

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
let counter = 0;

/** The step as the XML its sender's client would send. */
export function renderStep(step: PrivacyStep, c: RenderContext): string {
  const jid = (nick: string) => `${nick}@${c.domain}`;
  const pick = (index: number) => (c.pool.ids.length ? c.pool.ids[index % c.pool.ids.length]! : "no-such-id");
  const owner = step.sender === "owner";
  const attrs = owner
    ? step.to === "room"
      ? { type: "groupchat", to: c.topic }
      : { type: "chat", to: step.to === "bare" ? c.topic : `${c.topic}/${step.name}` }
    : memberAttrs(step, c.topic);
  const extra: string[] = [];
  let body = "";
  if (step.quote) {
    const target = {
      occupant: `${c.topic}/${step.name}`,
      jid: jid(step.name),
      owner: `${c.topic}/${c.ownerNick}`,
      topic: c.topic,
    }[step.quote.target];
    // The quote names whom it answers: the member, or the owner for her own message.
    const author = { occupant: step.name, jid: jid(step.name), owner: c.ownerNick, topic: c.ownerNick }[
      step.quote.target
    ];
    const quoted = `> ${author}: ${WORDS[step.quote.words]}\n`;
    body += quoted;
    // XEP-0426: offsets in code points (the quoted words may hold an emoji).
    extra.push(
      `<reply xmlns="urn:xmpp:reply:0" to="${target}" id="${pick(step.quote.idIndex)}"/>`,
      `<fallback xmlns="urn:xmpp:fallback:0" for="urn:xmpp:reply:0"><body start="0" end="${[...quoted].length}"/></fallback>`,
    );
  }
  if (step.prefix) {
    const start = body.length;
    if (step.prefix.form === "text") body += `@${step.prefix.names.join(" @")}: `;
    else {
      let at = start;
      for (const [i, n] of step.prefix.names.entries()) {
        const uri = step.prefix.form === "mention-jid" ? jid(n) : `${c.topic}/${n}`;
        extra.push(
          `<reference xmlns="urn:xmpp:reference:0" type="mention" begin="${at}" end="${at + n.length}" uri="xmpp:${uri}"/>`,
        );
        body += n + (i < step.prefix.names.length - 1 ? " " : "");
        at += n.length + 1;
      }
      body += ": ";
    }
  }
  body += step.words;
  if (step.addresses) {
    const items = step.addresses.map((a) => `<address type="${a.type}" jid="${jid(a.name)}"/>`).join("");
    extra.push(`<addresses xmlns="http://jabber.org/protocol/address">${items}</addresses>`);
  }
  if (step.act) {
    const id = pick(step.act.idIndex);
    extra.push(
      {
        replace: `<replace xmlns="urn:xmpp:message-correct:0" id="${id}"/>`,
        retract: `<retract xmlns="urn:xmpp:message-retract:1" id="${id}"/>`,
        reactions: `<reactions xmlns="urn:xmpp:reactions:0" id="${id}"><reaction>👍</reaction></reactions>`,
        displayed: `<displayed xmlns="urn:xmpp:chat-markers:0" id="${id}"/>`,
        received: `<received xmlns="urn:xmpp:receipts" id="${id}"/>`,
      }[step.act.kind],
    );
  }
  if (step.nick) extra.push(`<nick xmlns="http://jabber.org/protocol/nick">${step.name}</nick>`);
  if (step.originId) extra.push(`<origin-id xmlns="urn:xmpp:sid:0" id="o${++counter}"/>`);
  if (step.store) extra.push(`<store xmlns="urn:xmpp:hints"/>`);
  const head = Object.entries({ ...attrs, from: c.sender, id: `m${++counter}` })
    .map(([k, v]) => `${k}="${v}"`)
    .join(" ");
  return `<message ${head}><body>${escape(body)}</body>${extra.join("")}</message>`;
}

/** A member's message: type and addressee as their client chose (no type attribute for "none"). */
function memberAttrs(step: PrivacyStep, topic: string): Record<string, string> {
  const writes = step.memberWrites ?? { type: "chat", to: "bare" };
  return {
    ...(writes.type === "none" ? {} : { type: writes.type }),
    to: writes.to === "bare" ? topic : `${topic}/${step.name}`,
  };
}

/** Everything a stanza says, each attribute and text on its own; `id` attributes (random, where
 * three letters may happen to spell a nick) only count if they hold a whole address. */
function said(el: Element): { text: string; isId: boolean }[] {
  const out = Object.entries(el.attrs)
    .filter((e): e is [string, string] => typeof e[1] === "string")
    .map(([name, text]) => ({ text, isId: name === "id" }));
  for (const child of el.children) {
    if (typeof child === "string") out.push({ text: child, isId: false });
    else out.push(...said(child));
  }
  return out;
}

/** What in `el` would tell `reader` of another member (their JID, occupant JID or nick), if anything. */
export function revealed(
  el: Element,
  reader: string,
  members: readonly string[],
  topic: string,
  domain: string,
): string | undefined {
  for (const other of members) {
    if (other === reader) continue;
    for (const { text, isId } of said(el)) {
      const lower = text.toLowerCase();
      const named =
        lower.includes(`${other}@${domain}`) ||
        lower.includes(`${topic}/${other}`) ||
        (!isId && lower.includes(other));
      if (named) return `${other} in ${JSON.stringify(text)}`;
    }
  }
  return undefined;
}
