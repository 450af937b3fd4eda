// The retention sweep: removes expired messages from every room's archive, with the ids they are
// found by, a batch at a time. Readers never see an expired message anyway (they stop at the
// cut-off, retention.ts); the sweep only frees the store. After each batch it rests as long as the
// batch took, so it takes at most half of the process's time and delivery goes on beside it; a
// room's own writes queue behind one batch at most.
import { setTimeout as delay } from "node:timers/promises";
import type { Log } from "../core/log.js";
import type { Metrics } from "../metrics/metrics.js";
import type { ArchiveStore } from "../store/archive.js";
import type { Retention } from "./retention.js";
import type { RoomConfig } from "./types.js";

export interface SweepResult {
  rooms: number;
  removed: number;
}

export interface ArchiveSweepDeps {
  archive: ArchiveStore;
  retention: Retention;
  /** A stored room's configuration; undefined for a room only in memory (temporary), which
   * follows the service's time here. */
  configOf(room: string): Promise<Pick<RoomConfig, "archiveExpiry"> | undefined>;
  /** Messages removed per store write. */
  batch: number;
  log: Log;
  metrics: Metrics;
}

export class ArchiveSweep {
  private running: Promise<SweepResult> | undefined;
  private stopped = false;

  constructor(private readonly deps: ArchiveSweepDeps) {}

  /** Sweeps every archive once; a call while a sweep runs waits for that one. */
  sweep(): Promise<SweepResult> {
    this.running ??= this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  /** Stops between two batches; resolves once the sweep under way (if any) has stopped. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running?.catch(() => undefined);
  }

  private async run(): Promise<SweepResult> {
    const { archive, retention, batch, log, metrics } = this.deps;
    const result: SweepResult = { rooms: 0, removed: 0 };
    for await (const room of archive.rooms()) {
      if (this.stopped) break;
      const before = retention.notBefore(await this.deps.configOf(room));
      if (before === 0) continue;
      let removed = 0;
      for (let more = true; more && !this.stopped;) {
        const began = performance.now();
        const step = await archive.expire(room, before, batch);
        removed += step.removed;
        metrics.archiveExpired.inc(step.removed);
        more = step.more;
        if (more) await delay(performance.now() - began);
      }
      if (removed > 0) {
        result.rooms++;
        result.removed += removed;
        log.debug({ room, removed, before: new Date(before).toISOString() }, "expired archived messages");
      }
    }
    if (result.removed > 0) log.info(result, "archive retention sweep removed expired messages");
    return result;
  }
}
