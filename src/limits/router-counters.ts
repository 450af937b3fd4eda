// The router's counts (xmpp/router.ts RouterCounters) kept in Manifold's metrics: stanzas in, the
// time each takes, errors answered by condition, and every refusal by a limit, at the intake or
// thrown by a handler (a LimitError), by the limit's name. The service assembly
// (src/service/room-service.ts) passes this to each Router, so that the transport imports neither
// src/limits nor src/metrics.
import type { Metrics } from "../metrics/metrics.js";
import type { RouterCounters } from "../xmpp/router.js";
import { countIfRefusal } from "./limit-error.js";

export function routerCounters(
  metrics: Pick<Metrics, "stanzasIn" | "errors" | "handling" | "limitRefusals">,
): RouterCounters {
  return {
    received: (kind) => metrics.stanzasIn.inc({ kind }),
    handling: (kind) => metrics.handling.startTimer({ kind }),
    answered: (condition) => metrics.errors.inc({ condition }),
    refused: (limit) => metrics.limitRefusals.inc({ limit }),
    failed: (err) => countIfRefusal(metrics, err),
  };
}
