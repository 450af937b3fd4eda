// `manifold start` against a real Prosody or ejabberd (SERVER=ejabberd) that refuses it: a wrong
// secret, a domain the server does not declare, a client port. Each stops start-up at once with one
// line on stderr naming the cause and the setting to change, exit status 2, instead of retrying
// forever. What each server answers is in src/xmpp/refusal.ts. A server that is not there yet is
// retried until it comes; once Manifold has been online, a refusal is logged and retried too.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pickFreePort } from "../../scripts/lib/ports.js";
import { runCli, startCli, type RunningCli } from "../helpers/manifold-cli.js";
import {
  COMPONENT_SECRET,
  GROUPS_DOMAIN,
  LISTS_DOMAIN,
  MANIFOLD_COMPONENTS,
  SERVER_KIND,
  startServer,
  useServer,
  type XmppServer,
} from "../helpers/server.js";

/** A start that fails for its configuration has exited by then, Manifold's own start-up included. */
const QUICK_EXIT_MS = 15_000;
const STARTED = /"msg":"Manifold started"/;

describe(`start-up against ${SERVER_KIND}`, function () {
  this.timeout(90_000);
  let server: XmppServer;
  let dir: string;
  /** Short backoff, so the retrying cases take seconds. */
  let fastRetries: string;
  let stores = 0;
  const running: RunningCli[] = [];
  const privateServers: XmppServer[] = [];

  before(async () => {
    server = await useServer();
    dir = mkdtempSync(join(tmpdir(), "manifold-startup-"));
    fastRetries = join(dir, "fast-retries.yaml");
    writeFileSync(fastRetries, "connection:\n  reconnectInitialMs: 100\n  reconnectMaxMs: 500\n");
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((run) => run.stop()));
    await Promise.all(privateServers.splice(0).map((s) => s.stop()));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** The variables of a start that works against `target` (the shared server by default). */
  function envFor(extra: Record<string, string> = {}, target: XmppServer = server): Record<string, string> {
    return {
      MANIFOLD_SERVER: `${target.host}:${target.componentPort}`,
      MANIFOLD_SECRET: COMPONENT_SECRET,
      MANIFOLD_GROUPS_DOMAIN: GROUPS_DOMAIN,
      MANIFOLD_LISTS_DOMAIN: LISTS_DOMAIN,
      MANIFOLD_LOCAL_DOMAINS: target.domain,
      MANIFOLD_DATA: join(dir, `store-${++stores}`),
      MANIFOLD_HTTP_PORT: "0",
      MANIFOLD_LOG_LEVEL: "info",
      ...extra,
    };
  }

  /** The one stderr line of a start with these variables, checked to exit quickly with status 2. */
  async function failedStart(extra: Record<string, string>): Promise<string> {
    const run = await runCli(["start"], envFor(extra));
    const shown = `\n--- stderr ---\n${run.stderr}--- stdout ---\n${run.stdout}`;
    assert.equal(run.code, 2, `exit status${shown}`);
    assert.ok(run.elapsedMs < QUICK_EXIT_MS, `exited after ${run.elapsedMs} ms${shown}`);
    assert.doesNotMatch(run.stdout, STARTED, shown);
    const lines = run.stderr.trimEnd().split("\n");
    assert.equal(lines.length, 1, `one line on stderr${shown}`);
    return lines[0]!;
  }

  /** The line for a refused secret (and, on ejabberd, a domain its listener lacks). */
  function secretLine(domain: string, port: number): string {
    const answer =
      SERVER_KIND === "prosody"
        ? 'not-authorized: "Given token does not match calculated token"'
        : "not-authorized";
    return `manifold: the XMPP server at 127.0.0.1:${port} refused the secret of component ${domain} (${answer}): set MANIFOLD_SECRET (server.secret) or MANIFOLD_SECRET_FILE (server.secretFile) to the secret the server has for ${domain} (Prosody: its component_secret; ejabberd: its password under the ejabberd_service listener's hosts, where a missing ${domain} gets this same answer)`;
  }

  it("stops at a wrong secret, naming MANIFOLD_SECRET and the domain", async () => {
    const wrong = "not-the-component-secret";
    const line = await failedStart({ MANIFOLD_SECRET: wrong });
    // Both components are refused; whichever answer came first is the one reported.
    const domain = /component (\S+) \(/.exec(line)?.[1] ?? "";
    assert.ok([GROUPS_DOMAIN, LISTS_DOMAIN].includes(domain), line);
    assert.equal(line, secretLine(domain, server.componentPort));
    assert.ok(!line.includes(wrong), "the secret is not shown");
  });

  it("stops at a component domain the server does not declare, saying what to declare", async () => {
    const undeclared = "undeclared.localhost";
    const line = await failedStart({ MANIFOLD_LISTS_DOMAIN: undeclared });
    if (SERVER_KIND === "ejabberd") {
      // ejabberd answers an unknown component domain as it answers a wrong secret.
      assert.equal(line, secretLine(undeclared, server.componentPort));
    } else {
      assert.equal(
        line,
        `manifold: the XMPP server at 127.0.0.1:${server.componentPort} has no component ${undeclared} (host-unknown: "${undeclared} does not match any configured external components"): declare it there (Prosody: Component "${undeclared}" with component_secret; ejabberd: ${undeclared} under the hosts of its ejabberd_service listener), or set MANIFOLD_LISTS_DOMAIN (domains.lists) to a domain it declares, or MANIFOLD_SERVER (server.host, server.port) to the server that declares it`,
      );
    }
  });

  it("stops at the server's client port, naming MANIFOLD_SERVER", async () => {
    const line = await failedStart({ MANIFOLD_SERVER: `127.0.0.1:${server.c2sPort}` });
    assert.equal(
      line,
      `manifold: 127.0.0.1:${server.c2sPort} is not the XMPP server's component listener (it answered as jabber:client, as a client port does): set MANIFOLD_SERVER (server.host, server.port) to its component port (Prosody: component_ports, 5347 by default; ejabberd: the port of its ejabberd_service listener)`,
    );
  });

  it("keeps retrying while nothing listens, and starts once the server is up", async () => {
    const port = await pickFreePort();
    const run = startCli(
      ["start"],
      envFor({ MANIFOLD_SERVER: `127.0.0.1:${port}`, MANIFOLD_CONFIG: fastRetries }),
    );
    running.push(run);
    // A server that is restarting: connection refused, again and again, and Manifold stays.
    await run.waitFor(/"attempt":3,.*"msg":"component disconnected; reconnecting"/);
    const late = await startServer({ components: { ...MANIFOLD_COMPONENTS }, ports: { component: port } });
    privateServers.push(late);
    await run.waitFor(STARTED);
    const exit = await run.stop();
    assert.equal(exit.code, 0, run.output());
    assert.equal(exit.stderr, "", "nothing on stderr");
  });

  it("stops at a wrong secret also when the server was not up at first", async () => {
    const port = await pickFreePort();
    const run = startCli(
      ["start"],
      envFor({ MANIFOLD_SERVER: `127.0.0.1:${port}`, MANIFOLD_CONFIG: fastRetries }),
    );
    running.push(run);
    await run.waitFor(/"attempt":2,.*"msg":"component disconnected; reconnecting"/);
    const late = await startServer({
      components: { [GROUPS_DOMAIN]: "another", [LISTS_DOMAIN]: "another" },
      ports: { component: port },
    });
    privateServers.push(late);
    const { line } = await run.waitFor(/^manifold: /);
    const exit = await run.exited;
    assert.equal(exit.code, 2, run.output());
    assert.equal(exit.stderr, `${line}\n`, "one line on stderr");
    const domain = /component (\S+) \(/.exec(line)?.[1] ?? "";
    assert.equal(line, secretLine(domain, port));
  });

  it("once online, logs a refusal with its cause and keeps reconnecting until the server is fixed", async () => {
    const first = await startServer({ components: { ...MANIFOLD_COMPONENTS } });
    privateServers.push(first);
    const ports = { c2s: first.c2sPort, component: first.componentPort };
    const run = startCli(["start"], envFor({ MANIFOLD_CONFIG: fastRetries }, first));
    running.push(run);
    await run.waitFor(STARTED);

    // The server comes back with another secret for Manifold's domains (a rotated secret).
    await first.stop();
    const rotated = await startServer({
      ports,
      components: { [GROUPS_DOMAIN]: "rotated", [LISTS_DOMAIN]: "rotated" },
    });
    privateServers.push(rotated);
    const refused = new RegExp(
      `"level":50,.*"msg":"the XMPP server at 127\\.0\\.0\\.1:${ports.component} refused component (groups|lists)\\.localhost \\(not-authorized[^)]*\\); reconnecting"`,
    );
    const seen = await run.waitFor(refused);
    await run.waitFor(refused, seen.next); // refused again: it retried instead of exiting

    // Fixed: the right secret again, on the same ports. Manifold is back without a restart.
    await rotated.stop();
    const mark = run.lines();
    const fixed = await startServer({ ports, components: { ...MANIFOLD_COMPONENTS } });
    privateServers.push(fixed);
    await run.waitFor(/"msg":"component reconnected"/, mark);
    const exit = await run.stop();
    assert.equal(exit.code, 0, run.output());
  });
});
