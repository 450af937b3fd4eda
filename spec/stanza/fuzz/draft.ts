// A stanza before its sender, id and decorations are chosen: the kind, the type and addressee its
// payload naturally goes with, and the payload itself (XML text).
import fc from "fast-check";

export type Kind = "iq" | "message" | "presence";

export interface Draft {
  kind: Kind;
  /** undefined: no type attribute. */
  type: string | undefined;
  to: string;
  children: string[];
  /** What the draft is, for counting coverage ("iq muc#admin", "message invite"…). */
  family: string;
}

export const IQ_TYPES = ["get", "set", "result", "error"] as const;
export const MESSAGE_TYPES = ["chat", "groupchat", "normal", "headline", "error"] as const;
export const PRESENCE_TYPES = [
  "unavailable",
  "subscribe",
  "subscribed",
  "unsubscribe",
  "unsubscribed",
  "probe",
  "error",
] as const;

/** Any type for a kind, including none and nonsense. */
export function anyType(kind: Kind): fc.Arbitrary<string | undefined> {
  const known = kind === "iq" ? IQ_TYPES : kind === "message" ? MESSAGE_TYPES : PRESENCE_TYPES;
  return fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...known) },
    { weight: 2, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom("", "GET", "bogus", "available") },
  );
}

/** Builds a family of drafts: `parts` gives type, addressee and payload children. */
export function family(
  name: string,
  kind: Kind,
  parts: fc.Arbitrary<{ type: string | undefined; to: string; children: (string | undefined)[] }>,
): fc.Arbitrary<Draft> {
  return parts.map(({ type, to, children }) => ({
    kind,
    type,
    to,
    children: children.filter((c): c is string => c !== undefined),
    family: `${kind} ${name}`,
  }));
}
