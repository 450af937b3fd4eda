// The one import point for XML: the element factory and class that @xmpp/component itself uses
// (a second copy of ltx's Element class would make instanceof checks inside xmpp.js fail).
import xmppComponent from "@xmpp/component";
import * as ltx from "ltx";

export type { Element } from "ltx";
export const xml = xmppComponent.xml;

/** Parses one serialized element (e.g. from the archive) into the same Element class. */
export function parseXml(text: string): ltx.Element {
  return ltx.parse(text, { Element: xml.Element });
}
