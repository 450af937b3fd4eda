// Typed stanza errors (RFC 6120 §8.3). Handlers throw StanzaError; the router maps it to XMPP once.
import { xml, type Element } from "./xml.js";
import { NS } from "./ns.js";

export type ErrorCondition =
  | "bad-request"
  | "conflict"
  | "feature-not-implemented"
  | "forbidden"
  | "gone"
  | "internal-server-error"
  | "item-not-found"
  | "jid-malformed"
  | "not-acceptable"
  | "not-allowed"
  | "not-authorized"
  | "policy-violation"
  | "recipient-unavailable"
  | "registration-required"
  | "remote-server-not-found"
  | "resource-constraint"
  | "service-unavailable"
  | "subscription-required"
  | "undefined-condition"
  | "unexpected-request";

export type ErrorType = "auth" | "cancel" | "continue" | "modify" | "wait";

/** Default error types per condition (RFC 6120 §8.3.3). */
const DEFAULT_TYPE: Record<ErrorCondition, ErrorType> = {
  "bad-request": "modify",
  conflict: "cancel",
  "feature-not-implemented": "cancel",
  forbidden: "auth",
  gone: "cancel",
  "internal-server-error": "cancel",
  "item-not-found": "cancel",
  "jid-malformed": "modify",
  "not-acceptable": "modify",
  "not-allowed": "cancel",
  "not-authorized": "auth",
  "policy-violation": "modify",
  "recipient-unavailable": "wait",
  "registration-required": "auth",
  "remote-server-not-found": "cancel",
  "resource-constraint": "wait",
  "service-unavailable": "cancel",
  "subscription-required": "auth",
  "undefined-condition": "cancel",
  "unexpected-request": "wait",
};

export class StanzaError extends Error {
  readonly condition: ErrorCondition;
  readonly type: ErrorType;
  readonly text: string | undefined;
  /** Extra children of <error/>, e.g. an application-specific condition. */
  readonly extra: Element[];

  constructor(
    condition: ErrorCondition,
    text?: string,
    options: { type?: ErrorType; extra?: Element[] } = {},
  ) {
    super(text ? `${condition}: ${text}` : condition);
    this.name = "StanzaError";
    this.condition = condition;
    this.type = options.type ?? DEFAULT_TYPE[condition];
    this.text = text;
    this.extra = options.extra ?? [];
  }

  /** The <error/> element; `by` names the entity that raised it (RFC 6120 §8.2). */
  toElement(by?: string): Element {
    return xml(
      "error",
      { type: this.type, by },
      xml(this.condition, { xmlns: NS.stanzas }),
      this.text ? xml("text", { xmlns: NS.stanzas, "xml:lang": "en" }, this.text) : null,
      ...this.extra,
    );
  }
}

/** The condition of an incoming error stanza, if any. */
export function errorConditionOf(stanza: Element): string | undefined {
  const error = stanza.getChild("error");
  return error?.getChildElements().find((c) => c.attrs.xmlns === NS.stanzas && c.name !== "text")?.name;
}
