// loadConfig: defaults ← operator YAML file ← MANIFOLD_* environment, and one-line ConfigErrors.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, loadConfig } from "../../../src/config/load.js";

describe("loadConfig", () => {
  let dir: string;
  let n = 0;
  const secret = { MANIFOLD_SECRET: "component-secret" };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "manifold-config-"));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /** Writes `text` to a fresh file in the temp directory and returns its path. */
  function file(text: string): string {
    const path = join(dir, `file-${++n}`);
    writeFileSync(path, text);
    return path;
  }

  /** The ConfigError thrown by `load`, checked to be exactly one line. */
  function configError(load: () => unknown): ConfigError {
    try {
      load();
    } catch (err) {
      assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
      assert.equal(err.name, "ConfigError");
      assert.doesNotMatch(err.message, /\n/, "the message is one line");
      return err;
    }
    assert.fail("expected loadConfig to throw");
  }

  describe("sources", () => {
    it("loads the shipped defaults when only a secret is given", () => {
      const config = loadConfig({ env: secret });
      assert.deepEqual(config.server, { host: "127.0.0.1", port: 5347, secret: "component-secret" });
      assert.deepEqual(config.domains, { groups: "groups.localhost", lists: "lists.localhost" });
      assert.deepEqual(config.localDomains, ["localhost"]);
      assert.equal(config.data, "./.data/manifold");
      assert.equal(config.log.level, "info");
      assert.equal(config.connection.queueMaxStanzas, 200000);
      assert.equal(config.groups.historyDefault, 20);
    });

    it("takes host and port from MANIFOLD_SERVER", () => {
      const config = loadConfig({ env: { ...secret, MANIFOLD_SERVER: "xmpp.example.org:5275" } });
      assert.equal(config.server.host, "xmpp.example.org");
      assert.equal(config.server.port, 5275);
    });

    it("takes the secret from MANIFOLD_SECRET", () => {
      assert.equal(loadConfig({ env: { MANIFOLD_SECRET: "s3cr3t" } }).server.secret, "s3cr3t");
    });

    it("reads the secret from the first line of MANIFOLD_SECRET_FILE", () => {
      const path = file("from-file  \nsecond line\n");
      assert.equal(loadConfig({ env: { MANIFOLD_SECRET_FILE: path } }).server.secret, "from-file");
    });

    it("prefers MANIFOLD_SECRET over a secret file", () => {
      const path = file("from-file\n");
      const config = loadConfig({ env: { MANIFOLD_SECRET: "from-env", MANIFOLD_SECRET_FILE: path } });
      assert.equal(config.server.secret, "from-env");
    });

    it("takes the component domains from MANIFOLD_GROUPS_DOMAIN and MANIFOLD_LISTS_DOMAIN", () => {
      const config = loadConfig({
        env: {
          ...secret,
          MANIFOLD_GROUPS_DOMAIN: "muc.example.org",
          MANIFOLD_LISTS_DOMAIN: "lists.example.org",
        },
      });
      assert.deepEqual(config.domains, { groups: "muc.example.org", lists: "lists.example.org" });
    });

    it("splits MANIFOLD_LOCAL_DOMAINS on commas and trims each domain", () => {
      const config = loadConfig({ env: { ...secret, MANIFOLD_LOCAL_DOMAINS: "example.org, example.net" } });
      assert.deepEqual(config.localDomains, ["example.org", "example.net"]);
    });

    it("takes the data directory from MANIFOLD_DATA", () => {
      assert.equal(loadConfig({ env: { ...secret, MANIFOLD_DATA: "/var/lib/m" } }).data, "/var/lib/m");
    });

    it("takes the log level from MANIFOLD_LOG_LEVEL", () => {
      assert.equal(loadConfig({ env: { ...secret, MANIFOLD_LOG_LEVEL: "debug" } }).log.level, "debug");
    });

    it("keeps archives for ever by default, and reads MANIFOLD_ARCHIVE_EXPIRE_AFTER as a duration", () => {
      assert.equal(loadConfig({ env: secret }).archive.expireAfter, null);
      const config = loadConfig({ env: { ...secret, MANIFOLD_ARCHIVE_EXPIRE_AFTER: "90d" } });
      assert.equal(config.archive.expireAfter, 90 * 86_400_000);
    });

    it("rejects an archive time that is no duration of a minute or more, naming the variable", () => {
      for (const value of ["soon", "10s"]) {
        const err = configError(() =>
          loadConfig({ env: { ...secret, MANIFOLD_ARCHIVE_EXPIRE_AFTER: value } }),
        );
        assert.match(err.message, /archive\.expireAfter/);
        assert.match(err.message, new RegExp(`"${value}"`));
        assert.match(err.message, /MANIFOLD_ARCHIVE_EXPIRE_AFTER/);
        assert.match(err.message, /"never" or a duration of at least a minute/);
      }
    });

    it("lets an operator file override defaults while keeping the keys it leaves out", () => {
      const path = file("server:\n  port: 6000\ngroups:\n  maxMembers: 10\nlog:\n  level: warn\n");
      const config = loadConfig({ env: secret, file: path });
      assert.equal(config.server.port, 6000);
      assert.equal(config.server.host, "127.0.0.1");
      assert.equal(config.groups.maxMembers, 10);
      assert.equal(config.groups.maxOccupants, 5000);
      assert.equal(config.log.level, "warn");
    });

    it("lets the environment override the operator file", () => {
      const path = file("server:\n  host: file-host\n  port: 6000\ndata: /from/file\nlog:\n  level: warn\n");
      const config = loadConfig({
        env: { ...secret, MANIFOLD_SERVER: "env-host:7000", MANIFOLD_LOG_LEVEL: "error" },
        file: path,
      });
      assert.equal(config.server.host, "env-host");
      assert.equal(config.server.port, 7000);
      assert.equal(config.log.level, "error");
      assert.equal(config.data, "/from/file");
    });

    it("reads the secret file named in the operator file", () => {
      const secretPath = file("file-secret\n");
      const config = loadConfig({ env: {}, file: file(`server:\n  secretFile: ${secretPath}\n`) });
      assert.equal(config.server.secret, "file-secret");
    });

    it("accepts an empty operator file", () => {
      assert.equal(loadConfig({ env: secret, file: file("") }).server.port, 5347);
    });
  });

  describe("errors", () => {
    it("rejects an unknown log level, naming the key, the value and the allowed levels", () => {
      const err = configError(() => loadConfig({ env: { ...secret, MANIFOLD_LOG_LEVEL: "loud" } }));
      assert.match(err.message, /log\.level/);
      assert.match(err.message, /"loud"/);
      assert.match(err.message, /MANIFOLD_LOG_LEVEL/);
      assert.match(err.message, /"debug"/);
    });

    it("rejects a port that is not a number, naming MANIFOLD_SERVER", () => {
      const err = configError(() => loadConfig({ env: { ...secret, MANIFOLD_SERVER: "localhost:http" } }));
      assert.match(err.message, /MANIFOLD_SERVER/);
      assert.match(err.message, /"localhost:http"/);
      assert.match(err.message, /expected host:port/);
    });

    it("rejects a server address without a port", () => {
      const err = configError(() => loadConfig({ env: { ...secret, MANIFOLD_SERVER: "localhost" } }));
      assert.match(err.message, /"localhost".*expected host:port/);
    });

    it("rejects a port above 65535, naming server.port and the value", () => {
      const err = configError(() => loadConfig({ env: { ...secret, MANIFOLD_SERVER: "localhost:70000" } }));
      assert.match(err.message, /server\.port = 70000/);
      assert.match(err.message, /MANIFOLD_SERVER/);
      assert.match(err.message, /65535/);
    });

    it("rejects a component domain with a space, naming the key and the value", () => {
      const err = configError(() => loadConfig({ env: { ...secret, MANIFOLD_GROUPS_DOMAIN: "my groups" } }));
      assert.match(err.message, /domains\.groups = "my groups"/);
      assert.match(err.message, /MANIFOLD_GROUPS_DOMAIN/);
      assert.match(err.message, /domain name/);
    });

    it("rejects a malformed entry of MANIFOLD_LOCAL_DOMAINS", () => {
      const err = configError(() =>
        loadConfig({ env: { ...secret, MANIFOLD_LOCAL_DOMAINS: "a.org,b..org" } }),
      );
      assert.match(err.message, /localDomains/);
      assert.match(err.message, /"b\.\.org"/);
      assert.match(err.message, /domain name/);
    });

    it("rejects an unknown key in an operator file, naming it", () => {
      const err = configError(() =>
        loadConfig({ env: secret, file: file("server:\n  hots: example.org\n") }),
      );
      assert.match(err.message, /server/);
      assert.match(err.message, /"hots"/);
    });

    it("rejects a value of the wrong type in an operator file", () => {
      const err = configError(() => loadConfig({ env: secret, file: file("groups:\n  maxMembers: many\n") }));
      assert.match(err.message, /groups\.maxMembers = "many"/);
      assert.match(err.message, /number/);
    });

    it("refuses to start without a secret, saying where one can be given", () => {
      const err = configError(() => loadConfig({ env: {} }));
      assert.match(err.message, /server\.secret/);
      assert.match(err.message, /MANIFOLD_SECRET/);
    });

    it("rejects an empty secret file", () => {
      const path = file("\n");
      const err = configError(() => loadConfig({ env: { MANIFOLD_SECRET_FILE: path } }));
      assert.match(err.message, /server\.secretFile/);
      assert.match(err.message, /empty/);
    });

    it("rejects a secret file that cannot be read, naming the path", () => {
      const path = join(dir, "missing-secret");
      const err = configError(() => loadConfig({ env: { MANIFOLD_SECRET_FILE: path } }));
      assert.ok(err.message.includes(path));
    });

    it("rejects an operator file that cannot be read", () => {
      const path = join(dir, "missing.yaml");
      const err = configError(() => loadConfig({ env: secret, file: path }));
      assert.ok(err.message.includes(path));
    });

    it("rejects an operator file that is not a mapping", () => {
      const err = configError(() => loadConfig({ env: secret, file: file("- a\n- b\n") }));
      assert.match(err.message, /mapping/);
    });
  });

  describe("secrecy", () => {
    it("hides a secret of the wrong type", () => {
      const err = configError(() => loadConfig({ env: {}, file: file("server:\n  secret: [hunter2]\n") }));
      assert.match(err.message, /server\.secret/);
      assert.doesNotMatch(err.message, /hunter2/);
    });

    it("does not show the secret when a value of the wrong type sits next to it", () => {
      const path = file("server:\n  secret: hunter2\n  port: fifty\n");
      const err = configError(() => loadConfig({ env: {}, file: path }));
      assert.match(err.message, /server\.port = "fifty"/);
      assert.doesNotMatch(err.message, /hunter2/);
    });

    it("does not show the secret when an unknown key sits next to it", () => {
      const path = file("server:\n  secret: hunter2\n  colour: blue\n");
      const err = configError(() => loadConfig({ env: {}, file: path }));
      assert.match(err.message, /"colour"/);
      assert.doesNotMatch(err.message, /hunter2/);
    });

    it("does not show the MANIFOLD_SECRET value when an operator file has an unknown top-level key", () => {
      const err = configError(() =>
        loadConfig({ env: { MANIFOLD_SECRET: "hunter2" }, file: file("colour: blue\n") }),
      );
      assert.match(err.message, /"colour"/);
      assert.doesNotMatch(err.message, /hunter2/);
    });
  });
});
