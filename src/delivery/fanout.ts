// Sends journaled fan-outs (journal.ts) and confirms them with the server. Copies go out in chunks,
// each followed by a XEP-0199 ping to the server: the server handles a component's stanzas in
// order, so its answer means every copy before it was routed, and the journal's mark moves there.
// If the connection drops (or a ping goes unanswered) the pass stops; once online again it starts
// over from the confirmed marks. Entries are written strictly in order of acceptance, so each
// member gets a topic's messages in the order the owner sent them, repeats included.
import type { Log } from "../core/log.js";
import type { Ids } from "../core/ids.js";
import type { Metrics } from "../metrics/metrics.js";
import type { Link } from "../xmpp/link.js";
import { NS } from "../xmpp/ns.js";
import { xml } from "../xmpp/xml.js";
import type { Expansion } from "./expansion.js";
import { copiesIn, type FanoutEntry, type FanoutJournal, type FanoutPart } from "./journal.js";

export interface FanoutSettings {
  /** Copies between two confirmations (and the most the send queue holds of one fan-out). */
  confirmEvery: number;
  /** A confirmation not answered in this time counts as lost: the pass starts over. */
  confirmTimeoutMs: number;
  /** How long after its answer a confirmation holds: servers that write to disk later than they
   * route (ejabberd's database, about 1–2 s) can lose copies they answered for in a crash. */
  serverSyncMs: number;
}

export interface FanoutDeps {
  link: Link;
  journal: FanoutJournal;
  /** Where confirmation pings go: the server's own domain. */
  serverDomain: string;
  settings: FanoutSettings;
  ids: Ids;
  log: Log;
  metrics: Metrics;
  /** Server-side fan-out: copies for local users as stanzas the server expands; confirmed by a
   *  ping to its multicast service, and sent again one per recipient if it refuses them. */
  expansion?: Pick<Expansion, "writeCopies" | "confirmTarget" | "refusals">;
  /** Timers for serverSyncMs (specs pass their own to decide when the wait is over). */
  timers?: Timers;
}

export interface Timers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** The most copies in flight (sent, not yet answered for), in units of confirmEvery: 6,400 by
 * default, about a second of a server's work, so a ping never waits long behind them; enough for
 * the server to serve many messages per read and per write to each member's socket. */
export const WINDOW_CONFIRMATIONS = 32;

/** Copies of one entry written up to `upTo`, confirmed by the next ping. */
interface Mark {
  entry: FanoutEntry;
  upTo: number;
}

export class FanoutSender {
  /** Accepted and not yet confirmed in full, oldest first. */
  private entries: FanoutEntry[] = [];
  private pumping: Promise<void> | undefined;
  private stopped = false;
  /** Answered confirmations waiting out serverSyncMs before their marks move. */
  private readonly syncing = new Set<{ timer: unknown; done: Promise<void> }>();
  private readonly timers: Timers;
  /** Set while a pass waits for answers: a new entry ends the wait, so its copies leave at once. */
  private wake: (() => void) | undefined;

  constructor(private readonly deps: FanoutDeps) {
    this.timers = deps.timers ?? realTimers;
  }

  /** Copies accepted and not yet confirmed, over all entries (the metrics gauge). */
  get pendingCopies(): number {
    return this.entries.reduce((sum, e) => sum + copiesIn(e) - e.done, 0);
  }

  /**
   * Journals a fan-out and starts sending it at once; resolves once the journal has it on disk,
   * which is when the owner may be told the message was sent. A crash before that can lose copies
   * of a message nobody was told was sent, never of one that was acknowledged.
   */
  async accept(room: string, id: string, at: number, parts: FanoutPart[]): Promise<void> {
    if (!parts.length) return;
    const entry = this.deps.journal.add({ domain: this.deps.link.domain, room, id, at, parts });
    this.entries.push(entry);
    this.kick();
    await entry.durable;
  }

  /** Picks up what an earlier run left unconfirmed (a crash, a kill); call once before serving. */
  async resume(): Promise<void> {
    const left = await this.deps.journal.pending(this.deps.link.domain);
    if (!left.length) return;
    // Anything past the mark may have gone out before the crash: resent copies can be repeats.
    for (const entry of left) entry.sent = copiesIn(entry);
    this.deps.log.warn(
      { fanouts: left.length, copies: left.reduce((sum, e) => sum + copiesIn(e) - e.done, 0) },
      "resuming fan-outs the last run left unconfirmed",
    );
    this.deps.metrics.fanoutResumed.inc({ reason: "restart" }, left.length);
    this.entries.unshift(...left);
    this.kick();
  }

  /** Resolves when everything accepted is confirmed (or sending stopped). */
  async idle(): Promise<void> {
    while (this.pumping || this.syncing.size) {
      await this.pumping;
      await Promise.all([...this.syncing].map((s) => s.done));
    }
  }

  /** Stops sending; what is unconfirmed stays in the journal for the next run. */
  stop(): void {
    this.stopped = true;
    for (const sync of this.syncing) this.timers.clearTimeout(sync.timer);
    this.syncing.clear();
  }

  /** The first copy of an entry still to send: past its mark, and past what the server answered
   * for on the current connection (a new connection may have lost those: they go again). */
  private startOf(entry: FanoutEntry): number {
    const answered = entry.answered;
    return answered && answered.generation === this.deps.link.reconnects
      ? Math.max(entry.done, answered.upTo)
      : entry.done;
  }

  private needsSending = (entry: FanoutEntry): boolean => this.startOf(entry) < copiesIn(entry);

  private kick(): void {
    if (this.stopped) return;
    if (this.pumping) {
      this.wake?.();
      return;
    }
    this.pumping = this.pump()
      .catch((err: unknown) => this.deps.log.error({ err }, "fan-out sending failed"))
      .finally(() => {
        this.pumping = undefined;
        // An entry accepted while the last pass was ending still needs one.
        if (this.entries.some(this.needsSending) && !this.stopped) this.kick();
      });
  }

  private async pump(): Promise<void> {
    while (this.entries.some(this.needsSending) && !this.stopped) {
      if (!this.deps.link.online) await this.deps.link.when("online");
      if (this.stopped) return;
      const confirmed = await this.pass();
      this.forgetConfirmed();
      if (!confirmed && this.entries.some(this.needsSending)) {
        this.deps.metrics.fanoutResumed.inc({ reason: "reconnect" }, this.entries.length);
        this.deps.log.warn(
          { fanouts: this.entries.length, copies: this.pendingCopies },
          "the server did not confirm fan-out copies; sending them again",
        );
      }
    }
  }

  /**
   * Sends every entry from its confirmed mark, entries accepted meanwhile included: a new message's
   * copies leave at once, never waiting for the answers to earlier ones. Resolves true when all it
   * sent was confirmed, false when the connection dropped or a confirmation was lost. One ping
   * confirms up to confirmEvery copies, over as many entries as they span.
   */
  private async pass(): Promise<boolean> {
    const { link, settings } = this.deps;
    const generation = link.reconnects;
    const state = { lost: false, refusals: this.deps.expansion?.refusals ?? 0 };
    const confirmations: Promise<void>[] = [];
    let marks: Mark[] = [];
    let unconfirmed = 0;
    // Copies sent and not yet answered for, and a wake-up for a pass waiting for room.
    let unanswered = 0;
    let roomMade: (() => void) | undefined;
    const confirmMarks = () => {
      if (!marks.length) return;
      const copies = unconfirmed;
      unanswered += copies;
      const confirmation = this.confirm(marks, generation, state).finally(() => {
        unanswered -= copies;
        roomMade?.();
      });
      confirmations.push(confirmation);
      marks = [];
      unconfirmed = 0;
    };
    // A burst bigger than the server can route at once waits here, in the journal, rather than in
    // the server's socket buffer, where pings would queue behind it until they timed out and the
    // copies went again, adding to the load that delayed them.
    const roomToSend = async () => {
      while (unanswered >= settings.confirmEvery * WINDOW_CONFIRMATIONS && !state.lost && !this.stopped)
        await new Promise<void>((resolve) => (roomMade = resolve));
      roomMade = undefined;
    };
    // How far this pass has written each entry (by the entry itself: the list may be replaced).
    const written = new Map<FanoutEntry, number>();
    const unwritten = () => this.entries.filter((e) => (written.get(e) ?? this.startOf(e)) < copiesIn(e));
    for (;;) {
      for (const entry of unwritten()) {
        const total = copiesIn(entry);
        let from = written.get(entry) ?? this.startOf(entry);
        while (from < total) {
          // Only a chunk at a time waits in the send queue: the journal, not memory, holds the rest.
          // (Awaited only when needed, so a first chunk goes out before the accepting handler goes on.)
          if (link.queued > settings.confirmEvery) {
            confirmMarks();
            await link.drained(settings.confirmEvery);
          }
          if (unanswered >= settings.confirmEvery * WINDOW_CONFIRMATIONS) await roomToSend();
          if (link.reconnects !== generation || !link.online) state.lost = true;
          if (state.lost || this.stopped) break;
          const to = Math.min(total, from + settings.confirmEvery - unconfirmed);
          this.write(entry, from, to);
          marks.push({ entry, upTo: to });
          unconfirmed += to - from;
          from = to;
          written.set(entry, from);
          if (unconfirmed >= settings.confirmEvery) confirmMarks();
        }
        if (state.lost || this.stopped) break;
      }
      if (state.lost || this.stopped) break;
      confirmMarks();
      if (unwritten().length) continue;
      // Wait for the answers, or for a new entry (kick() wakes us), whichever comes first.
      const answered = Promise.all(confirmations).then(() => true);
      const woken = new Promise<boolean>((resolve) => (this.wake = () => resolve(false)));
      const done = await Promise.race([answered, woken]);
      this.wake = undefined;
      if (done && !unwritten().length) break;
    }
    await Promise.all(confirmations);
    return !state.lost && !this.stopped;
  }

  /** Writes copies [from, to) of an entry, counted over its parts. */
  private write(entry: FanoutEntry, from: number, to: number): void {
    const { link, metrics, expansion } = this.deps;
    const write = (data: string) => link.write(data);
    let offset = 0;
    let stanzas = 0;
    for (const part of entry.parts) {
      const start = Math.max(from - offset, 0);
      const end = Math.min(to - offset, part.to.length);
      offset += part.to.length;
      if (start >= end) continue;
      const written = expansion
        ? expansion.writeCopies(part.head, part.tail, part.to, write, start, end)
        : writeEach(part.head, part.tail, part.to, write, start, end);
      stanzas += written.stanzas;
      // The queue holds at most a chunk of ours, so a refusal means other traffic filled it;
      // the copies stay unconfirmed and go again in the next pass.
      if (written.refused) metrics.sendRefused.inc({ kind: "fanout" }, written.refused);
    }
    const repeated = Math.max(0, Math.min(to, entry.sent ?? 0) - from);
    entry.sent = Math.max(entry.sent ?? 0, to);
    metrics.stanzasOut.inc({ kind: "message" }, stanzas);
    metrics.fanoutDeliveries.inc(to - from);
    if (repeated) metrics.fanoutRepeated.inc(repeated);
  }

  private async confirm(
    marks: Mark[],
    generation: number,
    state: { lost: boolean; refusals: number },
  ): Promise<void> {
    const { link, serverDomain, settings, ids, expansion } = this.deps;
    // With expansion on, the multicast service answers only after it has expanded what it got
    // before (on ejabberd it is a process of its own); the copies sent one by one were routed
    // before the ping reached it.
    const ping = xml(
      "iq",
      { type: "get", id: ids.next(), from: link.domain, to: expansion?.confirmTarget() ?? serverDomain },
      xml("ping", { xmlns: NS.ping }),
    );
    const answer = await link.request(ping, settings.confirmTimeoutMs);
    // A refusal of an expanded stanza arrives before the answer: its copies go again, one by one.
    if (expansion && expansion.refusals !== state.refusals) state.lost = true;
    // Any answer, even an error, proves the server has handled what came before it on the same
    // connection; after a reconnect, copies before it may have died with the old socket.
    if (!answer || !link.online || link.reconnects !== generation || state.lost) {
      state.lost = true;
      return;
    }
    if (settings.serverSyncMs === 0) return this.markDone(marks);
    // The server stored what it routed only once serverSyncMs have passed without it going away.
    // Only the marks wait for that: the next messages go out at once, and these copies are not
    // sent again unless the connection is lost meanwhile.
    for (const { entry, upTo } of marks) {
      const earlier = entry.answered;
      if (!earlier || earlier.generation !== generation || upTo > earlier.upTo)
        entry.answered = { upTo, generation };
    }
    let timer: unknown;
    const done = new Promise<void>(
      (resolve) => (timer = this.timers.setTimeout(resolve, settings.serverSyncMs)),
    )
      .then(async () => {
        if (link.online && link.reconnects === generation) await this.markDone(marks);
        else this.kick(); // the server may have lost them: send them again
      })
      .catch((err: unknown) => this.deps.log.error({ err }, "fan-out confirmation failed"))
      .finally(() => this.syncing.delete(sync));
    const sync = { timer, done };
    this.syncing.add(sync);
  }

  /** Moves the journal's marks: those copies are confirmed for good. */
  private async markDone(marks: Mark[]): Promise<void> {
    const writes: Promise<void>[] = [];
    for (const { entry, upTo } of marks) {
      if (upTo <= entry.done) continue;
      entry.done = upTo;
      const complete = upTo >= copiesIn(entry);
      writes.push(complete ? this.deps.journal.remove(entry) : this.deps.journal.progress(entry));
    }
    await Promise.all(writes);
    if (this.syncing.size) this.forgetConfirmed();
  }

  private forgetConfirmed(): void {
    this.entries = this.entries.filter((e) => e.done < copiesIn(e));
  }
}

/** One stanza per copy: head + escaped address + tail for each of to[from..end). */
function writeEach(
  head: string,
  tail: string,
  to: readonly string[],
  write: (data: string) => boolean,
  from: number,
  end: number,
): { stanzas: number; refused: number } {
  let refused = 0;
  for (let k = from; k < end; k++) if (!write(head + xml.escapeXML(to[k]!) + tail)) refused++;
  return { stanzas: end - from, refused };
}
