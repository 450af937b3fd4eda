// After the last spec, mocha exits once nothing is left open. A handle a spec forgot (a socket, a
// child process, an interval) would instead keep it running until the step's or CI's time limit,
// with every spec already passed. So, from the start of the root afterAll hook, an unreferenced timer
// waits a grace period; if the process is still alive then, it names what is open (so the leak
// can be fixed) and exits with mocha's own result. scripts/test.ts shows the line in its summary.
import type { ChildProcess } from "node:child_process";
import type { Socket } from "node:net";

/** Where each timer still pending was made: a leaked timer is named by the code that set it.
 *  Node lists timers only by kind (getActiveResourcesInfo says "Timeout"), so the global setters
 *  are wrapped while this module is loaded (the layers' root hook files import it). */
const timers = new Map<NodeJS.Timeout, Error>();
{
  const setTimeoutBefore = globalThis.setTimeout;
  const setIntervalBefore = globalThis.setInterval;
  const clearTimeoutBefore = globalThis.clearTimeout;
  const clearIntervalBefore = globalThis.clearInterval;
  const timeout = (callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const timer: NodeJS.Timeout = setTimeoutBefore(
      (...given: unknown[]) => {
        timers.delete(timer);
        callback(...given);
      },
      ms,
      ...args,
    );
    timers.set(timer, new Error("timer set"));
    return timer;
  };
  globalThis.setTimeout = Object.assign(timeout as unknown as typeof setTimeout, setTimeoutBefore);
  const interval = (callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const timer: NodeJS.Timeout = setIntervalBefore(callback, ms, ...args);
    timers.set(timer, new Error("interval set"));
    return timer;
  };
  globalThis.setInterval = Object.assign(interval as unknown as typeof setInterval, setIntervalBefore);
  const forget = (before: (timer?: NodeJS.Timeout | string | number) => void) =>
    ((timer?: NodeJS.Timeout | string | number) => {
      if (timer && typeof timer === "object") timers.delete(timer);
      before(timer);
    }) as typeof clearTimeout;
  globalThis.clearTimeout = forget(clearTimeoutBefore);
  globalThis.clearInterval = forget(clearIntervalBefore);
}

/** The line scripts/test.ts looks for. */
export const LEFT_OPEN = "left open after the last spec:";

const GRACE_MS = 45_000; // stopping the shared server takes a few seconds

/** Runs the layer's last clean-up (`stop`) under the watch; use as the root afterAll hook's body. */
export async function stopThenWatchExit(stop: () => Promise<void>, graceMs = GRACE_MS): Promise<void> {
  let stopped = false;
  setTimeout(() => {
    const open = describeOpen().join("; ") || "nothing named";
    if (!stopped) {
      // Mocha has not reported yet: whatever its specs did, this run failed.
      process.stderr.write(
        `\nthe last clean-up did not finish within ${graceMs / 1000} s; ${LEFT_OPEN} ${open}\n`,
      );
      process.exit(1);
    }
    process.stderr.write(`\n${LEFT_OPEN} ${open}\n`);
    process.exit(); // mocha's exit listener sets its own result (the failure count)
  }, graceMs).unref();
  await stop();
  stopped = true;
}

function describeOpen(): string[] {
  // process._getActiveHandles is undocumented but stable since Node 0.x; it is the only way to
  // see which socket or child is open, not just that one is (getActiveResourcesInfo).
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  const pending = [...timers]
    .filter(([timer]) => timer.hasRef() && !(timer as unknown as { _destroyed: boolean })._destroyed)
    .map(([timer, made]) => {
      const where = (made.stack ?? "")
        .split("\n")
        .slice(2, 6)
        .map((line) => line.trim());
      return `${made.message} for ${(timer as unknown as { _idleTimeout: number })._idleTimeout} ms ${where.join(" < ")}`;
    });
  return handles
    .map(describe)
    .filter((text): text is string => text !== undefined)
    .concat(pending)
    .concat(
      process
        .getActiveResourcesInfo()
        .filter(
          (name) =>
            !["TTYWrap", "TCPSocketWrap", "TCPServerWrap", "PipeWrap", "ProcessWrap", "Timeout"].includes(
              name,
            ),
        ),
    );
}

function describe(handle: unknown): string | undefined {
  if (handle === process.stdout || handle === process.stderr || handle === process.stdin) return undefined;
  const name = (handle as object).constructor?.name ?? typeof handle;
  if (name === "ChildProcess") {
    const child = handle as ChildProcess;
    return `child process ${child.pid ?? "?"} (${child.spawnargs.join(" ").slice(0, 120)})`;
  }
  if (name === "Socket" || name === "TLSSocket") {
    const socket = handle as Socket;
    if (socket.remotePort !== undefined)
      return `socket ${socket.localPort ?? "?"} → ${socket.remoteAddress ?? "?"}:${socket.remotePort}`;
    return "pipe";
  }
  if (name === "Server") {
    const address = (handle as { address(): unknown }).address();
    return `listening server ${JSON.stringify(address)}`;
  }
  return name;
}
