// Manifold's own availability (docs/operations.md): the shipped systemd unit restarts Manifold
// after a crash (a kill, an exit status other than 2) and not after exit status 2, which is what
// start-up errors a restart would repeat exit with (spec/unit/startup: a store in use, a bad key).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const unit = readFileSync(
  fileURLToPath(new URL("../../../docs/systemd/manifold.service", import.meta.url)),
  "utf8",
);

/** The values of `key` in the unit's [Service] section. */
function service(key: string): string[] {
  const section = unit.split(/^\[/m).find((s) => s.startsWith("Service]")) ?? "";
  return [...section.matchAll(new RegExp(`^${key}=(.*)$`, "gm"))].map((m) => m[1]!.trim());
}

describe("docs/systemd/manifold.service", () => {
  it("restarts Manifold after a crash, but not after a start-up error (exit status 2)", () => {
    assert.deepEqual(service("Restart"), ["on-failure"]);
    assert.deepEqual(service("RestartPreventExitStatus"), ["2"]);
  });

  it("stops it with SIGTERM, Manifold's clean stop, and gives it time to flush", () => {
    const signal = service("KillSignal");
    assert.ok(signal.length === 0 || signal[0] === "SIGTERM", `KillSignal: ${signal.join()}`);
    assert.ok(Number(service("TimeoutStopSec")[0]) >= 10);
  });
});
