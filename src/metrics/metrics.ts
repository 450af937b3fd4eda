// Counters an operator can read (Prometheus text format, served over HTTP by issue 6's server).
// One registry per app, so specs and several apps in one process never share counts.
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Link } from "../xmpp/link.js";

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

  readonly stanzasIn = new Counter<"kind">({
    name: "manifold_stanzas_in_total",
    help: "Stanzas received from the server, by kind (iq, message, presence)",
    labelNames: ["kind"],
    registers: [this.registry],
  });

  readonly stanzasOut = new Counter<"kind">({
    name: "manifold_stanzas_out_total",
    help: "Stanzas sent to the server, by kind (one per addressee)",
    labelNames: ["kind"],
    registers: [this.registry],
  });

  readonly fanoutDeliveries = new Counter({
    name: "manifold_fanout_deliveries_total",
    help: "Copies of topic messages sent to members (one per member)",
    registers: [this.registry],
  });

  readonly errors = new Counter<"condition">({
    name: "manifold_stanza_errors_total",
    help: "Error replies sent, by RFC 6120 condition",
    labelNames: ["condition"],
    registers: [this.registry],
  });

  readonly handling = new Histogram<"kind">({
    name: "manifold_stanza_handling_seconds",
    help: "Time from a stanza's arrival to the end of its handling (queueing behind its room included)",
    labelNames: ["kind"],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  /** Gauges read from the component connections when scraped. */
  watch(links: readonly Link[]): void {
    new Gauge<"domain">({
      name: "manifold_component_up",
      help: "1 while the component connection for a domain is online",
      labelNames: ["domain"],
      registers: [this.registry],
      collect() {
        for (const link of links) this.set({ domain: link.domain }, link.online ? 1 : 0);
      },
    });
    new Gauge<"domain">({
      name: "manifold_send_queue_depth",
      help: "Stanzas waiting in a connection's bounded send queue",
      labelNames: ["domain"],
      registers: [this.registry],
      collect() {
        for (const link of links) this.set({ domain: link.domain }, link.queued);
      },
    });
    new Gauge<"domain">({
      name: "manifold_component_reconnects",
      help: "Reconnections of a component connection since start",
      labelNames: ["domain"],
      registers: [this.registry],
      collect() {
        for (const link of links) this.set({ domain: link.domain }, link.reconnects);
      },
    });
  }

  /** The current value of one counter (with these labels), for specs and the benchmark. */
  async count(name: string, labels: Record<string, string> = {}): Promise<number> {
    const metric = this.registry.getSingleMetric(name);
    if (!metric) throw new Error(`No metric named ${name}`);
    const { values } = await metric.get();
    return (values as { value: number; labels: Record<string, string | number> }[])
      .filter((v) => Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want))
      .reduce((sum, v) => sum + v.value, 0);
  }

  /** Everything, in the Prometheus text format. */
  text(): Promise<string> {
    return this.registry.metrics();
  }
}
