// `npm test`: lint, layer check (dependency-cruiser), format check, typecheck, then the mocha layers
// (unit, stanza, integration, interop, e2e, cluster) in order, output streamed, stopping at the first
// failure. Each layer runs with the mocha arguments of its `test:<layer>` script in package.json, so
// those scripts stay the single place to change them. The integration and interop layers run twice,
// against Prosody then ejabberd (SERVER), each its own step.
// The last line is always `N passed, N failed` (mocha totals), for CI to read.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureChromium, ensureEjabberd, ensureNbxmpp, ensureProsody } from "./lib/ensure-packages.js";
import type { ServerKind } from "./lib/xmpp-server.js";
import { LEFT_OPEN } from "../spec/helpers/exit-watch.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = (name: string) => join(root, "node_modules", ".bin", name);

interface StepResult {
  name: string;
  outcome: "ok" | "failed" | "no specs" | "not run";
  detail: string;
  passed: number;
  failed: number;
}

const checks: { name: string; command: string; args: string[] }[] = [
  { name: "lint", command: bin("eslint"), args: ["."] },
  // The layers: no import circles, and each part imports only what it may (.dependency-cruiser.mjs).
  {
    name: "layers",
    command: bin("depcruise"),
    args: ["src", "scripts", "bench", "spec", "--config", ".dependency-cruiser.mjs"],
  },
  { name: "format", command: bin("prettier"), args: ["--check", "."] },
  { name: "typecheck", command: bin("tsc"), args: ["-p", "tsconfig.json", "--noEmit"] },
];
/** A mocha layer, and the server its specs start (SERVER) when it is one that needs a server. */
interface LayerRun {
  layer: string;
  server?: ServerKind;
}
const layerRuns: LayerRun[] = [
  { layer: "unit" },
  { layer: "stanza" },
  { layer: "integration", server: "prosody" },
  { layer: "integration", server: "ejabberd" },
  { layer: "interop", server: "prosody" },
  { layer: "interop", server: "ejabberd" },
  { layer: "e2e" },
  // Two ejabberd nodes joined into one cluster, Manifold connected to both (issue 20).
  { layer: "cluster" },
];
const stepName = ({ layer, server }: LayerRun) => (server ? `${layer} (${server})` : layer);

function banner(text: string): void {
  process.stdout.write(`\n━━━ ${text} ${"━".repeat(Math.max(3, 70 - text.length))}\n`);
}

/** The process group of the step running now, for Ctrl-C to reach it (see run). */
let runningGroup: number | undefined;
process.on("SIGINT", () => {
  if (runningGroup !== undefined) killGroup(runningGroup);
  process.exit(130);
});

/** Runs a command with inherited stdio (stdout and stderr piped through when `capture`), resolving
 *  its exit code. The command runs in its own process group, which is killed as a whole when it
 *  outlives its limit and swept once it exits: a server or client a spec left behind would
 *  otherwise hold our stdout open, and whatever reads it (CI's `tee`) would wait to its own limit. */
function run(
  command: string,
  args: string[],
  capture?: (chunk: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const piped = capture ? "pipe" : "inherit";
    const child = spawn(command, args, { cwd: root, env, stdio: ["inherit", piped, piped], detached: true });
    runningGroup = child.pid;
    child.stdout?.on("data", (chunk: Buffer) => {
      process.stdout.write(chunk);
      capture?.(chunk.toString("utf8"));
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      process.stderr.write(chunk);
      capture?.(chunk.toString("utf8"));
    });
    // A step that outlives its limit has hung: stop it and fail, rather than run CI to its own limit.
    const limit = setTimeout(() => {
      process.stderr.write(
        `\n${command} ${args.join(" ")}: still running after ${STEP_LIMIT_MS / 60_000} min; stopped\n`,
      );
      if (child.pid !== undefined) killGroup(child.pid);
    }, STEP_LIMIT_MS);
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      clearTimeout(limit);
      if (child.pid !== undefined) killGroup(child.pid);
      runningGroup = undefined;
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

/** SIGKILLs every process left in a process group; a group already gone is fine. */
function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, "SIGKILL");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ESRCH") throw err;
  }
}

/** The longest any one step (lint, a test layer…) may take; the longest (integration against
 *  ejabberd) takes about 3 minutes here. */
const STEP_LIMIT_MS = 15 * 60_000;

function specFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((path) => path.endsWith(".spec.ts"))
    .map((path) => relative(root, join(dir, path)));
}

/** The arguments after `mocha` in package.json's `test:<layer>` script (quotes removed). */
function mochaArgs(layer: string): string[] {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    scripts?: Record<string, string>;
  };
  const script = pkg.scripts?.[`test:${layer}`];
  if (!script) return [`spec/${layer}/**/*.spec.ts`];
  const words = [...script.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
  if (words[0] !== "mocha") throw new Error(`package.json test:${layer} must start with "mocha": ${script}`);
  return words.slice(1);
}

async function runLayer(step: LayerRun): Promise<StepResult> {
  const { layer, server } = step;
  const name = stepName(step);
  const dir = join(root, "spec", layer);
  const files = specFiles(dir);
  if (files.length === 0) {
    banner(`layer ${name}: NO SPECS in spec/${layer}/ — nothing to run`);
    return {
      name,
      outcome: "no specs",
      detail: `no *.spec.ts in spec/${layer}/`,
      passed: 0,
      failed: 0,
    };
  }
  const against = server ? ` against ${server} (SERVER=${server})` : "";
  banner(`layer ${name}: ${files.length} spec file${files.length === 1 ? "" : "s"}${against}`);
  let output = "";
  const color = process.stdout.isTTY ? ["--color"] : [];
  const env = server ? { ...process.env, SERVER: server } : process.env;
  const code = await run(bin("mocha"), [...color, ...mochaArgs(layer)], (chunk) => (output += chunk), env);
  // eslint-disable-next-line no-control-regex
  const plain = output.replace(/\u001b\[[0-9;]*m/g, "");
  const count = (word: string) => Number(new RegExp(`^\\s*(\\d+) ${word}\\b`, "m").exec(plain)?.[1] ?? 0);
  const passed = count("passing");
  let failed = count("failing");
  const pending = count("pending");
  let detail = `${passed} passed, ${failed} failed${pending ? `, ${pending} pending` : ""}`;
  const leftOpen = plain.split("\n").find((line) => line.includes(LEFT_OPEN));
  if (leftOpen) detail += ` (${leftOpen.trim()})`;
  if (code !== 0 && failed === 0) {
    failed = 1; // mocha died before reporting (an import error, a crash): count it as one failure
    detail = `mocha exited with code ${code} before reporting results`;
  }
  return { name, outcome: code === 0 ? "ok" : "failed", detail, passed, failed };
}

async function main(): Promise<number> {
  const results: StepResult[] = [];
  const steps: { name: string; go: () => Promise<StepResult> }[] = [
    ...checks.map((check) => ({
      name: check.name,
      go: async (): Promise<StepResult> => {
        banner(`${check.name}: ${relative(root, check.command)} ${check.args.join(" ")}`);
        const code = await run(check.command, check.args);
        const outcome = code === 0 ? "ok" : "failed";
        return {
          name: check.name,
          outcome,
          detail: code === 0 ? "" : `exit code ${code}`,
          passed: 0,
          failed: 0,
        };
      },
    })),
    ...layerRuns.map((step) => ({ name: stepName(step), go: () => runLayer(step) })),
  ];

  banner("packages: checking that Debian's prosody, ejabberd, chromium and python3-nbxmpp are installed");
  await ensureProsody((line) => console.log(line));
  await ensureEjabberd((line) => console.log(line));
  await ensureChromium((line) => console.log(line));
  await ensureNbxmpp((line) => console.log(line));

  let stopped = false;
  for (const step of steps) {
    if (stopped) {
      results.push({ name: step.name, outcome: "not run", detail: "", passed: 0, failed: 0 });
      continue;
    }
    const started = Date.now();
    const result = await step.go();
    result.detail = [result.detail, `${((Date.now() - started) / 1000).toFixed(1)} s`]
      .filter(Boolean)
      .join(", ");
    results.push(result);
    stopped = result.outcome === "failed";
  }

  banner("summary");
  const width = Math.max(...results.map((r) => r.name.length)) + 1;
  for (const r of results)
    console.log(`${r.name.padEnd(width)} ${r.outcome.padEnd(8)} ${r.detail}`.trimEnd());
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  return results.some((r) => r.outcome === "failed") ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    console.log("0 passed, 0 failed");
    process.exit(1);
  },
);
