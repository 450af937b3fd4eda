// Builders for the corpus of valid stanzas (corpus-groups.ts, corpus-topics.ts): each stanza gets
// its own id, so answers are told apart.
import { el, leaf } from "./xml-text.js";
import { NS } from "./payloads-iq.js";

export interface CorpusEntry {
  route: string;
  xml: string;
  /** result: an IQ answered with a result; quiet: no error at all; refused: an error by design. */
  expect: "result" | "quiet" | "refused";
}

let ids = 0;
const id = () => `c-${++ids}`;
export const MUC = "http://jabber.org/protocol/muc";
export const MUC_USER = `${MUC}#user`;
const DATA = "jabber:x:data";

export const iq = (type: string, from: string, to: string, payload: string) =>
  el("iq", { type, from, to, id: id() }, payload);
export const message = (type: string | undefined, from: string, to: string, ...children: string[]) =>
  el("message", { type, from, to, id: id() }, ...children);
export const presence = (type: string | undefined, from: string, to: string, ...children: string[]) =>
  el("presence", { type, from, to, id: id() }, ...children);

export const form = (formType: string | undefined, fields: Record<string, string | string[]>) =>
  el(
    "x",
    { xmlns: DATA, type: "submit" },
    formType ? el("field", { var: "FORM_TYPE" }, leaf("value", formType)) : undefined,
    ...Object.entries(fields).map(([v, value]) =>
      el("field", { var: v }, ...(Array.isArray(value) ? value : [value]).map((x) => leaf("value", x))),
    ),
  );
export const command = (node: string, fields?: Record<string, string | string[]>) =>
  el(
    "command",
    { xmlns: NS.commands, node, action: "execute", sessionid: fields ? "s1" : undefined },
    fields ? form(undefined, fields) : undefined,
  );
export const query = (xmlns: string, ...children: string[]) => el("query", { xmlns }, ...children);
export const body = (text: string) => leaf("body", text);
