// Manifold as its own OS process (`manifold start`, run from source with tsx), for the specs that
// kill it with SIGKILL: an in-process app cannot be killed mid-write. Configured through the
// environment like startManifold; ready when it logs "Manifold started".
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const READY_TIMEOUT_MS = 20_000;

export interface ManifoldProcess {
  readonly pid: number;
  /** Sends SIGKILL and resolves once the process is gone (the LevelDB lock with it). */
  kill(): Promise<void>;
  /** SIGTERM (a clean stop) and wait for exit. */
  stop(): Promise<void>;
  /** Its output so far, for failure messages. */
  output(): string;
}

/** Starts `manifold start` with these MANIFOLD_* variables; resolves once it is connected. */
export async function spawnManifold(env: Record<string, string>): Promise<ManifoldProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", "start"], {
    cwd: root,
    env: { ...process.env, MANIFOLD_LOG_LEVEL: "info", MANIFOLD_HTTP_PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error("no 'Manifold started' in time")), READY_TIMEOUT_MS);
    const fail = (err: Error) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`${err.message}; output:\n${output}`));
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (output.includes('"msg":"Manifold started"')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code, signal) => fail(new Error(`manifold exited (${code ?? signal})`)));
  });
  return {
    pid: child.pid!,
    output: () => output,
    kill: () => stopWith(child, "SIGKILL", exited),
    stop: () => stopWith(child, "SIGTERM", exited),
  };
}

function stopWith(child: ChildProcess, signal: NodeJS.Signals, exited: Promise<void>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  return exited;
}
