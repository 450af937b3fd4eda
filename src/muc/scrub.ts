// PROTOCOL §5 "nothing reveals anybody", in rooms: where some occupants are shown to others as
// someone else (a group's members shown as the group, groups/views.ts), the rendering of a message
// for those others must not name them either. A XEP-0461 reply or a XEP-0372 mention of a hidden
// occupant names whoever stands in for them; their room nick and real JID in the body become the
// stand-in's nick, and the body offsets of references and XEP-0428 fallbacks follow the new text.
// Pure: the message is copied, never changed.
import { NS } from "../xmpp/ns.js";
import { xml, type Element } from "../xmpp/xml.js";

/** An occupant the rendering's readers must not learn of, and the nick they see instead. */
export interface Hidden {
  nick: string;
  bareJid: string;
  shownAs: string;
}

export function scrubbed(message: Element, room: string, hidden: readonly Hidden[]): Element {
  if (!hidden.length) return message;
  const standIn = new Map<string, string>();
  for (const h of hidden) {
    standIn.set(`${room}/${h.nick}`, `${room}/${h.shownAs}`);
    standIn.set(h.bareJid, `${room}/${h.shownAs}`);
  }
  const address = (jid: string | undefined) => (jid === undefined ? undefined : standIn.get(jid));
  const needles = hidden
    .flatMap((h) => [
      [`${room}/${h.nick}`, `${room}/${h.shownAs}`],
      [h.nick, h.shownAs],
      [h.bareJid, h.shownAs],
    ])
    .sort((a, b) => b[0]!.length - a[0]!.length) as [string, string][];
  const mainBody = message.getChildren("body").find((b) => !b.attrs["xml:lang"]) ?? message.getChild("body");
  const edit = mainBody ? rewrite(mainBody.getText(), needles) : undefined;
  const shift = (offset: string | undefined, end: boolean) =>
    offset === undefined || !edit || !/^\d+$/.test(offset) ? offset : String(edit.map(Number(offset), end));

  const children = message.getChildElements().map((child) => {
    if (child.name === "body" && !child.attrs.xmlns)
      return xml("body", { ...child.attrs }, rewrite(child.getText(), needles).text);
    if (child.is("reply", NS.reply)) {
      const to = address(child.attrs.to);
      return to ? xml("reply", { ...child.attrs, to }, ...child.children) : child;
    }
    if (child.is("reference", NS.reference)) {
      const uri = child.attrs.uri?.startsWith("xmpp:")
        ? address(decoded(child.attrs.uri.slice(5)))
        : undefined;
      const attrs: Record<string, string | undefined> = {
        ...child.attrs,
        begin: shift(child.attrs.begin, false),
        end: shift(child.attrs.end, true),
      };
      if (uri) attrs.uri = `xmpp:${uri}`;
      return xml("reference", withoutUndefined(attrs), ...child.children);
    }
    if (child.is("fallback", NS.fallback)) {
      const ranges = child.getChildElements().map((range) =>
        range.name === "body"
          ? xml(
              "body",
              withoutUndefined({
                ...range.attrs,
                start: shift(range.attrs.start, false),
                end: shift(range.attrs.end, true),
              }),
            )
          : range,
      );
      return xml("fallback", { ...child.attrs }, ...ranges);
    }
    return child;
  });
  return xml(message.name, { ...message.attrs }, ...children);
}

/** A URI's JID part, percent-decoding as XEP-0147 URIs are written; a malformed one is taken as is. */
function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function withoutUndefined(attrs: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(attrs).filter((e): e is [string, string] => e[1] !== undefined));
}

interface Rewritten {
  text: string;
  /** Where an offset into the old text lands in the new one (offsets count UTF-16 units). */
  map(offset: number, end: boolean): number;
}

/** Replaces every occurrence of each needle (longest first at each place) by its replacement. */
function rewrite(text: string, needles: readonly [string, string][]): Rewritten {
  const edits: { at: number; length: number; by: string }[] = [];
  let out = "";
  for (let i = 0; i < text.length;) {
    const hit = needles.find(([needle]) => needle && text.startsWith(needle, i));
    if (!hit) {
      out += text[i];
      i++;
      continue;
    }
    edits.push({ at: i, length: hit[0].length, by: hit[1] });
    out += hit[1];
    i += hit[0].length;
  }
  return {
    text: out,
    map(offset, end) {
      let moved = offset;
      for (const e of edits) {
        if (offset >= e.at + e.length) moved += e.by.length - e.length;
        // An offset inside a replaced name moves to that name's start, or its new end.
        else if (offset > e.at) return moved - (offset - e.at) + (end ? e.by.length : 0);
      }
      return moved;
    },
  };
}
