// One XMPP server shared by the integration suite, started on first use with both Manifold component
// domains: Prosody, or ejabberd when SERVER=ejabberd (scripts/lib/xmpp-server.ts). Manifold uses
// one secret for both domains (MANIFOLD_SECRET), so both entries get the same random one. Stopped
// by the root hook in spec/integration/hooks.ts (and killed at exit anyway).
import { randomBytes } from "node:crypto";
import {
  serverKindFromEnv,
  startServer,
  type ServerKind,
  type ServerOptions,
  type XmppServer,
} from "../../scripts/lib/xmpp-server.js";

export { startServer, type ServerKind, type ServerOptions, type XmppServer };

export const GROUPS_DOMAIN = "groups.localhost";
export const LISTS_DOMAIN = "lists.localhost";
export const COMPONENT_SECRET = randomBytes(16).toString("hex");

/** The component entries every spec server gets: both Manifold domains, one shared secret. */
export const MANIFOLD_COMPONENTS: Readonly<Record<string, string>> = {
  [GROUPS_DOMAIN]: COMPONENT_SECRET,
  [LISTS_DOMAIN]: COMPONENT_SECRET,
};

/** The server this run of the suite is against (SERVER, default prosody). */
export const SERVER_KIND: ServerKind = serverKindFromEnv();

let shared: Promise<XmppServer> | undefined;

/** The suite's shared server (started on the first call). Don't stop or restart it in a spec:
 *  start a private one with startServer({ components: MANIFOLD_COMPONENTS }) for that. */
export function useServer(): Promise<XmppServer> {
  shared ??= startServer({ components: { ...MANIFOLD_COMPONENTS } }).catch((err: unknown) => {
    shared = undefined;
    throw err;
  });
  return shared;
}

export async function stopSharedServer(): Promise<void> {
  const running = shared;
  shared = undefined;
  if (running) await (await running).stop();
}
