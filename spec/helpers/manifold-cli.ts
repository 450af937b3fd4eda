// The `manifold` command line as an operator runs it (from source, with tsx), for the specs of what
// it prints: start-up errors on stderr, --help. Only the MANIFOLD_* variables a spec gives reach
// the process, so the runner's own environment cannot change what is tested.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
/** A run that outlives this has not stopped on its own: a start-up that retries instead of failing. */
const EXIT_TIMEOUT_MS = 25_000;

export interface CliExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  elapsedMs: number;
}

export interface RunningCli {
  /** The first output line (stdout or stderr) matching `pattern` among the lines from number
   *  `since` on, and the number of the line after it; rejects if the process exits first or
   *  nothing matches within EXIT_TIMEOUT_MS. */
  waitFor(pattern: RegExp, since?: number): Promise<{ line: string; next: number }>;
  /** How many lines it has written so far: `waitFor(pattern, lines())` waits for a new one. */
  lines(): number;
  /** Resolves once the process has exited. */
  readonly exited: Promise<CliExit>;
  /** SIGTERM (a clean stop), then the exit. */
  stop(): Promise<CliExit>;
  output(): string;
}

export interface CliOptions {
  /** A command and its arguments to run node under, e.g. setpriv dropping capabilities. */
  wrapper?: readonly string[];
}

/** Starts `manifold <args>` with these MANIFOLD_* variables (and no others). */
export function startCli(
  args: readonly string[],
  env: Record<string, string>,
  options: CliOptions = {},
): RunningCli {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("MANIFOLD_")),
  );
  const command = [...(options.wrapper ?? []), process.execPath, "--import", "tsx", "src/cli.ts", ...args];
  const child = spawn(command[0]!, command.slice(1), {
    cwd: root,
    env: { ...inherited, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const started = Date.now();
  let stdout = "";
  let stderr = "";
  const lines: string[] = [];
  const watchers = new Set<(line: string) => void>();
  const onLine = (line: string) => {
    lines.push(line);
    watchers.forEach((watch) => watch(line));
  };
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  splitLines(child.stdout, onLine);
  splitLines(child.stderr, onLine);
  const exited = new Promise<CliExit>((resolve) =>
    child.once("close", (code, signal) =>
      resolve({ code, signal, stdout, stderr, elapsedMs: Date.now() - started }),
    ),
  );
  const output = () => `--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`;

  return {
    exited,
    output,
    stop: () => stopWith(child, exited),
    lines: () => lines.length,
    waitFor(pattern, since = 0) {
      const seen = lines.findIndex((line, i) => i >= since && pattern.test(line));
      if (seen >= 0) return Promise.resolve({ line: lines[seen]!, next: seen + 1 });
      return new Promise((resolve, reject) => {
        const finish = () => {
          clearTimeout(timer);
          watchers.delete(watch);
        };
        const watch = (line: string) => {
          if (!pattern.test(line)) return;
          finish();
          resolve({ line, next: lines.length });
        };
        const fail = (why: string) => {
          finish();
          reject(new Error(`${why} a line matching ${String(pattern)}\n${output()}`));
        };
        const timer = setTimeout(() => fail("no time left for"), EXIT_TIMEOUT_MS);
        watchers.add(watch);
        void exited.then(() => fail("manifold exited before"));
      });
    },
  };
}

/** Calls `onLine` with each whole line of a stream (a chunk may end mid-line). */
function splitLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let rest = "";
  stream.on("data", (chunk: Buffer) => {
    const parts = (rest + chunk.toString("utf8")).split("\n");
    rest = parts.pop() ?? "";
    parts.forEach(onLine);
  });
  stream.on("end", () => rest && onLine(rest));
}

/** Runs `manifold <args>` to its exit; a run still going after EXIT_TIMEOUT_MS is killed and fails. */
export async function runCli(
  args: readonly string[],
  env: Record<string, string>,
  options: CliOptions = {},
): Promise<CliExit> {
  const run = startCli(args, env, options);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), EXIT_TIMEOUT_MS);
  });
  const first = await Promise.race([run.exited, timedOut]);
  clearTimeout(timer);
  if (first === "timeout") {
    await run.stop();
    throw new Error(`manifold ${args.join(" ")} did not exit within ${EXIT_TIMEOUT_MS} ms\n${run.output()}`);
  }
  return first;
}

function stopWith(child: ChildProcess, exited: Promise<CliExit>): Promise<CliExit> {
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  return exited;
}
