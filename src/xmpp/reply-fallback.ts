// XEP-0461 replies carry a quote of the message they answer in the body, marked by XEP-0428 as
// the reply's fallback; clients that show replies hide it. Whatever reads a reply's own words
// (a topic's copy that drops the quote, the addressing form after it, the mention test for absent
// members) finds the quote here.
//
// XEP-0426 counts offsets in Unicode code points (Dino, Gajim and Converse do); JavaScript strings
// count UTF-16 units, which differ after an emoji. Ranges are converted, and a client that counted
// UTF-16 units is recognised when only its reading ends the quote at a line break, as quotes end.
import { NS } from "./ns.js";
import type { Element } from "./xml.js";

/** A XEP-0428 fallback element that belongs to a XEP-0461 reply. */
export const isReplyFallback = (child: Element): boolean =>
  child.is("fallback", NS.fallback) && child.attrs.for === NS.reply;

/** The body's ranges marked as a reply's quote, in UTF-16 units, clamped to the body; a reply
 *  fallback without a range covers the whole body. */
export function quoteRanges(stanza: Element, body: string): [start: number, end: number][] {
  const fallbacks = stanza.getChildren("fallback", NS.fallback).filter(isReplyFallback);
  if (fallbacks.some((f) => !f.getChild("body"))) return body ? [[0, body.length]] : [];
  const ranges: [number, number][] = [];
  for (const range of fallbacks.flatMap((f) => f.getChildren("body"))) {
    const start = Number(range.attrs.start ?? 0);
    const end = range.attrs.end === undefined ? Infinity : Number(range.attrs.end);
    if (!Number.isInteger(start) || !(Number.isInteger(end) || end === Infinity) || start < 0 || end <= start)
      continue;
    ranges.push(inUtf16(body, start, end));
  }
  return ranges;
}

/** The body without the reply's quote. */
export function withoutQuote(stanza: Element, text: string): string {
  return quoteRanges(stanza, text)
    .sort((a, b) => b[0] - a[0])
    .reduce((rest, [start, end]) => rest.slice(0, start) + rest.slice(Math.min(end, rest.length)), text);
}

/** How much of the body the quote takes at its start (0 when it does not open the body). */
export function quoteLead(stanza: Element, body: string): number {
  let lead = 0;
  for (const [start, end] of quoteRanges(stanza, body)) if (start === 0 && end > lead) lead = end;
  return lead;
}

function inUtf16(body: string, start: number, end: number): [number, number] {
  const byPoints: [number, number] = [unitsOf(body, start), unitsOf(body, end)];
  const byUnits: [number, number] = [Math.min(start, body.length), Math.min(end, body.length)];
  if (byPoints[1] === byUnits[1] && byPoints[0] === byUnits[0]) return byPoints;
  const endsLine = (at: number) => at === body.length || body[at - 1] === "\n";
  const splitsPair = (at: number) => /[\uDC00-\uDFFF]/.test(body[at] ?? "");
  if (!endsLine(byPoints[1]) && endsLine(byUnits[1]) && !splitsPair(byUnits[0]) && !splitsPair(byUnits[1]))
    return byUnits;
  return byPoints;
}

/** The UTF-16 offset of code point `points` in `text` (its length when beyond). */
function unitsOf(text: string, points: number): number {
  let units = 0;
  for (let seen = 0; seen < points && units < text.length; seen++) {
    const code = text.codePointAt(units)!;
    units += code > 0xffff ? 2 : 1;
  }
  return units;
}
