// Stanzas as XML text while they are generated: strings are immutable, so fast-check can reuse and
// shrink them freely, and a counterexample prints as the stanza itself.
import { xml } from "../../../src/xmpp/xml.js";

export type Attrs = Record<string, string | undefined>;

/** One element as text; undefined attributes are left out, children are XML text already. */
export function el(name: string, attrs: Attrs = {}, ...children: (string | undefined)[]): string {
  const attributes = Object.entries(attrs)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([k, v]) => ` ${k}="${xml.escapeXML(v)}"`)
    .join("");
  const inner = children.filter((c) => c !== undefined).join("");
  return inner ? `<${name}${attributes}>${inner}</${name}>` : `<${name}${attributes}/>`;
}

/** Character data, escaped. */
export const text = (value: string) => xml.escapeXMLText(value);

/** An element holding only text. */
export const leaf = (name: string, value: string, attrs: Attrs = {}) => el(name, attrs, text(value));
