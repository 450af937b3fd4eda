// Manifold's HTTP side as the root starts and stops it: /healthz and /metrics, the web client, and
// the admin route `manifold export` reads the store through (LevelDB admits one process).
import type { Config } from "../config/load.js";
import type { Log } from "../core/log.js";
import type { Metrics } from "../metrics/metrics.js";
import type { Database } from "../store/db.js";
import { snapshotLines } from "../store/snapshot.js";
import { createWebClient } from "../web/web-client.js";
import type { Link } from "../xmpp/link.js";
import { AdminAccess } from "./admin.js";
import { HttpServer } from "./server.js";

export interface HttpSide {
  /** Listens (when http is enabled) and publishes the admin route; resolves to the address. */
  start(): Promise<string | undefined>;
  /** Withdraws the admin route, first in a stop. */
  withdraw(): Promise<void>;
  stop(): Promise<void>;
}

export function httpSide(opts: {
  config: Config;
  links: readonly Link[];
  metrics: Metrics;
  db: Database;
  /** The store's directory, where the admin route is published (none for a store in memory). */
  dir: string | undefined;
  version: string;
  now: () => number;
  log: Log;
}): HttpSide {
  const { config, db } = opts;
  const admin = new AdminAccess({
    dir: opts.dir,
    snapshot: () => snapshotLines(db.level, { manifold: opts.version, now: () => new Date(opts.now()) }),
    log: opts.log,
  });
  const http = config.http.enabled
    ? new HttpServer({
        ...config.http,
        links: [...opts.links],
        metrics: opts.metrics,
        storeOpen: () => db.isOpen,
        admin,
        web: config.web.enabled ? createWebClient(config) : undefined,
      })
    : undefined;
  return {
    async start() {
      const url = http ? await http.start() : undefined;
      if (url) await admin.publish(url);
      return url;
    },
    withdraw: () => admin.withdraw(),
    stop: async () => {
      await http?.stop();
    },
  };
}
