// `npm run bench`: starts a lean Prosody (or, with BENCH_SERVER=ejabberd, a lean ejabberd: see
// server.ts), Manifold (a child process) and N real receivers, and measures topic fan-out through
// Manifold (a; p with one stanza per copy) against the server's own MUC (b) and a bare component
// (c), and a room of three levels of nested groups (n) against a flat room (g), both on Manifold;
// then memory over a long run, a topic owner's chat states above and within the bound against the
// server's MUC (s), start-up with many stored topics, and the archive retention sweep of a million
// expired messages under fan-out. Prints the results and writes them to
// the server's section of BENCHMARKS.md. Exits 1 if anything broke (lost deliveries, timeouts, a
// case that failed).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { XmppServer } from "../scripts/lib/server-interface.js";
import { connectUser } from "../spec/helpers/users.js";
import { BareComponent } from "./bare-component.js";
import { bareTarget } from "./cases/bare.js";
import { flatTarget } from "./cases/flat.js";
import { mucJid, mucTarget } from "./cases/muc.js";
import { nestedTarget } from "./cases/nested.js";
import type { CaseKey, Target } from "./cases/target.js";
import { topicTarget } from "./cases/topic.js";
import { buildManifold, checkConfig, ManifoldProcess } from "./manifold-process.js";
import type { Watched } from "./measure.js";
import { memoryRun, type MemoryResult } from "./memory.js";
import { BARE_DOMAIN, GROUPS_DOMAIN, LISTS_DOMAIN, P_GROUPS_DOMAIN, P_LISTS_DOMAIN } from "./domains.js";
import { waitForDomains } from "./ready.js";
import { connectReceivers, stopReceivers, type Receiver } from "./receivers.js";
import { machine, renderReport, writeBenchmarks } from "./report.js";
import { runMatrix } from "./matrix.js";
import { serverName, serverVersion, startBenchServer } from "./server.js";
import { GROUP_CASES, MANIFOLD_CONFIG, readSettings, type Settings } from "./settings.js";
import { measureStartup, writeTopics, type StartupResult } from "./startup.js";
import { statesRun, type StatesResult } from "./states.js";
import { sweepRun, type SweepResult } from "./sweep.js";
import { Tally } from "./tally.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const DOMAINS = [GROUPS_DOMAIN, LISTS_DOMAIN];
const READY_TIMEOUT_MS = 30_000;

const say = (line: string) => process.stdout.write(`${line}\n`);

function openFileLimit(): number {
  const line = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync("/proc/self/limits", "utf8"));
  return line?.[1] === "unlimited" ? Infinity : Number(line?.[1] ?? 1024);
}

/** The same on either server, so that the figures compare (server.ts says so in the notes). */
function manifoldEnv(
  server: XmppServer,
  secret: string,
  config: string,
  data: string,
): Record<string, string> {
  return {
    MANIFOLD_SERVER: `${server.host}:${server.componentPort}`,
    MANIFOLD_SECRET: secret,
    MANIFOLD_GROUPS_DOMAIN: GROUPS_DOMAIN,
    MANIFOLD_LISTS_DOMAIN: LISTS_DOMAIN,
    MANIFOLD_LOCAL_DOMAINS: server.domain,
    MANIFOLD_DATA: data,
    MANIFOLD_LOG_LEVEL: "warn",
    MANIFOLD_CONFIG: config,
    // Server-side fan-out (issue 18) through the server's multicast service: mod_manifold_multicast,
    // which the lean Prosody loads, or ejabberd's mod_multicast.
    MANIFOLD_EXPANSION: "auto",
  };
}

async function main(dir: string, cleanup: (() => unknown)[]): Promise<number> {
  const settings = readSettings();
  const failures: string[] = [];
  const notes: string[] = [];
  const maxN = Math.max(...settings.ns, settings.states?.n ?? 0);
  say(machine({ name: serverName(settings.server), version: serverVersion(settings.server) }));
  const fdLimit = openFileLimit();
  if (fdLimit < maxN + 200) {
    throw new Error(
      `the open-file limit is ${fdLimit}; ${maxN} receivers need more: run \`ulimit -n 4096\` first`,
    );
  }

  say("building Manifold from src/ (tsc into tmp/bench-build)…");
  const cli = buildManifold(ROOT);
  const bench = await startBenchServer(settings.server, join(dir, settings.server));
  const { server, secret } = bench;
  cleanup.push(() => server.stop());
  notes.push(...bench.notes);
  const serverPid = server.pid;
  if (serverPid === undefined) throw new Error(`${bench.name} started but has no process id`);
  say(`${bench.name} ${bench.version} (pid ${serverPid}); modules: ${bench.modules}`);
  const configPath = join(dir, "manifold.yaml");
  writeFileSync(configPath, MANIFOLD_CONFIG);
  const env = manifoldEnv(server, secret, configPath, join(dir, "manifold-data"));
  const check = checkConfig(cli, env);
  if (!check.ok) throw new Error(`Manifold rejects the benchmark configuration: ${check.message}`);
  const manifold = new ManifoldProcess(cli, env, join(dir, "manifold.log"));
  cleanup.push(() => manifold.stop());
  const owner = await connectUser(server, "owner");
  cleanup.push(() => owner.stop());
  await waitForDomains(owner, DOMAINS, manifold, READY_TIMEOUT_MS);
  say(`Manifold (pid ${manifold.pid}) serves ${DOMAINS.join(" and ")}`);
  // Case p: the same code with expansion off, on its own domains and data, for the comparison.
  const perCopy = settings.cases.includes("p")
    ? new ManifoldProcess(
        cli,
        {
          ...manifoldEnv(server, secret, configPath, join(dir, "manifold-p-data")),
          MANIFOLD_GROUPS_DOMAIN: P_GROUPS_DOMAIN,
          MANIFOLD_LISTS_DOMAIN: P_LISTS_DOMAIN,
          MANIFOLD_EXPANSION: "off",
        },
        join(dir, "manifold-p.log"),
      )
    : undefined;
  if (perCopy) {
    cleanup.push(() => perCopy.stop());
    await waitForDomains(owner, [P_GROUPS_DOMAIN, P_LISTS_DOMAIN], perCopy, READY_TIMEOUT_MS);
    say(`case p's Manifold (pid ${perCopy.pid}, expansion off) serves ${P_LISTS_DOMAIN}`);
  }

  const tally = new Tally();
  const receivers: Receiver[] = [];
  cleanup.push(() => stopReceivers(receivers));
  const prepare = async (n: number) => {
    const began = performance.now();
    await connectReceivers(server, receivers, n, tally);
    say(`${n} receivers logged in (PLAIN) in ${((performance.now() - began) / 1000).toFixed(1)} s`);
  };
  const bare = await BareComponent.connect(server.host, server.componentPort, BARE_DOMAIN, secret);
  cleanup.push(() => bare.close());

  const watched: Watched[] = [
    { label: "manifold", pid: manifold.pid },
    // The server's CPU and memory go under its kind ("prosody", "ejabberd"; the Erlang VM's pid).
    { label: settings.server, pid: serverPid },
  ];
  // Case p is measured on its own Manifold, under the same label.
  const watchedFor = (key: CaseKey): Watched[] =>
    key === "p" && perCopy ? [{ label: "manifold", pid: perCopy.pid }, watched[1]!] : watched;
  const setUp = (key: CaseKey, n: number): Promise<Target> => {
    switch (key) {
      case "a":
        return topicTarget(owner, receivers, n);
      case "b":
        return mucTarget(owner, receivers, n);
      case "c":
        return Promise.resolve(bareTarget(bare, server.domain, n));
      case "p":
        return topicTarget(owner, receivers, n, `bench${n}@${P_LISTS_DOMAIN}`, "p");
      case "g":
        return flatTarget(owner, receivers, n);
      case "n":
        return nestedTarget(owner, receivers, n, (line) => {
          notes.push(line);
          say(line);
        });
    }
  };
  const manifoldFor = (key: CaseKey) => (key === "p" && perCopy ? perCopy : manifold);
  const matrix = await runMatrix({ ...settings, prepare, setUp, tally, watchedFor, manifoldFor, say });
  const { rows } = matrix;
  failures.push(...matrix.failures);
  if (tally.strays || tally.duplicates) {
    notes.push(`${tally.strays} late or stray deliveries, ${tally.duplicates} duplicates (should be 0)`);
  }

  let memory: MemoryResult | undefined;
  const memoryN = Math.max(0, ...settings.caseNs);
  const memoryTopic = matrix.targets.get(`a${memoryN}`);
  if (settings.memoryMessages > 0 && memoryTopic) {
    say(`memory run: case a, N=${memoryN}, ${settings.memoryMessages} messages…`);
    try {
      memory = await memoryRun(memoryTopic, tally, watched[0]!, settings.memoryMessages, watched);
    } catch (err) {
      failures.push(`memory run: ${(err as Error).message}`);
    }
  } else if (settings.memoryMessages > 0)
    notes.push(`memory run skipped: no working case a topic at N=${memoryN}`);

  // Last on this Manifold: its members accept the topics' presence subscriptions, which no case
  // before it should see.
  let states: StatesResult | undefined;
  if (settings.states) {
    try {
      if (manifold.exit) throw new Error(`Manifold has exited (${manifold.exit}):\n${manifold.logTail()}`);
      const { n } = settings.states;
      await prepare(n);
      const mucRoom = matrix.targets.has(`b${n}`) ? mucJid(n) : undefined;
      states = await statesRun({ settings: settings.states, owner, receivers, tally, watched, mucRoom, say });
      failures.push(...states.failures);
      notes.push(...states.notes);
    } catch (err) {
      failures.push(`case s: ${(err as Error).message}`);
      say(`case s FAILED: ${(err as Error).message}`);
    }
  }
  await manifold.stop();

  let startup: StartupResult | undefined;
  if (settings.topics > 0) {
    say(`start-up: writing ${settings.topics} topics…`);
    try {
      const data = join(dir, "startup-data");
      const writeSeconds = await writeTopics(data, settings.topics);
      const log = join(dir, "manifold-startup.log");
      const measured = await measureStartup(cli, { ...env, MANIFOLD_DATA: data }, owner, DOMAINS, log);
      startup = { topics: settings.topics, writeSeconds, ...measured };
    } catch (err) {
      failures.push(`start-up: ${(err as Error).message}`);
    }
  }

  // Archive retention: a million expired messages swept while a topic of the largest N fans out.
  let sweep: SweepResult | undefined;
  const sweepN = Math.max(0, ...settings.caseNs);
  if (settings.sweepMessages > 0 && sweepN > 0) {
    try {
      await prepare(sweepN);
      sweep = await sweepRun({
        cli,
        env,
        config: MANIFOLD_CONFIG,
        dataDir: join(dir, "sweep-data"),
        dir,
        owner,
        receivers,
        tally,
        n: sweepN,
        messages: settings.sweepMessages,
        phaseMessages: Math.max(5, Math.ceil(settings.messagesFor(sweepN) / 4)),
        watchedServer: watched[1]!,
        say,
      });
    } catch (err) {
      failures.push(`sweep: ${(err as Error).message}`);
      say(`sweep FAILED: ${(err as Error).message}`);
    }
  }

  const markdown = renderReport({
    date: new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC",
    server: { kind: bench.kind, name: bench.name, version: bench.version, modules: bench.modules },
    manifoldCommand:
      "node tmp/bench-build/dist/cli.js start (src/ compiled by tsc, as bin/manifold.js runs dist/)",
    manifoldConfig: MANIFOLD_CONFIG,
    settings: describeSettings(settings),
    fdLimit: String(fdLimit),
    rows,
    memory,
    startup,
    states,
    sweep,
    failures,
    notes,
  });
  say(`\n${markdown}`);
  writeBenchmarks(join(ROOT, "BENCHMARKS.md"), markdown, bench.kind);
  say(`written to BENCHMARKS.md${bench.kind === "prosody" ? "" : ` (its ${bench.name} section)`}`);
  return failures.length ? 1 : 0;
}

function describeSettings(s: Settings): string {
  const perN = s.ns.map((n) => `N=${n}: ${s.messagesFor(n)} msgs`).join(", ");
  const at = (ns: number[]) => (ns.length ? `N=${ns.join(", ")}` : "no N");
  const where = s.cases.some((c) => GROUP_CASES.includes(c))
    ? `; cases ${s.cases.join(", ")}: ${s.cases
        .filter((c) => !GROUP_CASES.includes(c))
        .join(", ")} at ${at(s.caseNs)}, g and n at ${at(s.groupNs)}`
    : "";
  const rounds = `best of ${s.rounds} round${s.rounds > 1 ? "s" : ""}`;
  const states = s.states
    ? `; s: topic of ${s.states.n}, ${s.states.rate} state/s for ${s.states.seconds} s, burst of ${s.states.burst}`
    : "";
  return `${perN || "no fan-out case"}${where}; ${rounds}${states}${s.overrides.length ? ` (overrides: ${s.overrides.join(" ")})` : ""}`;
}

async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "manifold-bench-"));
  const cleanup: (() => unknown)[] = [];
  // Ctrl-C: exit handlers (the server harness, ManifoldProcess) SIGKILL the children.
  process.once("SIGINT", () => process.exit(130));
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  let code = 1;
  try {
    code = await main(dir, cleanup);
  } catch (err) {
    say(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  } finally {
    for (const step of cleanup.reverse())
      await Promise.resolve()
        .then(step)
        .catch(() => undefined);
  }
  process.exit(code);
}

await run();
