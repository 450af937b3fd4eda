// `npm run demo`: Manifold with a private Prosody on this machine, ready for any XMPP client.
// Installs Prosody if missing, keeps its data in ./.data/prosody and Manifold's in ./.data/manifold
// (both survive restarts), creates alice, bob, carol and dave with passwords saved in
// ./.data/demo-users.json, prints how to connect, and stops both cleanly on Ctrl-C.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { createApp, type App } from "../src/app.js";
import { loadConfig } from "../src/config/load.js";
import { ensureProsody } from "./lib/ensure-packages.js";
import { startProsody, type Prosody } from "./lib/prosody.js";

const DATA = resolve(".data");
const USERS_FILE = join(DATA, "demo-users.json");
const DEMO_USERS = ["alice", "bob", "carol", "dave"];
const GROUPS_DOMAIN = "groups.localhost";
const LISTS_DOMAIN = "lists.localhost";

function portFromEnv(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === "") return fallback;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`${name}=${text} is not a TCP port`);
  return port;
}

/** The demo users' passwords: generated on the first run, then read back on every later one. */
function demoPasswords(): Record<string, string> {
  const saved = existsSync(USERS_FILE)
    ? (JSON.parse(readFileSync(USERS_FILE, "utf8")) as Record<string, string>)
    : {};
  let changed = false;
  for (const name of DEMO_USERS) {
    if (typeof saved[name] !== "string" || saved[name] === "") {
      saved[name] = randomBytes(6).toString("base64url");
      changed = true;
    }
  }
  if (changed) writeFileSync(USERS_FILE, `${JSON.stringify(saved, null, 2)}\n`, { mode: 0o600 });
  return saved;
}

function printHowToConnect(prosody: Prosody, passwords: Record<string, string>, web?: string): void {
  const users = DEMO_USERS.map(
    (name) => `    ${`${name}@${prosody.domain}`.padEnd(20)} password ${passwords[name]}`,
  );
  const browser = web
    ? `
  Open ${web}/ in a browser and log in as alice (or bob, carol, dave) with the password below.
  Health and metrics: ${web}/healthz  ${web}/metrics
`
    : "";
  console.log(`
Manifold is running with a private Prosody.
${browser}
  Server     ${prosody.host}, port ${prosody.c2sPort} (plain TCP, no TLS: allow plaintext in your client)
  Users (passwords are kept in ${USERS_FILE}):
${users.join("\n")}
  Rooms      live on ${GROUPS_DOMAIN}: join e.g. tea@${GROUPS_DOMAIN} to create a room you own.
  Topics     live on ${LISTS_DOMAIN}: join e.g. badminton@${LISTS_DOMAIN}, then invite or /member contacts.
  WebSocket   ws://${prosody.host}:${prosody.httpPort}/xmpp-websocket, BOSH http://${prosody.host}:${prosody.httpPort}/http-bind

  Profanity: /connect alice@${prosody.domain} server ${prosody.host} port ${prosody.c2sPort} tls disable
  Gajim:     add the account with "Advanced" → host ${prosody.host}, port ${prosody.c2sPort}, and allow an
             unencrypted connection when it warns.

  Data: ${DATA} (delete it to start afresh). Prosody's log: ${prosody.logPath}
  Ctrl-C stops Manifold and Prosody.
`);
}

async function main(): Promise<void> {
  await ensureProsody((line) => console.log(line));
  mkdirSync(DATA, { recursive: true });
  const passwords = demoPasswords();
  // A fresh component secret each run: both sides are configured here, nothing else needs it.
  const secret = randomBytes(16).toString("hex");

  const prosody = await startProsody({
    dir: join(DATA, "prosody"),
    components: { [GROUPS_DOMAIN]: secret, [LISTS_DOMAIN]: secret },
    http: true,
    // Server-side fan-out: Prosody expands a topic's copies (server/prosody, docs/servers.md).
    multicast: true,
    ports: {
      c2s: portFromEnv("DEMO_C2S_PORT", 5222),
      component: portFromEnv("DEMO_COMPONENT_PORT", 5347),
      http: portFromEnv("DEMO_HTTP_PORT", 5280),
    },
  });
  let app: App | undefined;
  let stopping: Promise<void> | undefined;
  const stopAll = () =>
    (stopping ??= (async () => {
      console.log("\nStopping Manifold and Prosody…");
      await app?.stop().catch((err: unknown) => console.error("Manifold did not stop cleanly:", err));
      await prosody.stop();
      console.log("Stopped.");
    })());
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (stopping) {
        console.log("Stopping anyway.");
        process.exit(130);
      }
      void stopAll().then(() => process.exit(0));
    });
  }

  try {
    await prosody.registerUsers(DEMO_USERS.map((name) => ({ name, password: passwords[name]! })));
    // Everyone starts with the others as contacts, so the web client shows who is online.
    prosody.befriend(DEMO_USERS, "Demo");
    const config = loadConfig({
      env: {
        ...process.env,
        MANIFOLD_SERVER: `${prosody.host}:${prosody.componentPort}`,
        MANIFOLD_SECRET: secret,
        MANIFOLD_GROUPS_DOMAIN: GROUPS_DOMAIN,
        MANIFOLD_LISTS_DOMAIN: LISTS_DOMAIN,
        MANIFOLD_LOCAL_DOMAINS: prosody.domain,
        MANIFOLD_DATA: join(DATA, "manifold"),
        MANIFOLD_LOG_LEVEL: process.env.MANIFOLD_LOG_LEVEL ?? "info",
        MANIFOLD_WEBSOCKET_URL: `ws://${prosody.host}:${prosody.httpPort}/xmpp-websocket`,
      },
    });
    app = await createApp(config);
    await app.start();
  } catch (err) {
    await stopAll();
    throw err;
  }
  printHowToConnect(prosody, passwords, app.httpUrl);
}

main().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  console.error(`\nThe demo could not start: ${message}`);
  if (message.includes("already in use")) {
    console.error("Other ports: DEMO_C2S_PORT=… DEMO_COMPONENT_PORT=… DEMO_HTTP_PORT=… npm run demo");
  }
  process.exit(1);
});
