// XEP-0461 replies carry a quote of the message they answer in the body, marked by XEP-0428 as
// the reply's fallback; clients that show replies hide it. Whatever reads a reply's own words
// (a topic's copy that drops the quote, the mention test for absent members) cuts it out here.
import { NS } from "./ns.js";
import type { Element } from "./xml.js";

/** A XEP-0428 fallback element that belongs to a XEP-0461 reply. */
export const isReplyFallback = (child: Element): boolean =>
  child.is("fallback", NS.fallback) && child.attrs.for === NS.reply;

/** The body without the ranges marked as a reply's fallback (the quote), offsets in UTF-16 units;
 *  a reply fallback without a range covers the whole body. */
export function withoutQuote(stanza: Element, text: string): string {
  const fallbacks = stanza.getChildren("fallback", NS.fallback).filter(isReplyFallback);
  if (fallbacks.some((f) => !f.getChild("body"))) return "";
  return fallbacks
    .flatMap((f) => f.getChildren("body"))
    .map((b) => [Number(b.attrs.start ?? 0), Number(b.attrs.end ?? text.length)] as const)
    .filter(([start, end]) => Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end > start)
    .sort((a, b) => b[0] - a[0])
    .reduce((rest, [start, end]) => rest.slice(0, start) + rest.slice(Math.min(end, rest.length)), text);
}
