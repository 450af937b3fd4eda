// What the private XMPP servers (prosody.ts, ejabberd.ts) share about running as child processes:
// tracking a server's exit (and saying so when it dies unasked after start-up), bounded waits,
// reading its log, and cleaning up at Node's exit: live servers are killed and the temp dirs made
// here are removed, so a failed test run leaves nothing behind. MANIFOLD_KEEP_TMP=1 keeps the dirs.
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: Error;
}

export interface ServerRun {
  child: ChildProcess;
  exited: Promise<Exit>;
  exit: Exit | undefined;
  /** An exit we asked for (stop, kill): not reported as a crash. */
  exitExpected: boolean;
  /** Start-up finished; a crash before that is reported by the start function itself. */
  ready: boolean;
}

const killAtExit = new Set<() => void>();
const ownedTempDirs = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const kill of killAtExit) kill();
    if (process.env.MANIFOLD_KEEP_TMP) return;
    for (const dir of ownedTempDirs) rmSync(dir, { recursive: true, force: true });
  });
}

/** A fresh temp dir, removed when Node exits. */
export function ownedTempDir(prefix: string): string {
  installExitHook();
  const dir = mkdtempSync(join(tmpdir(), prefix));
  ownedTempDirs.add(dir);
  return dir;
}

/**
 * Follows a server process: `exited` settles when it ends, and an exit nobody asked for after
 * start-up is written to stderr with the log's tail. `kill` is how to end it if Node exits first.
 */
export function trackServer<X extends object>(
  label: string,
  child: ChildProcess,
  extra: X,
  tail: () => string,
  kill: (run: ServerRun & X) => void,
): ServerRun & X {
  installExitHook();
  let settle: (exit: Exit) => void = () => undefined;
  const run: ServerRun & X = {
    ...extra,
    child,
    exited: new Promise<Exit>((resolve) => (settle = resolve)),
    exit: undefined,
    exitExpected: false,
    ready: false,
  };
  const killNow = () => kill(run);
  killAtExit.add(killNow);
  const finish = (exit: Exit) => {
    if (run.exit) return;
    run.exit = exit;
    killAtExit.delete(killNow);
    settle(exit);
  };
  child.once("error", (error) => finish({ code: null, signal: null, error }));
  child.once("exit", (code, signal) => {
    finish({ code, signal });
    if (run.ready && !run.exitExpected) {
      process.stderr.write(
        `\n[${label}] pid ${child.pid} exited unexpectedly (${describeExit(run.exit!)}):\n${tail()}\n`,
      );
    }
  });
  return run;
}

export function describeExit(exit: Exit): string {
  if (exit.error) return exit.error.message;
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
}

/** Whether `promise` settles within `ms`. */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  const controller = new AbortController();
  const timeout = delay(ms, false, { signal: controller.signal }).catch(() => false);
  const settled = await Promise.race([promise.then(() => true), timeout]);
  controller.abort();
  return settled;
}

/** A file's text from byte `offset` on ("" if it cannot be read). */
export function readFrom(path: string, offset: number): string {
  try {
    return readFileSync(path).subarray(offset).toString("utf8");
  } catch {
    return "";
  }
}

/** The last `lines` lines of a log. */
export function readTail(path: string, lines: number): string {
  const text = readFrom(path, 0).trimEnd();
  return text ? text.split("\n").slice(-lines).join("\n") : "(the log is empty)";
}
