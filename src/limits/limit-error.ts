// A refusal by an abuse limit (issue 7 §5): a StanzaError that also names the limit, so that every
// refusal is counted once, by name, in manifold_limit_refusals_total wherever it is turned into an
// answer (the router, and the few handlers that answer errors in words).
import type { Metrics } from "../metrics/metrics.js";
import { StanzaError, type ErrorCondition, type ErrorType } from "../xmpp/stanza-error.js";

/** The `limit` label of manifold_limit_refusals_total: one name per limit (docs/protocol.md "Limits"). */
export type LimitName =
  | "sender-rate"
  | "stanza-size"
  | "topic-rate"
  | "owner-rate"
  | "topic-members"
  | "room-members"
  | "topics-per-owner"
  | "nesting-depth"
  | "pending-requests"
  | "occupants";

export type RefusalCounter = Pick<Metrics, "limitRefusals">;

export class LimitError extends StanzaError {
  constructor(
    readonly limit: LimitName,
    condition: ErrorCondition,
    text: string,
    options: { type?: ErrorType } = {},
  ) {
    super(condition, text, options);
  }
}

/** Counts one refusal by `limit`. */
export function countRefusal(metrics: RefusalCounter | undefined, limit: LimitName): void {
  metrics?.limitRefusals.inc({ limit });
}

/** Counts `err` when it is a limit's refusal; for handlers that answer errors themselves. */
export function countIfRefusal(metrics: RefusalCounter | undefined, err: unknown): void {
  if (err instanceof LimitError) countRefusal(metrics, err.limit);
}
