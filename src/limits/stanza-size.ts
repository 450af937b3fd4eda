// A cheap, bounded size estimate of a parsed stanza (issue 7 §5): the bytes of its names,
// attributes and text as they would be serialised, escapes included (a text of `&` takes five
// times its length once written: the copies Manifold sends must stay within the server's limit),
// counted only until the limit is passed, so a huge stanza costs no more to refuse than one just
// at the limit.
import type { Element } from "../xmpp/xml.js";

type Node = Element | string;

/** Whether `stanza` would take more than `max` bytes; stops counting once it does. */
export function largerThan(stanza: Element, max: number): boolean {
  let left = max;
  const pending: Node[] = [stanza];
  while (pending.length) {
    const node = pending.pop()!;
    if (typeof node === "string") {
      left -= textBytes(node, left, TEXT_ESCAPES);
      if (left < 0) return true;
      continue;
    }
    const children: Node[] = node.children;
    // "<name" + "/>", or "<name" + ">" + "</name>"
    left -= children.length ? 2 * node.name.length + 5 : node.name.length + 3;
    for (const key in node.attrs) {
      const value = node.attrs[key];
      if (value === undefined || value === null) continue; // ltx writes no such attribute
      // ' key="value"'
      left -= key.length + 4 + textBytes(String(value), left, ATTRIBUTE_ESCAPES);
      if (left < 0) return true;
    }
    if (left < 0) return true;
    // Every child element takes at least 4 bytes ("<a/>") and ltx keeps no empty text, so more
    // pending nodes than bytes left is already too much.
    for (let i = children.length - 1; i >= 0; i--) {
      pending.push(children[i]!);
      if (pending.length > left) return true;
    }
  }
  return false;
}

/** What ltx writes for a text (& < >) and an attribute value (also " and '), as a pattern. */
const TEXT_ESCAPES = /[&<>]/g;
const ATTRIBUTE_ESCAPES = /[&<>"']/g;
/** Bytes an escape adds to the one it replaces: &amp; 4, &lt; &gt; 3, &quot; &apos; 5. */
const EXTRA: Record<string, number> = { "&": 4, "<": 3, ">": 3, '"': 5, "'": 5 };

/** UTF-8 bytes of `text` as written, or any number above `left` once it is clear that it exceeds it. */
function textBytes(text: string, left: number, escapes: RegExp): number {
  // A UTF-16 code unit is at least one UTF-8 byte: no need to measure a text longer than what is left.
  if (text.length > left) return text.length;
  let bytes = Buffer.byteLength(text, "utf8");
  for (const [char] of text.matchAll(escapes)) {
    bytes += EXTRA[char]!;
    if (bytes > left) return bytes;
  }
  return bytes;
}
