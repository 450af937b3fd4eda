// Counters an operator can read (Prometheus text format, served over HTTP by issue 6's server).
// One registry per app, so specs and several apps in one process never share counts.
import { Counter, Registry } from "prom-client";

/** Why a chat state was not passed on (docs/protocol.md "Bounds"). */
export type StateDropReason =
  "sender-off" | "receiver-off" | "offline" | "fanout" | "coalesced" | "gone-in-room" | "guest";

export class Metrics {
  readonly registry = new Registry();

  readonly chatStatesDelivered = new Counter({
    name: "manifold_chat_states_delivered_total",
    help: "Chat states delivered, one per recipient",
    registers: [this.registry],
  });

  readonly chatStatesDropped = new Counter<"reason">({
    name: "manifold_chat_states_dropped_total",
    help: "Chat states not passed on, by reason (per state for sender-side reasons, per recipient otherwise)",
    labelNames: ["reason"],
    registers: [this.registry],
  });

  /** The current value of one counter (with these labels), for specs and the benchmark. */
  async count(name: string, labels: Record<string, string> = {}): Promise<number> {
    const metric = this.registry.getSingleMetric(name);
    if (!metric) throw new Error(`No metric named ${name}`);
    const { values } = await metric.get();
    return values
      .filter((v) => Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want))
      .reduce((sum, v) => sum + v.value, 0);
  }

  /** Everything, in the Prometheus text format. */
  text(): Promise<string> {
    return this.registry.metrics();
  }
}
