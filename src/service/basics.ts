// What every Manifold service JID answers: XEP-0199 ping and XEP-0092 software version.
import { NS } from "../xmpp/ns.js";
import { xml, type Element } from "../xmpp/xml.js";

export function versionResult(version: string): Element {
  return xml("query", { xmlns: NS.version }, xml("name", {}, "Manifold"), xml("version", {}, version));
}
