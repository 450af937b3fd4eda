// One nbxmpp driver process (spec/interop/driver/client.py) and its JSON-lines protocol: requests
// answered by id, and an inbox of the stanzas nbxmpp parsed that no request was waiting for.
// waitFor takes the first untaken match or waits for one (bounded), so specs never sleep.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createWriteStream } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { INTEROP_PYTHON } from "../../../scripts/lib/ensure-packages.js";
import type { ParsedStanza, StanzaErrorInfo } from "./parsed.js";

const SCRIPT = fileURLToPath(new URL("../driver/client.py", import.meta.url));
export const DEFAULT_TIMEOUT_MS = 10_000;
const STDERR_KEPT = 40;

/** A request the driver answered with a failure: an XMPP error (stanza) or the driver's own. */
export class DriverRequestError extends Error {
  override name = "DriverRequestError";
  constructor(
    readonly command: string,
    readonly text: string,
    readonly stanza: StanzaErrorInfo | null,
  ) {
    super(`${command}: ${text}`);
  }
  get condition(): string | null {
    return this.stanza?.condition ?? null;
  }
}

interface Pending {
  command: string;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

interface Waiter {
  predicate: (event: ParsedStanza) => boolean;
  resolve: (event: ParsedStanza) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

type Line =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { text: string; stanza: StanzaErrorInfo | null } }
  | { event: "message" | "presence"; data: ParsedStanza }
  | { event: "disconnected"; data: { error: string } }
  | { event: "warning"; data: { logger: string; message: string } };

/** Drivers not stopped yet: the root hook stops what a failed spec left running. */
const liveDrivers = new Set<Driver>();

export async function stopAllDrivers(): Promise<void> {
  await Promise.all([...liveDrivers].map((driver) => driver.stop()));
}

export class Driver {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending = new Map<number, Pending>();
  private readonly received: ParsedStanza[] = [];
  private waiters: Waiter[] = [];
  private readonly stderr: string[] = [];
  /** What nbxmpp warned about (a stanza it found malformed, dropped or half-read), in order. */
  readonly warnings: string[] = [];
  private nextId = 0;
  private readonly exited: Promise<void>;
  private exitError: Error | undefined;

  constructor(readonly label: string) {
    // Debian's Python, which has python3-nbxmpp. -B: no __pycache__ in the source tree; -E -s:
    // nothing from the environment or ~/.local (a pyenv or a user site could shadow Debian's nbxmpp).
    this.child = spawn(INTEROP_PYTHON, ["-B", "-E", "-s", SCRIPT], { stdio: ["pipe", "pipe", "pipe"] });
    liveDrivers.add(this);
    // Writing to a driver that has died fails its request (below), not the whole run.
    this.child.stdin.on("error", () => undefined);
    createInterface({ input: this.child.stdout }).on("line", (line) => this.onLine(line));
    // INTEROP_LOG_DIR keeps each driver's whole log (with INTEROP_DEBUG=1: every byte on the wire).
    const logDir = process.env.INTEROP_LOG_DIR;
    const logFile = logDir ? createWriteStream(join(logDir, `${label}.log`), { flags: "a" }) : undefined;
    createInterface({ input: this.child.stderr }).on("line", (line) => {
      logFile?.write(`${line}\n`);
      this.stderr.push(line);
      if (this.stderr.length > STDERR_KEPT) this.stderr.shift();
    });
    this.exited = new Promise((resolve) => {
      this.child.once("error", (err) => {
        this.exitError = new Error(`${label}: could not start ${INTEROP_PYTHON}: ${err.message}`);
        this.failAll(this.exitError);
        liveDrivers.delete(this);
        resolve();
      });
      // "close", not "exit": by then stderr has been read to its end, for the message below.
      this.child.once("close", (code, signal) => {
        logFile?.end();
        this.exitError ??= new Error(
          `${label}: the driver exited (${signal ?? `code ${code}`})${this.tail()}`,
        );
        this.failAll(this.exitError);
        liveDrivers.delete(this);
        resolve();
      });
    });
  }

  /** Stanzas received and not taken yet, oldest first. */
  get inbox(): readonly ParsedStanza[] {
    return this.received;
  }

  /** Sends a request and resolves with its result; rejects with DriverRequestError or a timeout. */
  request<T>(command: string, args: object = {}, timeout = DEFAULT_TIMEOUT_MS): Promise<T> {
    if (this.exitError) return Promise.reject(this.exitError);
    const id = ++this.nextId;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(
          new Error(
            `${this.label}: no answer to ${command} ${JSON.stringify(args)} in ${timeout} ms${this.tail()}`,
          ),
        );
      }, timeout);
      this.pending.set(id, { command, resolve: resolve as (value: unknown) => void, reject, timer });
      this.child.stdin.write(`${JSON.stringify({ id, cmd: command, args })}\n`);
    });
  }

  /** The first stanza received (and not yet taken) that matches; waits for one if none has. */
  waitFor<T extends ParsedStanza>(
    predicate: (event: ParsedStanza) => event is T,
    timeout?: number,
  ): Promise<T>;
  waitFor(predicate: (event: ParsedStanza) => boolean, timeout?: number): Promise<ParsedStanza>;
  waitFor(predicate: (event: ParsedStanza) => boolean, timeout = DEFAULT_TIMEOUT_MS): Promise<ParsedStanza> {
    const index = this.received.findIndex(predicate);
    if (index !== -1) return Promise.resolve(this.received.splice(index, 1)[0]!);
    if (this.exitError) return Promise.reject(this.exitError);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          const inbox = this.received.map((s) => `  ${JSON.stringify(s)}`).join("\n") || "  (empty)";
          reject(
            new Error(`${this.label}: no matching stanza in ${timeout} ms; inbox:\n${inbox}${this.tail()}`),
          );
        }, timeout),
      };
      this.waiters.push(waiter);
    });
  }

  /** Ends the XMPP session cleanly (bounded), then the process. Safe to call twice. */
  async stop(): Promise<void> {
    if (!this.exitError) {
      await this.request("disconnect", {}, 3000).catch(() => undefined);
      this.child.stdin.end(); // end of input: the driver closes what is left and exits
    }
    const killer = setTimeout(() => this.child.kill("SIGKILL"), 3000);
    await this.exited;
    clearTimeout(killer);
  }

  private tail(): string {
    return this.stderr.length ? `\n--- ${this.label} driver log:\n${this.stderr.join("\n")}` : "";
  }

  private failAll(err: Error): void {
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(err);
      this.pending.delete(id);
    }
    for (const waiter of this.waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(err);
    }
  }

  private onLine(text: string): void {
    let line: Line;
    try {
      line = JSON.parse(text) as Line;
    } catch {
      this.stderr.push(`(stdout, not JSON) ${text}`);
      return;
    }
    if ("id" in line) {
      const pending = this.pending.get(line.id);
      if (!pending) return; // timed out already
      clearTimeout(pending.timer);
      this.pending.delete(line.id);
      if (line.ok) pending.resolve(line.result);
      else pending.reject(new DriverRequestError(pending.command, line.error.text, line.error.stanza));
      return;
    }
    if (line.event === "disconnected") {
      this.stderr.push(`(disconnected: ${line.data.error})`);
      return;
    }
    if (line.event === "warning") {
      this.warnings.push(`${line.data.logger}: ${line.data.message}`);
      return;
    }
    const event = line.data;
    const waiter = this.waiters.find((w) => w.predicate(event));
    if (!waiter) {
      this.received.push(event);
      return;
    }
    clearTimeout(waiter.timer);
    this.waiters = this.waiters.filter((w) => w !== waiter);
    waiter.resolve(event);
  }
}
