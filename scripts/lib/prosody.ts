// A private Prosody 0.12 for tests, benchmarks and the demo: our own generated config
// (prosody-config.ts), `prosody -F` as a child process with its own directory and loopback ports,
// accounts written straight to its storage (prosody-accounts.ts), and a readiness check that waits
// for Prosody to answer rather than for time to pass.
import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, rmSync, statSync, writeFileSync } from "node:fs";
import { delimiter, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as delay } from "node:timers/promises";
import { writeAccounts, writeMutualRosters, type ProsodyAccount } from "./prosody-accounts.js";
import { renderProsodyConfig } from "./prosody-config.js";
import { acceptsConnections, answersXmppStream, isPortFree, pickFreePort } from "./ports.js";
import {
  describeExit,
  ownedTempDir,
  readFrom,
  readTail,
  settlesWithin,
  trackServer,
  type ServerRun,
} from "./server-process.js";

/** Where Manifold's own Prosody modules live in the repository. */
export const PROSODY_MODULE_DIR = fileURLToPath(new URL("../../server/prosody", import.meta.url));

export const PROSODY_INSTALL_COMMAND = "sudo apt-get install -y prosody";
const READY_TIMEOUT_MS = 15_000;
const READY_POLL_MS = 20;
const STOP_TIMEOUT_MS = 5_000;

export interface ProsodyOptions {
  /** Where config, log, pidfile and data live; a fresh temp dir (removed at exit) if omitted. */
  dir?: string;
  /** The VirtualHost users live on; default "localhost". */
  domain?: string;
  /** component domain → secret */
  components: Record<string, string>;
  /** Enable WebSocket (/xmpp-websocket) and BOSH (/http-bind) on an HTTP port, with what web
   *  clients expect of a server: PEP bookmarks, carbons, vCards and a message archive. */
  http?: boolean;
  /** Fixed ports (the demo); free ones are picked otherwise. They must be free. */
  ports?: { c2s?: number; component?: number; http?: number };
  /** Raw Lua appended to the config; start it with its own `Component`/`VirtualHost` line. */
  extraConfig?: string;
  /** Load Manifold's server-side fan-out module (server/prosody/mod_manifold_multicast.lua) for
   *  the components; default true, as docs/servers.md configures Prosody. */
  multicast?: boolean;
  /** Domains mod_manifold_multicast lets in; default: the components. */
  multicastSenders?: readonly string[];
  /** MAM (archiving every message) and carbons, without the HTTP side; `http` loads them too. */
  archive?: boolean;
  /** Prosody's log level; default "info". */
  logLevel?: "debug" | "info" | "warn" | "error";
}

export type { ProsodyAccount };

export interface Prosody {
  readonly domain: string;
  readonly host: "127.0.0.1";
  readonly c2sPort: number;
  readonly componentPort: number;
  readonly httpPort: number | undefined;
  /** component domain → secret, as configured */
  readonly components: Readonly<Record<string, string>>;
  readonly dir: string;
  readonly dataDir: string;
  readonly configPath: string;
  readonly logPath: string;
  /** The current process id; undefined while stopped. */
  readonly pid: number | undefined;
  readonly running: boolean;
  /** SIGTERM, wait for exit (bounded), SIGKILL if needed. Safe to call when already stopped. */
  stop(): Promise<void>;
  /** stop(), then start again on the same ports, config and data (also after kill()). */
  restart(): Promise<void>;
  /** Sends a signal without waiting, e.g. SIGKILL to simulate a crash. */
  kill(signal?: NodeJS.Signals): void;
  /** Creates or overwrites accounts on `domain`; works while running. */
  registerUsers(users: readonly ProsodyAccount[]): Promise<void>;
  /** Makes these users (already registered) mutual contacts in roster group `group`, each
   *  seeded once: a user who already has a roster keeps it. Before they log in. */
  befriend(names: readonly string[], group: string): void;
  /** The last lines of Prosody's log, for error messages. */
  logTail(lines?: number): string;
}

type Run = ServerRun;

export function findProsodyBinary(): string | undefined {
  const dirs = [...(process.env.PATH ?? "").split(delimiter), "/usr/bin", "/usr/sbin"];
  return dirs.map((dir) => join(dir, "prosody")).find((path) => path.startsWith("/") && existsSync(path));
}

export async function startProsody(options: ProsodyOptions): Promise<Prosody> {
  const found = findProsodyBinary();
  if (!found) {
    throw new Error(
      `Prosody is not installed (no \`prosody\` on PATH). Install it with: ${PROSODY_INSTALL_COMMAND}`,
    );
  }
  const binary: string = found;
  const dir = options.dir ? resolve(options.dir) : ownedTempDir("manifold-prosody-");
  const domain = options.domain ?? "localhost";
  const dataDir = join(dir, "data");
  const configPath = join(dir, "prosody.cfg.lua");
  const logPath = join(dir, "prosody.log");
  const pidfile = join(dir, "prosody.pid");
  const certificatesDir = join(dir, "certs");
  mkdirSync(dataDir, { recursive: true });
  mkdirSync(certificatesDir, { recursive: true });

  const ports = {
    c2s: options.ports?.c2s ?? (await pickFreePort()),
    component: options.ports?.component ?? (await pickFreePort()),
    http: options.http ? (options.ports?.http ?? (await pickFreePort())) : undefined,
  };
  const components = { ...options.components };
  writeFileSync(
    configPath,
    renderProsodyConfig({
      domain,
      dataDir,
      pidfile,
      certificatesDir,
      ports,
      components,
      logLevel: options.logLevel ?? "info",
      extraConfig: options.extraConfig,
      multicastModuleDir: options.multicast === false ? undefined : PROSODY_MODULE_DIR,
      archive: options.archive ?? false,
      multicastSenders: options.multicastSenders,
    }),
  );
  // Prosody opens the component port only when the config declares a Component.
  const listeners: [string, number][] = [["c2s", ports.c2s]];
  if (Object.keys(components).length > 0) listeners.push(["component", ports.component]);
  if (ports.http !== undefined) listeners.push(["http", ports.http]);

  let current: Run | undefined;
  const logTail = (lines = 40) => readTail(logPath, lines);

  async function launch(): Promise<void> {
    for (const [name, port] of listeners) {
      if (!(await isPortFree(port))) {
        throw new Error(
          `Port ${port} (${name}) on 127.0.0.1 is already in use, so Prosody cannot listen there. ` +
            "Stop whatever holds it (a system Prosody? `sudo service prosody stop`) or choose another port.",
        );
      }
    }
    rmSync(pidfile, { force: true }); // stale after a SIGKILL
    const logOffset = existsSync(logPath) ? statSync(logPath).size : 0;
    const logFd = openSync(logPath, "a");
    // Its own process group: a terminal's Ctrl-C reaches only us, so we can stop Manifold first
    // (it says goodbye through Prosody) and Prosody last. The exit hook below kills it if we die.
    const child = spawn(binary, ["-F", "--config", configPath], {
      stdio: ["ignore", logFd, logFd],
      detached: true,
    });
    closeSync(logFd);
    const run = trackServer(
      "prosody",
      child,
      {},
      () => logTail(20),
      (r) => r.child.kill("SIGKILL"),
    );
    current = run;
    try {
      await waitUntilReady(run, domain, listeners, () => readFrom(logPath, logOffset));
      run.ready = true;
    } catch (err) {
      await stopRun(run);
      current = undefined;
      throw new Error(`${(err as Error).message}\n--- ${logPath} (last lines) ---\n${logTail(30)}`, {
        cause: err,
      });
    }
  }

  async function stop(): Promise<void> {
    if (!current) return;
    const run = current;
    await stopRun(run);
    if (current === run) current = undefined;
  }

  await launch();

  return {
    domain,
    host: "127.0.0.1",
    c2sPort: ports.c2s,
    componentPort: ports.component,
    httpPort: ports.http,
    components,
    dir,
    dataDir,
    configPath,
    logPath,
    get pid() {
      return current?.exit ? undefined : current?.child.pid;
    },
    get running() {
      return current !== undefined && current.exit === undefined;
    },
    stop,
    async restart() {
      await stop();
      await launch();
    },
    kill(signal = "SIGTERM") {
      if (!current || current.exit) return;
      if (!["SIGHUP", "SIGUSR1", "SIGUSR2"].includes(signal)) current.exitExpected = true;
      current.child.kill(signal);
    },
    registerUsers(users) {
      writeAccounts(dataDir, domain, users);
      return Promise.resolve();
    },
    befriend(names, group) {
      writeMutualRosters(dataDir, domain, names, group);
    },
    logTail,
  };
}

/** Polls (bounded) until every port listens and c2s answers a stream header. */
async function waitUntilReady(run: Run, domain: string, listeners: [string, number][], newLog: () => string) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  const waiting = new Map(listeners);
  for (;;) {
    if (run.exit) throw new Error(`Prosody exited during start-up (${describeExit(run.exit)}).`);
    for (const [name, port] of waiting) if (await acceptsConnections(port)) waiting.delete(name);
    if (waiting.size === 0 && (await answersXmppStream(listeners[0]![1], domain))) break;
    if (Date.now() > deadline) {
      const missing = [...waiting].map(([name, port]) => `${name} ${port}`).join(", ");
      throw new Error(
        `Prosody was not ready within ${READY_TIMEOUT_MS} ms (${missing || "c2s did not answer"}).`,
      );
    }
    await delay(READY_POLL_MS); // polling ports, bounded by the deadline above
  }
  // Prosody keeps running when a port fails to open or a module fails to load: say so now.
  const errors = newLog()
    .split("\n")
    .filter((line) => /\s{2}error\t/.test(line));
  if (errors.length > 0) throw new Error(`Prosody logged errors during start-up:\n${errors.join("\n")}`);
}

async function stopRun(run: Run): Promise<void> {
  run.exitExpected = true;
  if (run.exit) return;
  run.child.kill("SIGTERM");
  if (await settlesWithin(run.exited, STOP_TIMEOUT_MS)) return;
  run.child.kill("SIGKILL");
  if (!(await settlesWithin(run.exited, STOP_TIMEOUT_MS))) {
    throw new Error(`Prosody (pid ${run.child.pid}) did not exit after SIGTERM and SIGKILL`);
  }
}
