// `manifold start` with a store directory it cannot open stops at once with one line on stderr
// that says which directory, why, and that MANIFOLD_DATA (data) is the setting; exit status 2.
// The server address has nothing listening: a start that got past the store would retry, not exit.
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { Level } from "level";
import { pickFreePort } from "../../../scripts/lib/ports.js";
import { runCli } from "../../helpers/manifold-cli.js";

/** Where `manifold` runs (runCli's working directory), for a relative MANIFOLD_DATA. */
const root = fileURLToPath(new URL("../../..", import.meta.url));

/** Root writes anywhere: run Manifold without the capabilities that let it ignore file modes. */
const AS_UNPRIVILEGED =
  process.getuid?.() === 0 ? ["setpriv", "--bounding-set=-dac_override,-dac_read_search"] : [];

describe("start-up: a store that cannot be opened", function () {
  // Each case starts Manifold from source (tsx) once.
  this.timeout(30_000);
  let dir: string;
  let env: Record<string, string>;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "manifold-startup-store-"));
    env = {
      MANIFOLD_SECRET: "not used",
      MANIFOLD_SERVER: `127.0.0.1:${await pickFreePort()}`,
      MANIFOLD_HTTP_PORT: "0",
      MANIFOLD_LOG_LEVEL: "warn",
    };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** The one line on stderr of a start with MANIFOLD_DATA=data, checked to exit with status 2. */
  async function startupLine(data: string, wrapper: readonly string[] = []): Promise<string> {
    const run = await runCli(["start"], { ...env, MANIFOLD_DATA: data }, { wrapper });
    assert.equal(run.code, 2, `exit status\n${run.stderr}`);
    const lines = run.stderr.trimEnd().split("\n");
    assert.equal(lines.length, 1, `one line on stderr:\n${run.stderr}`);
    return lines[0]!;
  }

  it("names the directory in use by another process and MANIFOLD_DATA", async () => {
    const store = join(dir, "in-use");
    const holder = new Level(store);
    await holder.open(); // this process holds the LevelDB lock, as a running Manifold would
    try {
      assert.equal(
        await startupLine(store),
        `manifold: the store at ${store} is in use: another process (another Manifold, or manifold import) holds its LevelDB lock; stop that one, or set MANIFOLD_DATA (data) to a directory of this Manifold's own`,
      );
    } finally {
      await holder.close();
    }
  });

  it("names a path that is a file", async () => {
    const file = join(dir, "a-file");
    writeFileSync(file, "not a store\n");
    assert.equal(
      await startupLine(file),
      `manifold: the store at ${file} is not a directory (EEXIST: file already exists, mkdir '${file}'): set MANIFOLD_DATA (data) to a directory, which is created if missing`,
    );
  });

  it("shows a relative path as the directory it resolves to, and as given", async () => {
    const file = join(dir, "a-file-named-relatively");
    writeFileSync(file, "not a store\n");
    const given = relative(root, file);
    assert.equal(
      await startupLine(given),
      `manifold: the store at ${file} ("${given}") is not a directory (EEXIST: file already exists, mkdir '${given}'): set MANIFOLD_DATA (data) to a directory, which is created if missing`,
    );
  });

  it("names a path below a file", async () => {
    const file = join(dir, "another-file");
    writeFileSync(file, "not a store\n");
    const store = join(file, "store");
    assert.equal(
      await startupLine(store),
      `manifold: the store at ${store} is not a directory (ENOTDIR: not a directory, mkdir '${store}'): set MANIFOLD_DATA (data) to a directory, which is created if missing`,
    );
  });

  it("names a directory Manifold may not write, and the user it runs as", async () => {
    const locked = join(dir, "read-only");
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    const store = join(locked, "store");
    assert.equal(
      await startupLine(store, AS_UNPRIVILEGED),
      `manifold: the store at ${store} cannot be opened: no permission (EACCES: permission denied, mkdir '${store}'); let user ${userInfo().username} write there, or set MANIFOLD_DATA (data) to a directory it may write`,
    );
  });

  it("names an existing store directory Manifold may not write", async () => {
    const store = join(dir, "read-only-store");
    mkdirSync(store);
    chmodSync(store, 0o500);
    assert.equal(
      await startupLine(store, AS_UNPRIVILEGED),
      `manifold: the store at ${store} cannot be opened: no permission (IO error: ${store}/LOCK: Permission denied); let user ${userInfo().username} write there, or set MANIFOLD_DATA (data) to a directory it may write`,
    );
  });
});
