// The server side of an end-to-end spec: a private Prosody with WebSocket (the browser's way in),
// the demo users with random passwords as mutual contacts, and Manifold in-process serving the web
// client (Converse.js) on its HTTP side, configured with that Prosody's WebSocket URL.
import { randomBytes } from "node:crypto";
import { startProsody, type Prosody } from "../../../scripts/lib/prosody.js";
import { MANIFOLD_COMPONENTS } from "../../helpers/prosody.js";
import { startManifold, type RunningManifold } from "../../helpers/manifold.js";

/** Everyone a spec can log in as; all four are in each other's roster group "Friends". */
export const PEOPLE = ["alice", "bob", "carol", "dave"] as const;
export type Person = (typeof PEOPLE)[number];

export interface Stack {
  prosody: Prosody;
  manifold: RunningManifold;
  /** The web client's page: `${app.httpUrl}/`. */
  url: string;
  passwords: Readonly<Record<Person, string>>;
  /** Stops Manifold, then Prosody (Manifold says goodbye through it). Safe to call twice. */
  stop(): Promise<void>;
}

export async function startStack(): Promise<Stack> {
  const prosody = await startProsody({ components: { ...MANIFOLD_COMPONENTS }, http: true });
  let manifold: RunningManifold | undefined;
  try {
    const passwords = Object.fromEntries(
      PEOPLE.map((name) => [name, randomBytes(12).toString("base64url")]),
    ) as Record<Person, string>;
    await prosody.registerUsers(PEOPLE.map((name) => ({ name, password: passwords[name] })));
    prosody.befriend(PEOPLE, "Friends");
    manifold = await startManifold(prosody, {
      env: { MANIFOLD_WEBSOCKET_URL: `ws://127.0.0.1:${prosody.httpPort}/xmpp-websocket` },
    });
    const httpUrl = manifold.app.httpUrl;
    if (!httpUrl) throw new Error("Manifold started without its HTTP side, so there is no web client");
    const running = manifold;
    let stopped = false;
    return {
      prosody,
      manifold,
      url: `${httpUrl}/`,
      passwords,
      async stop() {
        if (stopped) return;
        stopped = true;
        try {
          await running.stop();
        } finally {
          await prosody.stop();
        }
      },
    };
  } catch (err) {
    await manifold?.stop().catch(() => undefined);
    await prosody.stop();
    throw err;
  }
}

/**
 * The stack of the enclosing describe: started once before its tests, stopped after them. Call it
 * in the describe body; the returned function gives the running stack inside tests.
 */
export function useStack(): () => Stack {
  let stack: Stack | undefined;
  before(async () => {
    stack = await startStack();
  });
  after(async () => {
    await stack?.stop();
  });
  return () => {
    if (!stack) throw new Error("The stack is not running: use it inside a test");
    return stack;
  };
}
