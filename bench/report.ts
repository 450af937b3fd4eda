// The results as Markdown: the machine, the server and its configuration, one row per case and N,
// the a/b, p/b, a/c and n/g ratios, the memory and start-up runs, the chat-state case, and each
// target with PASS or MISS. The same text is printed and written to BENCHMARKS.md below its
// hand-written header: a Prosody run in the section under the marker line, an ejabberd run in a
// section of its own at the end of the file (each leaves the other's alone).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, release, totalmem } from "node:os";
import type { ServerKind } from "../scripts/lib/server-interface.js";
import type { CaseRow } from "./case-run.js";
import { caseTitle, type CaseKey } from "./cases/target.js";
import type { MemoryResult } from "./memory.js";
import type { StartupResult } from "./startup.js";
import { meanRate, type SweepResult } from "./sweep.js";
import { cpuPercent, cpuPerState, type StatePhase, type StatesResult, type StatesRow } from "./states.js";
import type { Phase } from "./measure.js";

/** The server a run measured against. */
export interface ReportServer {
  /** Also the label of its process in the measured CPU and memory. */
  kind: ServerKind;
  /** "Prosody" or "ejabberd". */
  name: string;
  version: string;
  /** Its modules and settings, one line. */
  modules: string;
}

export interface Report {
  date: string;
  server: ReportServer;
  manifoldCommand: string;
  manifoldConfig: string;
  settings: string;
  fdLimit: string;
  rows: CaseRow[];
  memory?: MemoryResult | undefined;
  startup?: StartupResult | undefined;
  states?: StatesResult | undefined;
  sweep?: SweepResult | undefined;
  failures: string[];
  notes: string[];
}

const TARGET_N = 1000;
/** a/b at N=1000 (issue 18): the topic, expanded by the server, against the server's own MUC. */
const TOPIC_VS_MUC: Record<ServerKind, number> = { prosody: 1.2, ejabberd: 0.8 };
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

export function machine(server: Pick<ReportServer, "name" | "version">): string {
  const cpu = cpus();
  return [
    `CPU: ${cpu[0]?.model ?? "unknown"}, ${cpu.length} cores; RAM ${dec(totalmem() / 2 ** 30)} GiB; Linux ${release()}`,
    `Node ${process.version}; ${server.name} ${server.version}`,
  ].join("\n");
}

function caseTable(rows: CaseRow[], server: ReportServer): string {
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
      `${server.name} µs/dlv`,
      "bench µs/dlv",
      `peak RSS Manifold / ${server.name} MiB`,
    ],
    rows.map((r) => [
      `${r.key} ${caseTitle(r.key, server.name)}`,
      String(r.n),
      String(r.full.messages),
      int(r.full.rate),
      `${dec(r.full.p50)} / ${dec(r.full.p99)}`,
      dec(r.pacedPerSecond),
      `${dec(r.paced.p50)} / ${dec(r.paced.p99)}`,
      MANIFOLD_CASES.includes(r.key) ? dec(perDelivery(r, "manifold")) : "–",
      dec(perDelivery(r, server.kind)),
      dec(perDelivery(r, "bench")),
      `${dec(peak(r, "manifold"), 0)} / ${dec(peak(r, server.kind), 0)}`,
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
  const topicVsMuc = TOPIC_VS_MUC[report.server.kind];
  if (a && b) {
    const ratio = a.full.rate / b.full.rate;
    rows.push([`a/b ≥ ${topicVsMuc} at N=${TARGET_N}`, dec(ratio, 2), verdict(ratio >= topicVsMuc)]);
  } else rows.push([`a/b ≥ ${topicVsMuc} at N=${TARGET_N}`, "not measured", "–"]);
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

function statesTable(s: StatesResult, server: ReportServer): string {
  const label = server.kind;
  const title = (row: StatesRow) =>
    row.kind === "muc"
      ? `${server.name} MUC, ${row.n} occupants`
      : `topic, ${row.n} members${row.kind === "control" ? " (control)" : ""}`;
  const deliveries = (row: StatesRow, p: StatePhase | undefined) =>
    p ? `${int(p.deliveries)} / ${int(expected(row, p))}` : "not run";
  const ofManifold = (row: StatesRow, text: string) => (row.kind === "muc" ? "–" : text);
  return table(
    [
      "room",
      "typing states",
      "deliveries / expected",
      `CPU % Manifold / ${server.name}`,
      "burst states",
      "deliveries / expected",
      "burst s",
      `µs/state Manifold / ${server.name}`,
    ],
    s.rows.map((row) => {
      const t = row.typing;
      const b = row.burst;
      return [
        title(row),
        String(t.states),
        deliveries(row, t),
        `${ofManifold(row, dec(cpuPercent(t, "manifold"), 2))} / ${dec(cpuPercent(t, label), 2)}`,
        b ? String(b.states) : "–",
        deliveries(row, b),
        b ? dec(b.seconds, 2) : "–",
        b ? `${ofManifold(row, big(cpuPerState(b, "manifold")))} / ${big(cpuPerState(b, label))}` : "–",
      ];
    }),
  );
}

/** The server's MUC doing the same job: its deliveries and CPU against the topic's (both processes'). */
function statesComparison(s: StatesResult, server: ReportServer): string {
  const topic = stateRow(s, "topic");
  const muc = stateRow(s, "muc");
  if (!topic || !muc) return "";
  const { kind: label, name } = server;
  const servers = (p: StatePhase, f: (p: StatePhase, label: string) => number) =>
    f(p, "manifold") + f(p, label);
  const ratio = (x: number, y: number) => (y > 0 ? `${dec(x / y, x / y >= 10 ? 0 : 1)}×` : "–");
  const mucTyping = cpuPercent(muc.typing, label);
  const topicTyping = servers(topic.typing, cpuPercent);
  const lines = [
    `${name}'s MUC of ${muc.n} made ${int(muc.typing.deliveries)} state deliveries for ` +
      `${muc.typing.states} states while typing, the topic of ${topic.n} ${int(topic.typing.deliveries)}. ` +
      `At ${s.settings.rate} state/s ${name}'s MUC used ${dec(mucTyping, 2)} % of a core, the topic ` +
      `${dec(topicTyping, 2)} % (Manifold and ${name} together; ${ratio(mucTyping, topicTyping)}).`,
  ];
  if (topic.burst && muc.burst) {
    const mucBurst = cpuPerState(muc.burst, label);
    const topicBurst = servers(topic.burst, cpuPerState);
    lines.push(
      `Per state in a burst: ${big(mucBurst)} µs of ${name}'s CPU in the MUC, ${big(topicBurst)} µs of ` +
        `Manifold's and ${name}'s in the topic (${ratio(mucBurst, topicBurst)}).`,
    );
  }
  return lines.join(" ");
}

function statesPart(s: StatesResult | undefined, server: ReportServer): string[] {
  if (!s) return ["Not run."];
  const { rate, seconds } = s.settings;
  return [
    `Typing: ${rate} state/s for ${seconds} s, alternating composing and paused; CPU % of one core over the phase. ` +
      `Burst: states back to back, then a body; µs per state net of that body's own cost. ` +
      `Idle ${seconds} s, no traffic: Manifold ${dec(cpuPercent(s.idle, "manifold"), 2)} %, ${server.name} ${dec(cpuPercent(s.idle, server.kind), 2)} %.`,
    "",
    statesTable(s, server),
    "",
    statesComparison(s, server),
  ];
}

/** The sweep: its rate, and the fan-out it ran beside, against the same topic without it. */
function sweepPart(s: SweepResult | undefined): string {
  if (!s) return "Sweep: not run.";
  const row = (label: string, phases: readonly Phase[]) => {
    const cpu = phases.reduce((sum, p) => sum + (p.cpu.manifold ?? NaN), 0);
    const deliveries = phases.reduce((sum, p) => sum + p.deliveries, 0);
    const worst = (pick: (p: Phase) => number) => (phases.length ? Math.max(...phases.map(pick)) : NaN);
    return [
      `${label} (${phases.length} phase${phases.length === 1 ? "" : "s"})`,
      int(meanRate(phases)),
      dec(worst((p) => p.p50)),
      dec(worst((p) => p.p99)),
      dec(cpu / deliveries),
    ];
  };
  return [
    `${int(s.messages)} archived messages, 60 days old, in ${s.rooms} group rooms (written in ${dec(s.writeSeconds)} s), ` +
      `expired by archive.expireAfter 30d: swept in ${dec(s.sweepSeconds)} s, ${int(s.messages / s.sweepSeconds)} messages/s.`,
    "",
    table(
      [
        `topic fan-out, N=${int(s.n)}`,
        "deliveries/s (mean)",
        "worst p50 ms",
        "worst p99 ms",
        "Manifold CPU µs/delivery, sweep included",
      ],
      [
        row("store kept whole", s.baseline),
        row("while sweeping", s.during),
        ["ratio while sweeping ÷ kept whole", dec(meanRate(s.during) / meanRate(s.baseline), 2), "", "", ""],
      ],
    ),
    "",
    "A phase counts as while sweeping when it began after the first removal and ended before the last.",
  ].join("\n");
}

export function renderReport(report: Report): string {
  const m = report.memory;
  const s = report.startup;
  const { server } = report;
  const parts = [
    // A Prosody run's heading is as it always was; an ejabberd run's says so.
    `## Results of ${report.date}${server.kind === "prosody" ? "" : ` on ${server.name}`}`,
    "",
    "```",
    machine(server),
    `${server.name} modules: ${server.modules}`,
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
    report.rows.length ? caseTable(report.rows, server) : "(no case measured)",
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
    "### Archive retention",
    "",
    sweepPart(report.sweep),
    "",
    "### Chat states (case s)",
    "",
    ...statesPart(report.states, server),
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

/** The line under which a Prosody run writes its report; everything above it is hand-written. */
const MARKER = "<!-- Everything below is written by `npm run bench`. -->";
/** An ejabberd run writes its report between these two lines, at the end of the file (after the
 *  Prosody report); a Prosody run keeps that section as it is, and an ejabberd run the rest. */
const EJABBERD_BEGIN =
  "<!-- BEGIN ejabberd: written by `BENCH_SERVER=ejabberd npm run bench`; a Prosody run keeps it. -->";
const EJABBERD_END = "<!-- END ejabberd -->";

const DEFAULT_HEADER = `# Benchmarks

(Method: see bench/run.ts.)
`;

/**
 * Writes a run's report into BENCHMARKS.md, keeping the hand-written header: a Prosody run
 * rewrites what is below the marker line (up to the ejabberd section, kept), an ejabberd run
 * rewrites its own section (appended at the end the first time) and keeps everything else.
 */
export function writeBenchmarks(path: string, markdown: string, server: ServerKind): void {
  const current = existsSync(path) ? readFileSync(path, "utf8") : "";
  const begin = current.indexOf(EJABBERD_BEGIN);
  const endAt = begin >= 0 ? current.indexOf(EJABBERD_END, begin) : -1;
  const sectionEnd = endAt >= 0 ? endAt + EJABBERD_END.length : current.length;
  /** The header and the Prosody report. */
  const before = begin >= 0 ? current.slice(0, begin) : current;
  const ejabberd = begin >= 0 ? current.slice(begin, sectionEnd) : undefined;
  const after = (begin >= 0 ? current.slice(sectionEnd) : "") || "\n";
  if (server === "ejabberd") {
    const head =
      begin >= 0 ? before : before.trim() === "" ? `${DEFAULT_HEADER}\n` : `${before.trimEnd()}\n\n`;
    writeFileSync(path, `${head}${EJABBERD_BEGIN}\n\n${markdown}\n${EJABBERD_END}${after}`);
    return;
  }
  const at = before.indexOf(MARKER);
  const header = at >= 0 ? before.slice(0, at) : DEFAULT_HEADER + "\n";
  const kept = ejabberd === undefined ? "" : `\n${ejabberd}${after}`;
  writeFileSync(path, `${header}${MARKER}\n\n${markdown}${kept}`);
}
