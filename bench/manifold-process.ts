// Manifold as a separate child process, so its CPU and memory can be read from /proc/<pid>.
// The current src/ is compiled with tsc into tmp/bench-build/ (the layout of dist/, with the
// config defaults and package.json next to it) and run as `node dist/cli.js start`, which is what
// `bin/manifold.js start` runs in production; configuration comes from MANIFOLD_* variables.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { copyFileSync, createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";

const STOP_TIMEOUT_MS = 10_000;

/** Compiles src/ into `<root>/tmp/bench-build`; returns the path of its cli.js. */
export function buildManifold(root: string): string {
  const out = join(root, "tmp", "bench-build");
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, "config"), { recursive: true });
  copyFileSync(join(root, "config", "default.yaml"), join(out, "config", "default.yaml"));
  copyFileSync(join(root, "package.json"), join(out, "package.json"));
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  const args = [tsc, "-p", "tsconfig.build.json", "--outDir", join(out, "dist"), "--sourceMap", "false"];
  const result = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8" });
  const cli = join(out, "dist", "cli.js");
  if (!existsSync(cli)) throw new Error(`tsc produced no cli.js:\n${result.stdout}${result.stderr}`);
  if (result.status !== 0) {
    // Others may be mid-edit in src/: tsc still emits JavaScript; say so and go on.
    const first = result.stdout.split("\n").slice(0, 5).join("\n");
    process.stdout.write(`warning: src/ has type errors (building anyway):\n${first}\n`);
  }
  return cli;
}

/** True when `check-config` accepts the YAML file (e.g. whether the `lists:` section is known yet). */
export function checkConfig(cli: string, env: Record<string, string>): { ok: boolean; message: string } {
  const result = spawnSync(process.execPath, [cli, "check-config"], {
    env: { MANIFOLD_HTTP_PORT: "0", ...process.env, ...env },
    encoding: "utf8",
  });
  return { ok: result.status === 0, message: (result.stderr || result.stdout).trim().split("\n")[0] ?? "" };
}

export class ManifoldProcess {
  readonly child: ChildProcess;
  readonly spawnedAt: number;
  private exitInfo: string | undefined;
  readonly exited: Promise<void>;

  constructor(
    cli: string,
    env: Record<string, string>,
    readonly logPath: string,
  ) {
    const log = createWriteStream(logPath, { flags: "a" });
    this.spawnedAt = performance.now();
    this.child = spawn(process.execPath, [cli, "start"], {
      env: { MANIFOLD_HTTP_PORT: "0", ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child.stdout!.pipe(log);
    this.child.stderr!.pipe(log);
    this.exited = new Promise((resolve) => {
      this.child.once("exit", (code, signal) => {
        this.exitInfo = signal ? `signal ${signal}` : `exit code ${code}`;
        resolve();
      });
    });
    process.once("exit", () => this.child.kill("SIGKILL"));
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** How it ended, or undefined while it runs. */
  get exit(): string | undefined {
    return this.exitInfo;
  }

  logTail(lines = 20): string {
    try {
      return readFileSync(this.logPath, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
    } catch {
      return "(no log)";
    }
  }

  /** SIGTERM (a clean stop), then SIGKILL if it has not exited within 10 s. */
  async stop(): Promise<void> {
    if (this.exitInfo) return;
    this.child.kill("SIGTERM");
    const stopped = await Promise.race([
      this.exited.then(() => true),
      delay(STOP_TIMEOUT_MS, false, { ref: false }),
    ]);
    if (!stopped) {
      this.child.kill("SIGKILL");
      await this.exited;
    }
  }
}
