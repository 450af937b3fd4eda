// Every case at each of its N (with N receivers connected), `rounds` times. The order of the cases
// alternates between rounds so that a drift in the host's speed favours none, and for each case and
// N the round with the highest full-speed rate is kept (noise on a shared machine only ever slows a
// run down). A case is set up once per N (its room or topic is kept for the later rounds).
import { measureCase, type CaseRow } from "./case-run.js";
import type { CaseKey, Target } from "./cases/target.js";
import type { ManifoldProcess } from "./manifold-process.js";
import type { Watched } from "./measure.js";
import { cpuMicros } from "./proc.js";
import type { Tally } from "./tally.js";

export interface MatrixOptions {
  ns: readonly number[];
  cases: readonly CaseKey[];
  /** Whether a case runs at N (the group cases run at fewer N). */
  runsAt: (key: CaseKey, n: number) => boolean;
  rounds: number;
  messagesFor: (n: number) => number;
  /** Makes exactly N receivers (r1…rN) connected: called before the cases of each N. */
  prepare: (n: number) => Promise<void>;
  setUp: (key: CaseKey, n: number) => Promise<Target>;
  tally: Tally;
  /** The processes whose CPU and memory a case's rows show (its own Manifold, the server). */
  watchedFor: (key: CaseKey) => readonly Watched[];
  /** The Manifold a case runs on (case p has its own). */
  manifoldFor: (key: CaseKey) => ManifoldProcess;
  say: (line: string) => void;
}

export interface Matrix {
  rows: CaseRow[];
  failures: string[];
  /** The targets set up, by case and N ("a1000"), for later runs. */
  targets: Map<string, Target>;
}

export async function runMatrix(o: MatrixOptions): Promise<Matrix> {
  const best = new Map<string, CaseRow>();
  const targets = new Map<string, Target>();
  const failed = new Map<string, string>();
  for (const n of o.ns) {
    await o.prepare(n);
    for (let round = 0; round < o.rounds; round++) {
      const here = o.cases.filter((key) => o.runsAt(key, n));
      const order = round % 2 === 0 ? here : [...here].reverse();
      for (const key of order) {
        const name = `${key}${n}`;
        if (failed.has(name)) continue;
        try {
          const manifold = o.manifoldFor(key);
          const watched = o.watchedFor(key);
          if (manifold.exit)
            throw new Error(`Manifold has exited (${manifold.exit}):\n${manifold.logTail()}`);
          let target = targets.get(name);
          if (!target) {
            const began = performance.now();
            const cpuBefore = watched.map((w) => cpuMicros(w.pid));
            const benchBefore = process.cpuUsage();
            target = await o.setUp(key, n);
            targets.set(name, target);
            const bench = process.cpuUsage(benchBefore);
            const cpu = watched.map((w, i) => `${w.label} ${seconds(cpuMicros(w.pid) - cpuBefore[i]!)}`);
            o.say(
              `case ${key}, N=${n}: set up in ${seconds((performance.now() - began) * 1000)} s ` +
                `(CPU s: ${[...cpu, `bench ${seconds(bench.user + bench.system)}`].join(", ")})`,
            );
          }
          const row = await measureCase(target, o.tally, watched, o.messagesFor(n));
          o.say(`round ${round + 1}: ${summary(row)}`);
          if ((best.get(name)?.full.rate ?? 0) < row.full.rate) best.set(name, row);
        } catch (err) {
          failed.set(name, `case ${key}, N=${n}: ${(err as Error).message}`);
          o.say(`case ${key}, N=${n} FAILED: ${(err as Error).message}`);
        }
      }
    }
  }
  const rows = o.ns.flatMap((n) =>
    o.cases.map((key) => best.get(`${key}${n}`)).filter((r) => r !== undefined),
  );
  return { rows, failures: [...failed.values()], targets };
}

const seconds = (micros: number) => (micros / 1e6).toFixed(1);

function summary(row: CaseRow): string {
  const f = row.full;
  const p = row.paced;
  return (
    `case ${row.key}, N=${row.n}: ${Math.round(f.rate)} deliveries/s; full p50/p99 ${f.p50.toFixed(1)}/` +
    `${f.p99.toFixed(1)} ms; paced p50/p99 ${p.p50.toFixed(1)}/${p.p99.toFixed(1)} ms`
  );
}
