// A private ejabberd 23.01 for tests: our own generated config (ejabberd-config.ts), started with
// `ejabberdctl … foreground` as a child process with its own directory, Erlang node, cookie and
// loopback ports; accounts and rosters made through its HTTP API on loopback; ready when c2s answers
// a stream header, not after some time.
//
// `ejabberdctl` is a bash script whose child is the Erlang VM: signals go to the VM (its pid comes
// from the pidfile ejabberd writes), the script exits when the VM has, and everything left of the
// process group is killed when we are done with it (or when Node exits).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { delimiter, join, resolve } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { renderEjabberdConfig, renderEjabberdctlConfig, type EjabberdMuc } from "./ejabberd-config.js";
import { acceptsConnections, answersXmppStream, isPortFree, pickFreePort } from "./ports.js";
import {
  checkUserDomain,
  type ServerAccount,
  type ServerOptions,
  type XmppServer,
} from "./server-interface.js";
import {
  describeExit,
  ownedTempDir,
  readFrom,
  readTail,
  settlesWithin,
  trackServer,
  type ServerRun,
} from "./server-process.js";

export const EJABBERD_INSTALL_COMMAND = "sudo apt-get install -y ejabberd";
const READY_TIMEOUT_MS = 30_000;
const READY_POLL_MS = 25;
const STOP_TIMEOUT_MS = 10_000;

export type EjabberdOptions = Omit<ServerOptions, "kind"> & {
  /** ejabberd's own MUC (mod_muc) at this host with these options; none by default. */
  muc?: EjabberdMuc;
  /** The c2s listener's backlog (pending connections); ejabberd's default of 5 otherwise. */
  c2sBacklog?: number;
  /** A node that may join a cluster (scripts/lib/ejabberd-cluster.ts): its own loopback address for
   *  distribution, the port every node of the cluster shares, and the cluster's cookie. */
  clusterNode?: { address: string; distPort: number; cookie: string };
};

export interface Ejabberd extends XmppServer {
  readonly kind: "ejabberd";
  /** mod_http_api on loopback (`/api/<command>`), used for accounts and rosters. */
  readonly apiPort: number;
  /** The Erlang node. To run ejabberdctl against it: `HOME=<dir> ejabberdctl --config-dir
   *  <dir>/config --ctl-config <dir>/config/ejabberdctl.cfg status` (HOME holds the cookie). */
  readonly nodeName: string;
}

export function findEjabberdctl(): string | undefined {
  const dirs = [...(process.env.PATH ?? "").split(delimiter), "/usr/sbin", "/usr/bin"];
  return dirs.map((dir) => join(dir, "ejabberdctl")).find((p) => p.startsWith("/") && existsSync(p));
}

export async function startEjabberd(options: EjabberdOptions): Promise<Ejabberd> {
  const ctl = findEjabberdctl();
  if (!ctl) {
    throw new Error(
      `ejabberd is not installed (no \`ejabberdctl\`). Install it with: ${EJABBERD_INSTALL_COMMAND}`,
    );
  }
  const dir = options.dir ? resolve(options.dir) : ownedTempDir("manifold-ejabberd-");
  // ejabberdctl word-splits its directories when it builds the Erlang command line.
  if (/\s/.test(dir)) throw new Error(`ejabberd's directory must not contain spaces: ${dir}`);
  const domain = options.domain ?? "localhost";
  const extraDomains = [...(options.extraDomains ?? [])];
  const paths = {
    config: join(dir, "config"),
    spool: join(dir, "spool"),
    logs: join(dir, "logs"),
    pid: join(dir, "ejabberd.pid"),
    console: join(dir, "console.log"),
  };
  const configPath = join(paths.config, "ejabberd.yml");
  const logPath = join(paths.logs, "ejabberd.log");
  for (const d of [paths.config, paths.spool, paths.logs]) mkdirSync(d, { recursive: true });
  chmodSync(dir, 0o700);

  const ports = {
    c2s: options.ports?.c2s ?? (await pickFreePort()),
    component: options.ports?.component ?? (await pickFreePort()),
    api: await pickFreePort(),
    dist: options.clusterNode?.distPort ?? (await pickFreePort()),
  };
  const components = { ...options.components };
  const nodeName = options.clusterNode
    ? `manifold-${randomBytes(4).toString("hex")}@${options.clusterNode.address}`
    : `manifold-${randomBytes(4).toString("hex")}@localhost`;
  writeFileSync(
    configPath,
    renderEjabberdConfig({
      domains: [domain, ...extraDomains],
      ports,
      components,
      logLevel: options.logLevel ?? "info",
      multicast: options.multicast ?? true,
      archive: options.archive ?? false,
      multicastSenders: options.multicastSenders,
      muc: options.muc,
      c2sBacklog: options.c2sBacklog,
    }),
  );
  writeFileSync(
    join(paths.config, "ejabberdctl.cfg"),
    renderEjabberdctlConfig({
      nodeName,
      distPort: ports.dist,
      pidPath: paths.pid,
      ...(options.clusterNode ? { distAddress: options.clusterNode.address } : {}),
    }),
  );
  // Debian's inetrc: Erlang's resolver config, so `localhost` in the node name resolves.
  if (existsSync("/etc/ejabberd/inetrc"))
    writeFileSync(join(paths.config, "inetrc"), readFileSync("/etc/ejabberd/inetrc"));
  const cookie = join(dir, ".erlang.cookie");
  if (!existsSync(cookie))
    writeFileSync(cookie, options.clusterNode?.cookie ?? randomBytes(16).toString("hex"), { mode: 0o400 });

  const listeners: [string, number][] = [
    ["c2s", ports.c2s],
    ["component", ports.component],
    ["api", ports.api],
    // A cluster node's distribution listens on its own address, on a port its peers share.
    ...(options.clusterNode ? [] : ([["distribution", ports.dist]] as [string, number][])),
  ];
  const args = [
    ...["--config-dir", paths.config, "--config", configPath],
    ...["--ctl-config", join(paths.config, "ejabberdctl.cfg")],
    ...["--spool", paths.spool, "--logs", paths.logs, "foreground"],
  ];
  let current: Run | undefined;
  const logTail = (lines = 40) => readTail(existsSync(logPath) ? logPath : paths.console, lines);

  async function launch(): Promise<void> {
    for (const [name, port] of listeners) {
      if (!(await isPortFree(port))) {
        throw new Error(
          `Port ${port} (${name}) on 127.0.0.1 is already in use, so ejabberd cannot listen there.`,
        );
      }
    }
    rmSync(paths.pid, { force: true }); // stale after a SIGKILL
    const logOffset = existsSync(logPath) ? statSync(logPath).size : 0;
    const out = openSync(paths.console, "a");
    const child = spawn(ctl!, args, {
      cwd: dir,
      stdio: ["ignore", out, out],
      detached: true, // its own process group: killed as a whole, and no terminal Ctrl-C reaches it
      env: serverEnvironment(dir),
    });
    closeSync(out);
    const run: Run = trackServer(
      "ejabberd",
      child,
      { pidPath: paths.pid, vmPid: undefined as number | undefined },
      () => logTail(20),
      killGroup,
    );
    current = run;
    try {
      await waitUntilReady(run, domain, listeners);
      const errors = readFrom(logPath, logOffset)
        .split("\n")
        .filter((line) => /\[(error|critical|alert|emergency)\]/.test(line));
      if (errors.length > 0) throw new Error(`ejabberd logged errors during start-up:\n${errors.join("\n")}`);
      run.ready = true;
    } catch (err) {
      await stopRun(run);
      current = undefined;
      const log = `--- ${logPath} (last lines) ---\n${logTail(30)}`;
      throw new Error(`${(err as Error).message}\n${log}`, { cause: err });
    }
  }

  async function stop(): Promise<void> {
    if (!current) return;
    const run = current;
    await stopRun(run);
    if (current === run) current = undefined;
  }

  await launch();
  const api = { host: "127.0.0.1", port: ports.api };
  const server: Ejabberd = {
    kind: "ejabberd",
    domain,
    extraDomains,
    host: "127.0.0.1",
    c2sPort: ports.c2s,
    componentPort: ports.component,
    httpPort: undefined,
    apiPort: ports.api,
    nodeName,
    components,
    dir,
    dataDir: paths.spool,
    configPath,
    logPath,
    get pid() {
      return current && !current.exit ? vmPid(current) : undefined;
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
      if (!["SIGHUP", "SIGUSR1", "SIGUSR2", "SIGSTOP", "SIGCONT"].includes(signal))
        current.exitExpected = true;
      signalVm(current, signal);
    },
    registerUsers(users, host = domain) {
      checkUserDomain(server, host);
      return registerOverApi(api, host, users);
    },
    befriend: (names, group) => befriendOverApi(api, domain, names, group),
    logTail,
  };
  return server;
}

/** Our environment without anything that would point ejabberdctl or Erlang elsewhere; HOME is
 *  the instance directory, where Erlang finds this node's cookie. */
function serverEnvironment(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(EJABBERD|ERL|ERLANG)_/.test(key) && key !== "ERL_LIBS") env[key] = value;
  }
  return { ...env, HOME: home };
}

async function waitUntilReady(run: Run, domain: string, listeners: [string, number][]) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  const waiting = new Map(listeners);
  for (;;) {
    if (run.exit) throw new Error(`ejabberd exited during start-up (${describeExit(run.exit)}).`);
    for (const [name, port] of waiting) if (await acceptsConnections(port)) waiting.delete(name);
    if (waiting.size === 0 && (await answersXmppStream(listeners[0]![1], domain))) return;
    if (Date.now() > deadline) {
      const missing = [...waiting].map(([name, port]) => `${name} ${port}`).join(", ");
      throw new Error(
        `ejabberd was not ready within ${READY_TIMEOUT_MS} ms (${missing || "c2s did not answer"}).`,
      );
    }
    await delay(READY_POLL_MS); // polling ports, bounded by the deadline above
  }
}

// ---------------------------------------------------------------------------------------------
// Accounts and rosters through mod_http_api. Measured here: 2–5 ms per account with 4 requests in
// flight, against ~400 ms per `ejabberdctl register` (each boots an Erlang VM).

interface Api {
  host: string;
  port: number;
}

const API_CONCURRENCY = 4;
/** Usernames that nodeprep leaves unchanged, so the account is the name the test logs in with. */
const PLAIN_USERNAME = /^[a-z0-9][a-z0-9._-]*$/;

/** Calls an ejabberd API command; resolves with its JSON answer, or null for a 409 when allowed. */
async function callApi(api: Api, command: string, args: object, conflictOk = false): Promise<unknown> {
  const response = await fetch(`http://${api.host}:${api.port}/api/${command}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(args),
  });
  const text = await response.text();
  if (response.status === 409 && conflictOk) return null;
  if (!response.ok) throw new Error(`ejabberd API ${command} answered ${response.status}: ${text}`);
  return JSON.parse(text) as unknown;
}

/** Runs `task` on every item, at most API_CONCURRENCY at a time. */
async function eachLimited<T>(items: readonly T[], task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(API_CONCURRENCY, items.length) }, worker));
}

/** Creates the accounts; an existing one gets the new password, as with Prosody. */
async function registerOverApi(api: Api, domain: string, users: readonly ServerAccount[]): Promise<void> {
  for (const { name, password } of users) {
    if (!PLAIN_USERNAME.test(name)) {
      throw new Error(`Test username ${JSON.stringify(name)} must match ${String(PLAIN_USERNAME)}`);
    }
    if (password.length === 0) throw new Error(`Empty password for test user ${name}`);
  }
  await eachLimited(users, async ({ name, password }) => {
    const user = { user: name, host: domain };
    const created = await callApi(api, "register", { ...user, password }, true);
    if (created === null) await callApi(api, "change_password", { ...user, newpass: password });
  });
}

/** Mutual `both` subscriptions in roster group `group`, for users whose roster is still empty. */
async function befriendOverApi(api: Api, domain: string, names: readonly string[], group: string) {
  await eachLimited(names, async (name) => {
    const roster = await callApi(api, "get_roster", { user: name, host: domain });
    if (Array.isArray(roster) && roster.length > 0) return;
    for (const other of names.filter((n) => n !== name)) {
      const item = { user: other, host: domain, nick: other, group, subs: "both" };
      await callApi(api, "add_rosteritem", { localuser: name, localhost: domain, ...item });
    }
  });
}

// ---------------------------------------------------------------------------------------------
// The process: ejabberdctl (bash) and its Erlang VM

interface Run extends ServerRun {
  pidPath: string;
  vmPid: number | undefined;
}

/** The Erlang VM's pid, once ejabberd has written its pidfile. */
function vmPid(run: Run): number | undefined {
  if (run.vmPid === undefined && existsSync(run.pidPath)) {
    const pid = Number(readFileSync(run.pidPath, "utf8").trim());
    if (Number.isInteger(pid) && pid > 1) run.vmPid = pid;
  }
  return run.vmPid;
}

/** Signals the VM; before it has a pidfile, the whole process group. */
function signalVm(run: Run, signal: NodeJS.Signals): void {
  const pid = vmPid(run);
  try {
    if (pid !== undefined) process.kill(pid, signal);
    else process.kill(-run.child.pid!, signal);
  } catch {
    // already gone
  }
}

function killGroup(run: Run): void {
  try {
    process.kill(-run.child.pid!, "SIGKILL");
  } catch {
    // nothing left
  }
}

async function stopRun(run: Run): Promise<void> {
  run.exitExpected = true;
  if (!run.exit) {
    // SIGTERM makes the VM stop ejabberd cleanly (Mnesia closes its tables); too early in
    // start-up for that, there is nothing worth saving.
    if (vmPid(run) !== undefined) {
      signalVm(run, "SIGCONT"); // a frozen VM (kill("SIGSTOP")) would not act on SIGTERM
      signalVm(run, "SIGTERM");
    } else killGroup(run);
    if (!(await settlesWithin(run.exited, STOP_TIMEOUT_MS))) killGroup(run);
    if (!(await settlesWithin(run.exited, STOP_TIMEOUT_MS))) {
      throw new Error(`ejabberd (pid ${run.child.pid}) did not exit after SIGTERM and SIGKILL`);
    }
  }
  killGroup(run); // helpers the VM started, if any outlived it
}
