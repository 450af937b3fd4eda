// Unique ids for stanzas and archive entries (XEP-0359 stanza-id): random, URL-safe, unguessable.
import { randomBytes } from "node:crypto";

export interface Ids {
  next(): string;
}

export const randomIds: Ids = { next: () => randomBytes(12).toString("base64url") };

/** Sequential ids for specs: predictable output to compare against. */
export function sequentialIds(prefix = "id"): Ids {
  let n = 0;
  return { next: () => `${prefix}${++n}` };
}
