// `npm run bench:cluster` (issue 20): topic fan-out (case a: copies expanded by each node's
// mod_multicast) through Manifold on one ejabberd node, then on a cluster of two, the receivers
// logged in round-robin over the nodes. Reports deliveries/s, CPU per delivery of Manifold and of
// each node's Erlang VM, and the bytes the nodes exchanged over Erlang distribution (what
// Manifold's spreading costs the cluster). On one machine two nodes share its cores: the figures
// show cost, not scaling (BENCHMARKS.md, "Cluster"). Writes its section of BENCHMARKS.md.
import { MANIFOLD_CONFIG } from "./settings.js";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startEjabberdCluster, type EjabberdCluster } from "../scripts/lib/ejabberd-cluster.js";
import type { Ejabberd } from "../scripts/lib/ejabberd.js";
import { connectUser } from "../spec/helpers/users.js";
import { measureCase, type CaseRow } from "./case-run.js";
import { topicTarget } from "./cases/topic.js";
import { GROUPS_DOMAIN, LISTS_DOMAIN } from "./domains.js";
import { buildManifold, ManifoldProcess } from "./manifold-process.js";
import type { Watched } from "./measure.js";
import { waitForDomains } from "./ready.js";
import { connectOne, receiverName, RECEIVER_PASSWORD, stopReceivers, type Receiver } from "./receivers.js";
import { Tally } from "./tally.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const N = Number(process.env.BENCH_CLUSTER_N ?? 1000);
const MESSAGES = Number(process.env.BENCH_CLUSTER_MESSAGES ?? 40);
const SECRET = "bench-cluster";
const BEGIN = "<!-- BEGIN cluster: written by `npm run bench:cluster`. -->";
const END = "<!-- END cluster -->";

const say = (line: string) => process.stdout.write(`${line}\n`);

interface Result {
  nodes: number;
  row: CaseRow;
  /** Bytes over Erlang distribution between the nodes during the full-speed phase and after. */
  distBytes: number;
}

/** Bytes sent so far on the TCP connections of the nodes' distribution port (`ss` counters). */
function distributionBytes(port: number): number {
  const out = execFileSync(
    "ss",
    ["-tinH", "state", "established", `( sport = :${port} or dport = :${port} )`],
    {
      encoding: "utf8",
    },
  );
  let total = 0;
  for (const match of out.matchAll(/bytes_sent:(\d+)/g)) total += Number(match[1]);
  return total;
}

/** Waits (polling its log, a benchmark's set-up) until Manifold has `count` connections up. */
async function allConnected(manifold: ManifoldProcess, count: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  const online = () =>
    (readFileSync(manifold.logPath, "utf8").match(/"msg":"component online"/g) ?? []).length;
  while (online() < count) {
    if (Date.now() > deadline) throw new Error(`Manifold has ${online()} of ${count} connections up`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function measure(size: number, cli: string, dir: string): Promise<Result> {
  say(`— ${size} node${size === 1 ? "" : "s"}: starting ejabberd…`);
  const cluster: EjabberdCluster = await startEjabberdCluster(size, {
    components: { [GROUPS_DOMAIN]: SECRET, [LISTS_DOMAIN]: SECRET },
    logLevel: "warn",
    c2sBacklog: 1024,
  });
  const cleanup: (() => Promise<void>)[] = [() => cluster.stop()];
  try {
    const configPath = join(dir, `manifold-${size}.yaml`);
    writeFileSync(configPath, MANIFOLD_CONFIG);
    const manifold = new ManifoldProcess(
      cli,
      {
        MANIFOLD_SERVERS: cluster.nodes.map((n) => `${n.host}:${n.componentPort}`).join(","),
        MANIFOLD_SECRET: SECRET,
        MANIFOLD_GROUPS_DOMAIN: GROUPS_DOMAIN,
        MANIFOLD_LISTS_DOMAIN: LISTS_DOMAIN,
        MANIFOLD_LOCAL_DOMAINS: cluster.nodes[0]!.domain,
        MANIFOLD_DATA: join(dir, `manifold-data-${size}`),
        MANIFOLD_LOG_LEVEL: "info",
        MANIFOLD_CONFIG: configPath,
        MANIFOLD_EXPANSION: "auto",
      },
      join(dir, `manifold-${size}.log`),
    );
    cleanup.unshift(() => manifold.stop());
    const first = cluster.nodes[0]!;
    const owner = await connectUser(first, "owner");
    cleanup.unshift(() => owner.stop());
    await waitForDomains(owner, [GROUPS_DOMAIN, LISTS_DOMAIN], manifold, 30_000);
    await allConnected(manifold, 2 * size);

    const tally = new Tally();
    const receivers: Receiver[] = [];
    cleanup.unshift(() => stopReceivers(receivers));
    await first.registerUsers(
      Array.from({ length: N }, (_, i) => ({ name: receiverName(i), password: RECEIVER_PASSWORD })),
    );
    const nodeOf = (i: number): Ejabberd => cluster.nodes[i % size]!;
    for (let start = 0; start < N; start += 50) {
      const batch = Array.from({ length: Math.min(50, N - start) }, (_, k) =>
        connectOne(nodeOf(start + k), start + k, tally),
      );
      receivers.push(...(await Promise.all(batch)));
    }
    receivers.sort((a, b) => a.index - b.index);
    say(`  ${N} receivers logged in over ${size} node${size === 1 ? "" : "s"}`);

    const target = await topicTarget(owner, receivers, N);
    const watched: Watched[] = [
      { label: "manifold", pid: manifold.pid },
      ...cluster.nodes.map((node, i) => ({ label: `node${i + 1}`, pid: node.pid! })),
    ];
    const distPort = Number(
      /ERL_DIST_PORT=(\d+)/.exec(readFileSync(join(first.dir, "config", "ejabberdctl.cfg"), "utf8"))?.[1],
    );
    const before = size > 1 ? distributionBytes(distPort) : 0;
    const row = await measureCase(target, tally, watched, MESSAGES);
    const distBytes = size > 1 ? distributionBytes(distPort) - before : 0;
    say(
      `  ${row.full.rate.toFixed(0)} deliveries/s; Manifold ${(row.full.cpu.manifold! / row.full.deliveries).toFixed(1)} µs/delivery`,
    );
    return { nodes: size, row, distBytes };
  } finally {
    for (const step of cleanup) await step().catch(() => undefined);
  }
}

function render(results: Result[]): string {
  const lines = [
    "## Cluster (issue 20)",
    "",
    `Topic fan-out to ${N} receivers (case a: copies expanded by each node's mod_multicast), ${MESSAGES} messages back to back after a warm-up, through Manifold on one ejabberd 23.01 node and on a cluster of two (receivers round-robin over the nodes, the owner on the first). Run ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, alone on the machine. Per delivery: CPU time during the full-speed phase divided by the deliveries; "distribution" is what the nodes sent each other over Erlang distribution in all three phases.`,
    "",
    "| nodes | deliveries/s | full p50 / p99 ms | Manifold µs/dlv | ejabberd µs/dlv (per node) | ejabberd µs/dlv (all nodes) | distribution bytes/dlv |",
    "| ----- | ------------ | ----------------- | --------------- | -------------------------- | --------------------------- | ---------------------- |",
  ];
  for (const { nodes, row, distBytes } of results) {
    const { full, paced } = row;
    const per = (label: string) => full.cpu[label]! / full.deliveries;
    const nodeCosts = Array.from({ length: nodes }, (_, i) => per(`node${i + 1}`));
    const all = nodeCosts.reduce((a, b) => a + b, 0);
    const deliveries = row.full.deliveries + paced.deliveries;
    lines.push(
      `| ${nodes} | ${full.rate.toFixed(0)} | ${full.p50.toFixed(0)} / ${full.p99.toFixed(0)} | ${per("manifold").toFixed(1)} | ${nodeCosts.map((c) => c.toFixed(1)).join(" / ")} | ${all.toFixed(1)} | ${nodes > 1 ? (distBytes / deliveries).toFixed(0) : "–"} |`,
    );
  }
  const [one, two] = results;
  if (one && two) {
    const cost = (r: Result, label: string) => r.row.full.cpu[label]! / r.row.full.deliveries;
    const alone = cost(one, "node1");
    const shares = [cost(two, "node1"), cost(two, "node2")];
    const busiest = Math.max(...shares);
    const total = shares[0]! + shares[1]!;
    lines.push(
      "",
      `Two nodes: the busier one spends ${busiest.toFixed(1)} µs per delivery against ${alone.toFixed(1)} µs for one node alone, so on machines of their own two nodes would carry ${(alone / busiest).toFixed(2)}× what one does; in all they spend ${(total / alone).toFixed(2)}× the CPU of one node, because a copy for a user whose session is on the other node is routed twice and crosses between the nodes (about half the copies here). docs/operations.md, "Sizing", works from these figures.`,
    );
  }
  return lines.join("\n") + "\n";
}

function write(markdown: string): void {
  const path = join(ROOT, "BENCHMARKS.md");
  const current = existsSync(path) ? readFileSync(path, "utf8") : "";
  const begin = current.indexOf(BEGIN);
  const end = begin >= 0 ? current.indexOf(END, begin) : -1;
  const section = `${BEGIN}\n\n${markdown}\n${END}`;
  const next =
    begin >= 0 && end >= 0
      ? current.slice(0, begin) + section + current.slice(end + END.length)
      : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(path, next);
  // Its tables as the format check (npm test) wants them.
  execFileSync(join(ROOT, "node_modules", ".bin", "prettier"), ["--write", path], { stdio: "ignore" });
}

const dir = mkdtempSync(join(tmpdir(), "manifold-bench-cluster-"));
try {
  say("building Manifold from src/ (tsc into tmp/bench-build)…");
  const cli = buildManifold(ROOT);
  const results = [await measure(1, cli, dir), await measure(2, cli, dir)];
  const markdown = render(results);
  say(`\n${markdown}`);
  write(markdown);
  say("written to BENCHMARKS.md");
} finally {
  rmSync(dir, { recursive: true, force: true });
}
