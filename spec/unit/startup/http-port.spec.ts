// `manifold start` whose HTTP side cannot listen stops at once with one line on stderr naming the
// address and MANIFOLD_HTTP_PORT (http.port) or MANIFOLD_HTTP_HOST (http.host); exit status 2.
// The server address has nothing listening: a start that got past the HTTP side would retry.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pickFreePort } from "../../../scripts/lib/ports.js";
import { runCli } from "../../helpers/manifold-cli.js";

describe("start-up: an HTTP side that cannot listen", function () {
  // Each case starts Manifold from source (tsx) once.
  this.timeout(30_000);
  let dir: string;
  let env: Record<string, string>;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "manifold-startup-http-"));
    env = {
      MANIFOLD_SECRET: "not used",
      MANIFOLD_SERVER: `127.0.0.1:${await pickFreePort()}`,
      MANIFOLD_DATA: join(dir, "store"),
      MANIFOLD_LOG_LEVEL: "warn",
    };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** The one line on stderr of a start with these extra variables, checked to exit with status 2. */
  async function startupLine(extra: Record<string, string>): Promise<string> {
    const run = await runCli(["start"], { ...env, ...extra });
    assert.equal(run.code, 2, `exit status\n${run.stderr}`);
    const lines = run.stderr.trimEnd().split("\n");
    assert.equal(lines.length, 1, `one line on stderr:\n${run.stderr}`);
    return lines[0]!;
  }

  it("names a port in use, with its host, and MANIFOLD_HTTP_PORT", async () => {
    const port = await pickFreePort();
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(port, "127.0.0.1", resolve));
    try {
      assert.equal(
        await startupLine({ MANIFOLD_HTTP_PORT: String(port) }),
        `manifold: the HTTP side cannot listen on 127.0.0.1:${port}: the port is in use by another program (another Manifold?); set MANIFOLD_HTTP_PORT (http.port) to a free port, or MANIFOLD_HTTP_HOST (http.host) to another address (http.enabled: false turns the HTTP side off)`,
      );
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it("names a host that is not an address of this machine and MANIFOLD_HTTP_HOST", async () => {
    // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never a local address.
    assert.equal(
      await startupLine({ MANIFOLD_HTTP_HOST: "192.0.2.1", MANIFOLD_HTTP_PORT: "0" }),
      "manifold: the HTTP side cannot listen on 192.0.2.1:0: 192.0.2.1 is not an address of this machine; set MANIFOLD_HTTP_HOST (http.host) to one of its addresses",
    );
  });
});
