// Unique ids for stanzas and archive entries (XEP-0359 stanza-id): random, URL-safe, unguessable.
import { randomBytes } from "node:crypto";

export interface Ids {
  next(): string;
}

/** Ids drawn from a pool of random bytes refilled 256 ids at a time: one getrandom call per
 *  refill rather than one per id (a fan-out asks for several ids per message). */
const ID_BYTES = 12;
const POOL_IDS = 256;
let pool = Buffer.alloc(0);
let offset = 0;

export const randomIds: Ids = {
  next: () => {
    if (offset >= pool.length) {
      pool = randomBytes(ID_BYTES * POOL_IDS);
      offset = 0;
    }
    offset += ID_BYTES;
    return pool.toString("base64url", offset - ID_BYTES, offset);
  },
};

/** Sequential ids for specs: predictable output to compare against. */
export function sequentialIds(prefix = "id"): Ids {
  let n = 0;
  return { next: () => `${prefix}${++n}` };
}
