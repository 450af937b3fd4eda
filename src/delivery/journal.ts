// The fan-out journal (sublevels `fanout` and `fanoutMark`; layout in store/db.ts): every accepted
// topic message's copies, written durably before the owner is told the message was sent, and how far
// delivery has been confirmed by the server. A restarted or reconnected Manifold resumes from there,
// so a crash can duplicate copies (same stanza id) but never lose one that was acknowledged.
//
// The confirmed mark lives in a small record of its own: a fan-out of 1000 is confirmed in steps
// of delivery.confirmEvery copies, and rewriting the whole entry (tens of kB) at each step cost more
// CPU than sending the copies (measured, issue 18).
//
// Writes are group-committed: entries added while a synced write is on its way to disk go together
// in the next one, so a burst of messages costs one sync per batch rather than one per message,
// and a lone message waits for one sync only.
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
  /** Copies confirmed when the entry was written (0; later marks are in `fanoutMark`). */
  done: number;
}

/** How many of an entry's copies the server has confirmed, counted over its parts in order. */
export interface FanoutMark {
  v: 1;
  done: number;
}

export interface FanoutEntry extends FanoutRecord {
  /** Journal key: increasing in order of acceptance. */
  key: string;
  /** In memory only: resolves once the entry is on disk (its later writes must follow it). */
  durable?: Promise<void>;
  /** In memory only: the entry's last mark or removal, which the next one follows. */
  writing?: Promise<void>;
  /** In memory only: copies written so far in this run (resent copies below it are repeats). */
  sent?: number;
  /** In memory only: copies the server answered for on connection `generation`, whose mark
   * (`done`) moves only once delivery.serverSyncMs have passed; not resent meanwhile. */
  answered?: { upTo: number; generation: number };
}

export const copiesIn = (record: FanoutRecord): number =>
  record.parts.reduce((sum, part) => sum + part.to.length, 0);

interface Waiting {
  entry: FanoutEntry;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class FanoutJournal {
  private readonly entries: Sub<FanoutRecord>;
  private readonly marks: Sub<FanoutMark>;
  private lastSerial = 0;
  /** Entries waiting for the next synced batch, and the batch on its way (if any). */
  private waiting: Waiting[] = [];
  private committing: Promise<void> | undefined;

  constructor(private readonly db: Database) {
    this.entries = db.sub("fanout");
    this.marks = db.sub("fanoutMark");
  }

  /** Records an accepted message: the entry at once (its copies may leave now), and `durable`,
   *  which resolves once it is on disk (only then may the owner be told it was sent). */
  add(record: Omit<FanoutRecord, "v" | "done">): FanoutEntry & { durable: Promise<void> } {
    const serial = Math.max(record.at * 1000, this.lastSerial + 1);
    this.lastSerial = serial;
    const entry: FanoutEntry = { v: 1, ...record, done: 0, key: String(serial).padStart(20, "0") };
    entry.durable = new Promise<void>((resolve, reject) => this.waiting.push({ entry, resolve, reject }));
    this.committing ??= this.commit();
    return entry as FanoutEntry & { durable: Promise<void> };
  }

  /** Moves the confirmed mark. Not synced: losing it in a crash only repeats copies. */
  progress(entry: FanoutEntry): Promise<void> {
    const done = entry.done;
    return this.inTurn(entry, () => this.marks.put(entry.key, { v: 1, done }));
  }

  remove(entry: FanoutEntry): Promise<void> {
    return this.inTurn(entry, () =>
      this.db.level.batch([
        { type: "del", sublevel: this.entries, key: entry.key },
        { type: "del", sublevel: this.marks, key: entry.key },
      ] as never),
    );
  }

  /** Runs an entry's writes one after another, the first after its own batch: LevelDB's threads
   * could otherwise apply a mark after the removal issued later, or before the entry exists. */
  private inTurn(entry: FanoutEntry, write: () => Promise<void>): Promise<void> {
    const previous = entry.writing ?? entry.durable ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(write);
    entry.writing = next;
    return next;
  }

  /** Writes what waits as one synced batch, again while more arrived meanwhile. */
  private async commit(): Promise<void> {
    while (this.waiting.length) {
      const batch = this.waiting.splice(0);
      const ops = batch.map(({ entry }) => ({
        type: "put" as const,
        sublevel: this.entries,
        key: entry.key,
        value: recordOf(entry),
      }));
      try {
        await this.db.level.batch(ops as never, DURABLE);
        for (const w of batch) w.resolve();
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
    this.committing = undefined;
  }

  /** Unfinished entries of one domain, oldest first. */
  async pending(domain: string): Promise<FanoutEntry[]> {
    const found: FanoutEntry[] = [];
    for await (const [key, value] of this.entries.iterator()) {
      this.lastSerial = Math.max(this.lastSerial, Number(key));
      if (value.domain === domain) found.push({ ...value, key });
    }
    const marks = new Map<string, number>();
    for await (const [key, mark] of this.marks.iterator()) marks.set(key, mark.done);
    // Stores written before the mark had its own record kept it in the entry.
    for (const entry of found) entry.done = Math.max(entry.done, marks.get(entry.key) ?? 0);
    return found;
  }
}

function recordOf(entry: FanoutEntry): FanoutRecord {
  const { domain, room, id, at, parts } = entry;
  return { v: 1, domain, room, id, at, parts, done: 0 };
}
