// What must hold of Manifold's answer to any one stanza, whatever it was (RFC 6120 §8):
// - an IQ request gets exactly one reply: same id, from and to swapped, type result or error;
//   anything else (IQ results and errors, undeliverable stanzas) gets no IQ reply at all;
// - nothing answers a stanza of type error with an error;
// - every error names one defined condition of urn:ietf:params:xml:ns:xmpp-stanzas, a valid type
//   and a human <text>; internal-server-error means a handler failed and is reported as such;
// - everything sent comes from one of Manifold's domains (service, room or occupant), has a `to`
//   that is a JID, only characters XML allows, and fits the server's stanza limit.
import { parseJid } from "../../../src/xmpp/jid.js";
import type { Element } from "../../../src/xmpp/xml.js";
import { MANIFOLD_DOMAINS } from "./cast.js";
import { isXmlChar } from "./strings.js";
import { STANZA_CONDITIONS } from "../../helpers/namespace-table.js";

const STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";
/** RFC 6120 §8.3.3. */
const CONDITIONS = new Set(STANZA_CONDITIONS);
const ERROR_TYPES = new Set(["auth", "cancel", "continue", "modify", "wait"]);
/** Prosody's limit on a component stream's stanzas (DESIGN: 512 KiB); larger ones kill the stream. */
export const MAX_STANZA_BYTES = 512 * 1024;

export const INTERNAL_ERROR = "internal-server-error";

const isAnswer = (el: Element) =>
  el.name === "iq" && (el.attrs.type === "result" || el.attrs.type === "error");

/** Problems with what Manifold sent in answer to `sent` (its whole output for that stanza). */
export function answerProblems(sent: Element, out: Element[]): string[] {
  const problems: string[] = [];
  const request = sent.name === "iq" && !isAnswer(sent);
  const deliverable = parseJid(sent.attrs.to) !== undefined;
  const answers = out.filter(isAnswer);
  if (request && deliverable) {
    if (answers.length !== 1) problems.push(`IQ request got ${answers.length} replies`);
    const [reply] = answers;
    if (
      reply &&
      (reply.attrs.id !== sent.attrs.id ||
        reply.attrs.from !== sent.attrs.to ||
        reply.attrs.to !== sent.attrs.from)
    )
      problems.push(`IQ reply does not match the request (id, from, to): ${reply.toString()}`);
  } else if (answers.length) {
    problems.push(`IQ replies to a stanza that is not a deliverable IQ request: ${answers.join(" ")}`);
  }
  if (sent.attrs.type === "error" && out.some((el) => el.attrs.type === "error"))
    problems.push("an error was answered with an error");
  for (const el of out) problems.push(...errorProblems(el), ...shapeProblems(el, sent));
  return problems;
}

/** An error stanza's <error/>: one defined condition, a type, a text (RFC 6120 §8.2, §8.3). */
export function errorProblems(el: Element): string[] {
  if (el.attrs.type !== "error") return [];
  const error = el.getChild("error");
  if (!error) return [`error stanza without <error/>: ${el.toString()}`];
  const conditions = error.getChildElements().filter((c) => c.attrs.xmlns === STANZAS && c.name !== "text");
  const condition = conditions[0]?.name;
  if (condition === INTERNAL_ERROR) return [`${INTERNAL_ERROR}: ${el.toString()}`];
  const problems: string[] = [];
  if (conditions.length !== 1 || !CONDITIONS.has(condition!))
    problems.push(`error without exactly one defined condition: ${el.toString()}`);
  if (!ERROR_TYPES.has(error.attrs.type ?? "")) problems.push(`error without a valid type: ${el.toString()}`);
  if (!error.getChildText("text", STANZAS)?.trim()) problems.push(`error without a <text>: ${el.toString()}`);
  return problems;
}

/** Addresses, characters and size of one stanza Manifold sent (in answer to `cause`, if any). */
export function shapeProblems(el: Element, cause?: Element): string[] {
  const problems: string[] = [];
  const from = parseJid(el.attrs.from);
  if (!from || !MANIFOLD_DOMAINS.includes(from.domain))
    problems.push(`sent from "${el.attrs.from ?? ""}", not one of Manifold's addresses: ${brief(el)}`);
  // Answering the very address a stanza came from is not Manifold's doing, even if it is invalid.
  if (!parseJid(el.attrs.to) && !(cause && el.attrs.to === cause.attrs.from))
    problems.push(`sent to "${el.attrs.to ?? ""}", not a JID: ${brief(el)}`);
  const text = el.toString();
  if (Buffer.byteLength(text) > MAX_STANZA_BYTES)
    problems.push(
      `a ${Buffer.byteLength(text)}-byte stanza, over the server's ${MAX_STANZA_BYTES}: ${brief(el)}`,
    );
  if (!allXmlChars(text)) problems.push(`characters XML does not allow: ${brief(el)}`);
  return problems;
}

/** Code units, so that a lone surrogate (half a character) counts as not allowed. */
function allXmlChars(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    } else if (!isXmlChar(unit) || (unit >= 0xdc00 && unit <= 0xdfff)) return false;
  }
  return true;
}

/** A stanza shortened for messages. */
export function brief(el: Element | string, max = 600): string {
  const text = el.toString();
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}
