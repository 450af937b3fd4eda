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
    help: "Stanzas sent to the server, by kind (one per addressee, except that a stanza the server expands counts once)",
    labelNames: ["kind"],
    registers: [this.registry],
  });

  readonly archiveExpired = new Counter({
    name: "manifold_archive_expired_total",
    help: "Archived messages removed by the retention sweep (archive.expireAfter and each room's own time)",
    registers: [this.registry],
  });

  readonly absentCopies = new Counter({
    name: "manifold_absent_copies_total",
    help: "Copies of room messages accepted for members who were not in the room (one per member)",
    registers: [this.registry],
  });

  readonly fanoutDeliveries = new Counter({
    name: "manifold_fanout_deliveries_total",
    help: "Copies of topic messages sent to members, and of room messages to absent members (one per recipient)",
    registers: [this.registry],
  });

  readonly fanoutResumed = new Counter<"reason">({
    name: "manifold_fanout_resumed_total",
    help: "Journaled topic fan-outs sent again from their confirmed mark, after a restart or a lost connection",
    labelNames: ["reason"],
    registers: [this.registry],
  });

  readonly expandedCopies = new Counter({
    name: "manifold_expanded_copies_total",
    help: "Copies sent as bcc addresses of one stanza that the server's multicast service expanded (server-side fan-out)",
    registers: [this.registry],
  });
  readonly expansionRefused = new Counter({
    name: "manifold_expansion_refused_total",
    help: "Expanded stanzas the server's multicast service refused whole (their copies went again, one per recipient)",
    registers: [this.registry],
  });
  readonly fanoutRepeated = new Counter({
    name: "manifold_fanout_repeated_copies_total",
    help: "Topic message copies sent again that may already have reached their member (same stanza id)",
    registers: [this.registry],
  });

  readonly sendRefused = new Counter<"kind">({
    name: "manifold_send_refused_total",
    help: "Stanzas the full send queue refused, by kind (fanout copies are sent again; others are lost)",
    labelNames: ["kind"],
    registers: [this.registry],
  });

  readonly bounces = new Counter<"condition">({
    name: "manifold_bounces_total",
    help: "Messages the server returned as undeliverable (type error), by condition",
    labelNames: ["condition"],
    registers: [this.registry],
  });

  readonly errors = new Counter<"condition">({
    name: "manifold_stanza_errors_total",
    help: "Error replies sent, by RFC 6120 condition",
    labelNames: ["condition"],
    registers: [this.registry],
  });

  readonly limitRefusals = new Counter<"limit">({
    name: "manifold_limit_refusals_total",
    help: "Stanzas refused by an abuse limit, answered or (past one error per sender a second) dropped, by limit",
    labelNames: ["limit"],
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

  /** Copies of journaled fan-outs not yet confirmed by the server, read when scraped. */
  watchFanouts(pending: () => number): void {
    new Gauge({
      name: "manifold_fanout_pending_copies",
      help: "Copies journaled (topic messages, room messages to absent members) and not yet confirmed by the server",
      registers: [this.registry],
      collect() {
        this.set(pending());
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
