// The fan-out journal (sublevel `fanout`; layout in store/db.ts): every accepted topic message's
// copies, written durably before the owner is told the message was sent, with how far delivery has
// been confirmed by the server. A restarted or reconnected Manifold resumes from there, so a crash
// can duplicate copies (same stanza id) but never lose one.
import { DURABLE, type Database, type Sub } from "../store/db.js";

/** Copies that share one serialised form: head + escaped address + tail, for each address. */
export interface FanoutPart {
  head: string;
  tail: string;
  to: string[];
}

export interface FanoutRecord {
  v: 1;
  /** The component domain whose connection sends the copies. */
  domain: string;
  /** The topic (room) the message went to, for logs. */
  room: string;
  /** The message's stanza-id: every copy, first or repeated, carries it. */
  id: string;
  at: number;
  parts: FanoutPart[];
  /** Copies the server has confirmed, counted over the parts in order. */
  done: number;
}

export interface FanoutEntry extends FanoutRecord {
  /** Journal key: increasing in order of acceptance. */
  key: string;
  /** In memory only: copies written so far in this run (resent copies below it are repeats). */
  sent?: number;
  /** In memory only: copies the server answered for on connection `generation`, whose mark
   * (`done`) moves only once delivery.serverSyncMs have passed; not resent meanwhile. */
  answered?: { upTo: number; generation: number };
}

export const copiesIn = (record: FanoutRecord): number =>
  record.parts.reduce((sum, part) => sum + part.to.length, 0);

export class FanoutJournal {
  private readonly entries: Sub<FanoutRecord>;
  private lastSerial = 0;

  constructor(db: Database) {
    this.entries = db.sub("fanout");
  }

  /** Records an accepted message; resolves once it is on disk. */
  async add(record: Omit<FanoutRecord, "v" | "done">): Promise<FanoutEntry> {
    const serial = Math.max(record.at * 1000, this.lastSerial + 1);
    this.lastSerial = serial;
    const entry: FanoutEntry = { v: 1, ...record, done: 0, key: String(serial).padStart(20, "0") };
    await this.entries.put(entry.key, recordOf(entry), DURABLE);
    return entry;
  }

  /** Moves the confirmed mark. Not synced: losing it in a crash only repeats copies. */
  async progress(entry: FanoutEntry): Promise<void> {
    await this.entries.put(entry.key, recordOf(entry));
  }

  async remove(entry: FanoutEntry): Promise<void> {
    await this.entries.del(entry.key);
  }

  /** Unfinished entries of one domain, oldest first. */
  async pending(domain: string): Promise<FanoutEntry[]> {
    const found: FanoutEntry[] = [];
    for await (const [key, value] of this.entries.iterator()) {
      this.lastSerial = Math.max(this.lastSerial, Number(key));
      if (value.domain === domain) found.push({ ...value, key });
    }
    return found;
  }
}

function recordOf(entry: FanoutEntry): FanoutRecord {
  const { domain, room, id, at, parts, done } = entry;
  return { v: 1, domain, room, id, at, parts, done };
}
