// Manifold in-process against a real server (Prosody or ejabberd), configured only through the
// environment, as in production, with a fresh LevelDB directory unless the spec passes one (to test
// persistence).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp, type App } from "../../src/app.js";
import { loadConfig, type Config } from "../../src/config/load.js";
import { createLog } from "../../src/core/log.js";
import type { Clock } from "../../src/core/clock.js";
import { randomIds } from "../../src/core/ids.js";
import { ComponentConnection } from "../../src/xmpp/connection.js";
import type { Element } from "../../src/xmpp/xml.js";
import type { XmppServer } from "../../scripts/lib/xmpp-server.js";
import { GROUPS_DOMAIN, LISTS_DOMAIN } from "./server.js";
import { noteInbound, recordNamespaceProblems } from "./namespace-watch.js";

/** What Manifold needs of a server; a `Prosody` from scripts/lib/prosody.ts has it too. */
export type ComponentHost = Pick<XmppServer, "host" | "componentPort" | "components" | "domain">;

export interface RunningManifold {
  app: App;
  /** The LevelDB directory; pass it to another startManifold to test what survives a restart. */
  dataDir: string;
  /** Stops the app; a temp data dir made here is removed at process exit, not now, so it can be reused. */
  stop(): Promise<void>;
}

export interface ManifoldTestOptions {
  dataDir?: string;
  /** Extra MANIFOLD_* variables, overriding the ones derived from the server. */
  env?: Record<string, string>;
  /** Manifold's clock (timestamps, retention), for specs that move time on; default: the system's. */
  clock?: Clock;
}

const createdDataDirs = new Set<string>();
process.once("exit", () => {
  if (process.env.MANIFOLD_KEEP_TMP) return;
  for (const dir of createdDataDirs) rmSync(dir, { recursive: true, force: true });
});

/** Log level: "warn", or MANIFOLD_TEST_LOG (a level name; any other value means "debug"). */
function testLogLevel(): string {
  const wanted = process.env.MANIFOLD_TEST_LOG;
  if (!wanted) return "warn";
  return ["fatal", "error", "warn", "info", "debug", "trace"].includes(wanted) ? wanted : "debug";
}

/** Starts Manifold against `server` and resolves once every component connection is online. */
export async function startManifold(
  server: ComponentHost,
  options: ManifoldTestOptions = {},
): Promise<RunningManifold> {
  const secret = server.components[GROUPS_DOMAIN];
  if (!secret) throw new Error(`This server has no ${GROUPS_DOMAIN} component to connect Manifold to`);
  const listsSecret = server.components[LISTS_DOMAIN];
  if (listsSecret !== undefined && listsSecret !== secret) {
    throw new Error(
      `Manifold uses one secret for both components; ${GROUPS_DOMAIN} and ${LISTS_DOMAIN} differ`,
    );
  }
  let dataDir = options.dataDir;
  if (!dataDir) {
    dataDir = mkdtempSync(join(tmpdir(), "manifold-data-"));
    createdDataDirs.add(dataDir);
  }
  const config = loadConfig({
    env: {
      MANIFOLD_SERVER: `${server.host}:${server.componentPort}`,
      MANIFOLD_SECRET: secret,
      MANIFOLD_GROUPS_DOMAIN: GROUPS_DOMAIN,
      MANIFOLD_LISTS_DOMAIN: LISTS_DOMAIN,
      MANIFOLD_LOCAL_DOMAINS: server.domain,
      MANIFOLD_DATA: dataDir,
      MANIFOLD_HTTP_PORT: "0",
      MANIFOLD_LOG_LEVEL: testLogLevel(),
      ...options.env,
    },
  });
  const app = await createApp(config, {
    link: (domain) => checkedConnection(config, domain),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  try {
    await app.start();
  } catch (err) {
    await app.stop().catch(() => undefined); // release the LevelDB lock before failing
    throw err;
  }
  return { app, dataDir, stop: () => app.stop() };
}

/**
 * The real XEP-0114 connection, with every stanza Manifold writes re-read by the namespace check
 * (namespace-watch.ts; the root hook fails the spec on a problem) and every stanza it receives noted,
 * so that payloads passed on as they came are the sender's business, not Manifold's.
 */
function checkedConnection(config: Config, domain: string): ComponentConnection {
  const log = createLog(config.log.level).child({ domain });
  const options = { domain, ...config.server, serverDomain: config.localDomains[0]!, ...config.connection };
  return new (class extends ComponentConnection {
    override write(data: string): boolean {
      recordNamespaceProblems(data);
      return super.write(data);
    }
    override onStanza(handler: (el: Element) => Promise<void>): void {
      super.onStanza((el) => {
        noteInbound(el);
        return handler(el);
      });
    }
  })(options, log, randomIds);
}
