// The results as Markdown: the machine, the configuration, one row per case and N, the a/b, p/b,
// a/c and n/g ratios, the memory and start-up runs, the chat-state case, and each target with PASS or
// MISS. The same text is printed and written to BENCHMARKS.md below its hand-written header.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, release, totalmem } from "node:os";
import type { CaseRow } from "./case-run.js";
import { CASE_TITLES, type CaseKey } from "./cases/target.js";
import type { MemoryResult } from "./memory.js";
import type { StartupResult } from "./startup.js";
import { cpuPercent, cpuPerState, type StatePhase, type StatesResult, type StatesRow } from "./states.js";

export interface Report {
  date: string;
  prosodyVersion: string;
  prosodyModules: string;
  manifoldCommand: string;
  manifoldConfig: string;
  settings: string;
  fdLimit: string;
  rows: CaseRow[];
  memory?: MemoryResult | undefined;
  startup?: StartupResult | undefined;
  states?: StatesResult | undefined;
  failures: string[];
  notes: string[];
}

const TARGET_N = 1000;
/** The cases whose deliveries Manifold makes (its CPU per delivery is shown for these only). */
const MANIFOLD_CASES: readonly CaseKey[] = ["a", "p", "g", "n"];
const int = (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString("en-US") : "–");
const dec = (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : "–");
/** Large figures (a MUC's CPU per state) without a meaningless decimal. */
const big = (v: number) => (Math.abs(v) >= 1000 ? int(v) : dec(v));
const verdict = (pass: boolean) => (pass ? "PASS" : "MISS");

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

export function machine(prosodyVersion: string): string {
  const cpu = cpus();
  return [
    `CPU: ${cpu[0]?.model ?? "unknown"}, ${cpu.length} cores; RAM ${dec(totalmem() / 2 ** 30)} GiB; Linux ${release()}`,
    `Node ${process.version}; Prosody ${prosodyVersion}`,
  ].join("\n");
}

function caseTable(rows: CaseRow[]): string {
  const perDelivery = (row: CaseRow, label: string) => row.full.cpu[label]! / row.full.deliveries;
  const peak = (row: CaseRow, label: string) => Math.max(row.full.peakRss[label]!, row.paced.peakRss[label]!);
  return table(
    [
      "case",
      "N",
      "msgs",
      "deliveries/s",
      "full p50 / p99 ms",
      "paced msgs/s",
      "paced p50 / p99 ms",
      "Manifold µs/dlv",
      "Prosody µs/dlv",
      "bench µs/dlv",
      "peak RSS Manifold / Prosody MiB",
    ],
    rows.map((r) => [
      `${r.key} ${CASE_TITLES[r.key]}`,
      String(r.n),
      String(r.full.messages),
      int(r.full.rate),
      `${dec(r.full.p50)} / ${dec(r.full.p99)}`,
      dec(r.pacedPerSecond),
      `${dec(r.paced.p50)} / ${dec(r.paced.p99)}`,
      MANIFOLD_CASES.includes(r.key) ? dec(perDelivery(r, "manifold")) : "–",
      dec(perDelivery(r, "prosody")),
      dec(perDelivery(r, "bench")),
      `${dec(peak(r, "manifold"), 0)} / ${dec(peak(r, "prosody"), 0)}`,
    ]),
  );
}

function ratioTable(rows: CaseRow[]): string {
  const ns = [...new Set(rows.map((r) => r.n))];
  const rate = (key: CaseKey, n: number) => rows.find((r) => r.key === key && r.n === n)?.full.rate ?? NaN;
  return table(
    [
      "N",
      "a deliveries/s",
      "b deliveries/s",
      "c deliveries/s",
      "p deliveries/s",
      "a/b",
      "p/b",
      "a/c",
      "g deliveries/s",
      "n deliveries/s",
      "n/g",
    ],
    ns.map((n) => [
      String(n),
      int(rate("a", n)),
      int(rate("b", n)),
      int(rate("c", n)),
      int(rate("p", n)),
      dec(rate("a", n) / rate("b", n), 2),
      dec(rate("p", n) / rate("b", n), 2),
      dec(rate("a", n) / rate("c", n), 2),
      int(rate("g", n)),
      int(rate("n", n)),
      dec(rate("n", n) / rate("g", n), 2),
    ]),
  );
}

function targets(report: Report): string {
  const rows: string[][] = [];
  const at = (key: CaseKey, n = TARGET_N) => report.rows.find((r) => r.key === key && r.n === n);
  const a = at("a");
  const b = at("b");
  const c = at("c");
  // Issue 18: a topic, expanded by the server, against the server's own MUC.
  if (a && b) {
    const ratio = a.full.rate / b.full.rate;
    rows.push([`a/b ≥ 1.2 at N=${TARGET_N}`, dec(ratio, 2), verdict(ratio >= 1.2)]);
  } else rows.push([`a/b ≥ 1.2 at N=${TARGET_N}`, "not measured", "–"]);
  for (const n of [10, 100]) {
    const [an, bn] = [at("a", n), at("b", n)];
    const label = `paced p50 a ÷ b ≤ 1.2 at N=${n}`;
    if (an && bn) {
      const ratio = an.paced.p50 / bn.paced.p50;
      rows.push([
        label,
        `${dec(ratio, 2)} (${dec(an.paced.p50)} / ${dec(bn.paced.p50)} ms)`,
        verdict(ratio <= 1.2),
      ]);
    } else rows.push([label, "not measured", "–"]);
  }
  if (a && c) {
    const ratio = a.full.rate / c.full.rate;
    rows.push([`a/c ≥ 0.9 at N=${TARGET_N}`, dec(ratio, 2), verdict(ratio >= 0.9)]);
  } else rows.push([`a/c ≥ 0.9 at N=${TARGET_N}`, "not measured", "–"]);
  const g = at("g");
  const nested = at("n");
  if (g && nested) {
    const ratio = nested.full.rate / g.full.rate;
    rows.push([`n/g ≥ 0.9 at N=${TARGET_N}`, dec(ratio, 2), verdict(ratio >= 0.9)]);
  } else rows.push([`n/g ≥ 0.9 at N=${TARGET_N}`, "not measured", "–"]);
  if (g && b) {
    const ratio = g.full.rate / b.full.rate;
    rows.push([`g/b ≥ 0.9 at N=${TARGET_N}`, dec(ratio, 2), verdict(ratio >= 0.9)]);
  } else rows.push([`g/b ≥ 0.9 at N=${TARGET_N}`, "not measured", "–"]);
  if (a) {
    const us = a.full.cpu.manifold! / a.full.deliveries;
    rows.push([`Manifold CPU ≤ 3 µs/delivery at N=${TARGET_N}`, `${dec(us)} µs`, verdict(us <= 3)]);
  } else rows.push([`Manifold CPU ≤ 3 µs/delivery at N=${TARGET_N}`, "not measured", "–"]);
  const m = report.memory;
  rows.push(
    m
      ? [
          `memory flat over ${int(m.deliveries)} deliveries (N=${m.n})`,
          `start ${dec(m.start)} / middle ${dec(m.middle)} / end ${dec(m.end)} / peak ${dec(m.peak)} MiB`,
          verdict(m.flat),
        ]
      : ["memory flat", "not measured", "–"],
  );
  const s = report.startup;
  if (s) {
    const rss = Math.max(s.rssAtReady, s.rssSettled);
    rows.push([
      `start-up < 2 s with ${int(s.topics)} topics`,
      `${dec(s.readyMs / 1000, 2)} s`,
      verdict(s.readyMs < 2000),
    ]);
    rows.push([`RSS after start < 300 MB`, `${dec(rss)} MiB`, verdict(rss < 300)]);
  } else rows.push(["start-up < 2 s, RSS < 300 MB", "not measured", "–"]);
  rows.push(...stateTargets(report.states));
  return table(["target", "measured", "result"], rows);
}

const stateRow = (s: StatesResult, kind: StatesRow["kind"]) => s.rows.find((r) => r.kind === kind);
const expected = (row: StatesRow, p: StatePhase) => p.states * row.expectedPerState;

/** Case s: nothing beyond the bound, the control gets every state, and Manifold's CPU while typing. */
function stateTargets(s: StatesResult | undefined): string[][] {
  const topic = s && stateRow(s, "topic");
  const control = s && stateRow(s, "control");
  if (!s || !topic || !control)
    return [["chat states: none beyond the bound, CPU < 1 %", "not measured", "–"]];
  const phases = (row: StatesRow) => [row.typing, row.burst].filter((p) => p !== undefined);
  const beyond = phases(topic).reduce((sum, p) => sum + p.deliveries, 0);
  const sent = phases(topic).reduce((sum, p) => sum + p.states, 0);
  const cpu = cpuPercent(topic.typing, "manifold");
  return [
    [
      `no chat state beyond the bound (topic of ${topic.n}, bound ${s.bound})`,
      `${int(beyond)} deliveries of ${int(sent)} states${topic.burst ? "" : " (burst not run)"}`,
      verdict(beyond === 0 && topic.burst !== undefined),
    ],
    [
      `control: each state to each of ${control.n} members`,
      phases(control)
        .map((p) => `${int(p.deliveries)} of ${int(expected(control, p))}`)
        .join(", "),
      verdict(phases(control).every((p) => p.wrongReceivers === 0)),
    ],
    [
      `Manifold CPU < 1 % while the owner types (${s.settings.rate}/s, topic of ${topic.n})`,
      `${dec(cpu, 2)} % (idle ${dec(cpuPercent(s.idle, "manifold"), 2)} %)`,
      verdict(cpu < 1),
    ],
  ];
}

function statesTable(s: StatesResult): string {
  const title = (row: StatesRow) =>
    row.kind === "muc"
      ? `Prosody MUC, ${row.n} occupants`
      : `topic, ${row.n} members${row.kind === "control" ? " (control)" : ""}`;
  const deliveries = (row: StatesRow, p: StatePhase | undefined) =>
    p ? `${int(p.deliveries)} / ${int(expected(row, p))}` : "not run";
  const ofManifold = (row: StatesRow, text: string) => (row.kind === "muc" ? "–" : text);
  return table(
    [
      "room",
      "typing states",
      "deliveries / expected",
      "CPU % Manifold / Prosody",
      "burst states",
      "deliveries / expected",
      "burst s",
      "µs/state Manifold / Prosody",
    ],
    s.rows.map((row) => {
      const t = row.typing;
      const b = row.burst;
      return [
        title(row),
        String(t.states),
        deliveries(row, t),
        `${ofManifold(row, dec(cpuPercent(t, "manifold"), 2))} / ${dec(cpuPercent(t, "prosody"), 2)}`,
        b ? String(b.states) : "–",
        deliveries(row, b),
        b ? dec(b.seconds, 2) : "–",
        b ? `${ofManifold(row, big(cpuPerState(b, "manifold")))} / ${big(cpuPerState(b, "prosody"))}` : "–",
      ];
    }),
  );
}

/** Prosody's MUC doing the same job: its deliveries and CPU against the topic's (both servers'). */
function statesComparison(s: StatesResult): string {
  const topic = stateRow(s, "topic");
  const muc = stateRow(s, "muc");
  if (!topic || !muc) return "";
  const servers = (p: StatePhase, f: (p: StatePhase, label: string) => number) =>
    f(p, "manifold") + f(p, "prosody");
  const ratio = (x: number, y: number) => (y > 0 ? `${dec(x / y, x / y >= 10 ? 0 : 1)}×` : "–");
  const mucTyping = cpuPercent(muc.typing, "prosody");
  const topicTyping = servers(topic.typing, cpuPercent);
  const lines = [
    `Prosody's MUC of ${muc.n} made ${int(muc.typing.deliveries)} state deliveries for ` +
      `${muc.typing.states} states while typing, the topic of ${topic.n} ${int(topic.typing.deliveries)}. ` +
      `At ${s.settings.rate} state/s Prosody's MUC used ${dec(mucTyping, 2)} % of a core, the topic ` +
      `${dec(topicTyping, 2)} % (Manifold and Prosody together; ${ratio(mucTyping, topicTyping)}).`,
  ];
  if (topic.burst && muc.burst) {
    const mucBurst = cpuPerState(muc.burst, "prosody");
    const topicBurst = servers(topic.burst, cpuPerState);
    lines.push(
      `Per state in a burst: ${big(mucBurst)} µs of Prosody's CPU in the MUC, ${big(topicBurst)} µs of ` +
        `Manifold's and Prosody's in the topic (${ratio(mucBurst, topicBurst)}).`,
    );
  }
  return lines.join(" ");
}

function statesPart(s: StatesResult | undefined): string[] {
  if (!s) return ["Not run."];
  const { rate, seconds } = s.settings;
  return [
    `Typing: ${rate} state/s for ${seconds} s, alternating composing and paused; CPU % of one core over the phase. ` +
      `Burst: states back to back, then a body; µs per state net of that body's own cost. ` +
      `Idle ${seconds} s, no traffic: Manifold ${dec(cpuPercent(s.idle, "manifold"), 2)} %, Prosody ${dec(cpuPercent(s.idle, "prosody"), 2)} %.`,
    "",
    statesTable(s),
    "",
    statesComparison(s),
  ];
}

export function renderReport(report: Report): string {
  const m = report.memory;
  const s = report.startup;
  const parts = [
    `## Results of ${report.date}`,
    "",
    "```",
    machine(report.prosodyVersion),
    `Prosody modules: ${report.prosodyModules}`,
    `Manifold: ${report.manifoldCommand}`,
    `Settings: ${report.settings}; open-file limit ${report.fdLimit}`,
    "```",
    "",
    "Manifold configuration file (over config/default.yaml):",
    "",
    "```yaml",
    report.manifoldConfig.trimEnd(),
    "```",
    "",
    "### Fan-out",
    "",
    report.rows.length ? caseTable(report.rows) : "(no case measured)",
    "",
    report.rows.length ? ratioTable(report.rows) : "",
    "",
    "### Memory and start-up",
    "",
    m
      ? `Memory run: case a, N=${m.n}, ${int(m.deliveries)} deliveries in ${dec(m.seconds)} s; Manifold RSS start ${dec(m.start)}, middle ${dec(m.middle)}, end ${dec(m.end)}, peak ${dec(m.peak)} MiB.`
      : "Memory run: not run.",
    "",
    s
      ? `Start-up: ${int(s.topics)} stored topics of 10 members (written in ${dec(s.writeSeconds)} s); spawn to both domains answering disco#info ${int(s.readyMs)} ms; RSS ${dec(s.rssAtReady)} MiB then, ${dec(s.rssSettled)} MiB 2 s later.`
      : "Start-up: not run.",
    "",
    "### Chat states (case s)",
    "",
    ...statesPart(report.states),
    "",
    "### Targets",
    "",
    targets(report),
  ];
  if (report.notes.length) parts.push("", "### Notes", "", ...report.notes.map((n) => `- ${n}`));
  if (report.failures.length) {
    parts.push("", "### Failures", "", "```text", ...report.failures, "```");
  }
  return parts.join("\n") + "\n";
}

/** The line under which BENCHMARKS.md is rewritten by each run; everything above it is hand-written. */
const MARKER = "<!-- Everything below is written by `npm run bench`. -->";

const DEFAULT_HEADER = `# Benchmarks

(Method: see bench/run.ts.)
`;

/** Rewrites BENCHMARKS.md below its marker, keeping the hand-written header above it. */
export function writeBenchmarks(path: string, markdown: string): void {
  const current = existsSync(path) ? readFileSync(path, "utf8") : "";
  const at = current.indexOf(MARKER);
  const header = at >= 0 ? current.slice(0, at) : DEFAULT_HEADER + "\n";
  writeFileSync(path, `${header}${MARKER}\n\n${markdown}`);
}
