// Makes sure the Debian packages the demo and the test suite need are installed: Prosody (both),
// ejabberd (the integration layer runs on it too), Chromium (the browser tests) and python3-nbxmpp
// (the interop layer's clients). Installs them with apt-get when running as root, otherwise stops
// with the exact command to run. Installing Prosody or ejabberd auto-starts a system server on the
// default ports, which we stop at once: our own instances run from their own config and must not
// find 5222/5347 taken (the demo uses them).
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { EJABBERD_INSTALL_COMMAND, findEjabberdctl } from "./ejabberd.js";
import { findProsodyBinary, PROSODY_INSTALL_COMMAND } from "./prosody.js";

export type LogLine = (line: string) => void;

export const CHROMIUM_INSTALL_COMMAND = "sudo apt-get install -y chromium";

/** Debian's Chromium, or the browser named by CHROMIUM_PATH. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || "/usr/bin/chromium";
}

/** Debian's Python, the one python3-nbxmpp is for (`python3` on PATH may be another, e.g. pyenv's). */
export const INTEROP_PYTHON = "/usr/bin/python3";
/** Gajim's XMPP library and what it needs at runtime (`apt-cache depends python3-nbxmpp`: GObject
 *  introspection for Python and libsoup 3's typelib; the rest comes with it). */
export const NBXMPP_PACKAGES = ["python3-nbxmpp", "python3-gi", "gir1.2-soup-3.0"] as const;
export const NBXMPP_INSTALL_COMMAND = `sudo apt-get install -y ${NBXMPP_PACKAGES.join(" ")}`;

let aptUpdated = false;

async function aptInstall(...pkgs: string[]): Promise<void> {
  if (!aptUpdated) {
    await run("apt-get", ["update"]);
    aptUpdated = true;
  }
  await run("apt-get", ["install", "-y", ...pkgs]);
}

/** Resolves with the path of the browser for the e2e tests, installing Debian's chromium if needed. */
export async function ensureChromium(log: LogLine): Promise<string> {
  const path = chromiumPath();
  if (existsSync(path)) return path;
  if (process.env.CHROMIUM_PATH || process.getuid?.() !== 0) {
    throw new Error(
      `No browser at ${path} for the end-to-end tests. Install it with:\n\n    ${CHROMIUM_INSTALL_COMMAND}\n`,
    );
  }
  log("Chromium is not installed; installing Debian's chromium package with apt-get…");
  await aptInstall("chromium");
  if (!existsSync(path)) throw new Error(`apt-get installed chromium, but there is no ${path}`);
  log(`Chromium installed: ${path}`);
  return path;
}

/** Whether Debian's Python can import nbxmpp (which also loads GObject introspection and Soup 3). */
function nbxmppImports(): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(INTEROP_PYTHON, ["-E", "-s", "-c", "import nbxmpp"], { stdio: "ignore" });
    child.once("error", () => resolve(false));
    child.once("exit", (code) => resolve(code === 0));
  });
}

/** Resolves with the Python for the interop layer's driver, installing python3-nbxmpp first if needed. */
export async function ensureNbxmpp(log: LogLine): Promise<string> {
  if (await nbxmppImports()) return INTEROP_PYTHON;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `${INTEROP_PYTHON} cannot import nbxmpp (the interop tests' XMPP client). Install it with:\n\n    ${NBXMPP_INSTALL_COMMAND}\n`,
    );
  }
  log("python3-nbxmpp is not installed; installing it with apt-get…");
  await aptInstall(...NBXMPP_PACKAGES);
  if (!(await nbxmppImports())) {
    throw new Error(
      `apt-get installed ${NBXMPP_PACKAGES.join(", ")}, but ${INTEROP_PYTHON} cannot import nbxmpp`,
    );
  }
  log(`nbxmpp installed for ${INTEROP_PYTHON}`);
  return INTEROP_PYTHON;
}

/** Resolves with the path of the prosody binary, installing the package first if needed. */
export async function ensureProsody(log: LogLine): Promise<string> {
  const existing = findProsodyBinary();
  if (existing) return existing;

  if (process.getuid?.() !== 0) {
    throw new Error(`Prosody is not installed. Install it with:\n\n    ${PROSODY_INSTALL_COMMAND}\n`);
  }
  log("Prosody is not installed; installing Debian's prosody package with apt-get…");
  await aptInstall("prosody");
  await stopSystemProsody(log);

  const installed = findProsodyBinary();
  if (!installed) throw new Error("apt-get installed prosody, but no `prosody` executable was found on PATH");
  log(`Prosody installed: ${installed}`);
  return installed;
}

/** Resolves with the path of ejabberdctl, installing Debian's ejabberd package first if needed. */
export async function ensureEjabberd(log: LogLine): Promise<string> {
  const existing = findEjabberdctl();
  if (existing) return existing;

  if (process.getuid?.() !== 0) {
    throw new Error(`ejabberd is not installed. Install it with:\n\n    ${EJABBERD_INSTALL_COMMAND}\n`);
  }
  log("ejabberd is not installed; installing Debian's ejabberd package with apt-get…");
  await aptInstall("ejabberd");
  await stopSystemServer("ejabberd", "/run/ejabberd/ejabberd.pid", log);

  const installed = findEjabberdctl();
  if (!installed) throw new Error("apt-get installed ejabberd, but no `ejabberdctl` was found");
  log(`ejabberd installed: ${installed}`);
  return installed;
}

/** Stops the system-wide Prosody that Debian's package starts after installation, if it runs. */
export function stopSystemProsody(log: LogLine): Promise<void> {
  return stopSystemServer("prosody", "/run/prosody/prosody.pid", log);
}

/**
 * Stops a system-wide server a Debian package started (its init script, else its pidfile). Our
 * ejabberd instances never meet the system one's Erlang node: they have their own node names and
 * distribution ports and do not use epmd.
 */
async function stopSystemServer(service: string, pidfile: string, log: LogLine): Promise<void> {
  try {
    await run("service", [service, "stop"]);
    log(`Stopped the system ${service} service the package starts (our instances use their own config).`);
    return;
  } catch {
    // no init system in this container, or the service was not running: try its pidfile
  }
  if (!existsSync(pidfile)) return;
  const pid = Number(readFileSync(pidfile, "utf8").trim());
  if (!Number.isInteger(pid) || pid <= 1) return;
  try {
    process.kill(pid, "SIGTERM");
    log(`Stopped the system ${service} (pid ${pid}, from ${pidfile}).`);
  } catch {
    // already gone
  }
}

/** Runs a command with output streamed to ours; rejects on a non-zero exit. */
function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(" ")} failed (${signal ?? `exit code ${code}`})`));
    });
  });
}
