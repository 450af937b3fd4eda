// One Prosody shared by the integration suite, started on first use, with both Manifold component
// domains. Manifold uses one secret for both (MANIFOLD_SECRET), so both entries get the same
// random one. Stopped by the root hook in spec/integration/hooks.ts (and killed at exit anyway).
import { randomBytes } from "node:crypto";
import { startProsody, type Prosody } from "../../scripts/lib/prosody.js";

export const GROUPS_DOMAIN = "groups.localhost";
export const LISTS_DOMAIN = "lists.localhost";
export const COMPONENT_SECRET = randomBytes(16).toString("hex");

/** The component entries every spec Prosody gets: both Manifold domains, one shared secret. */
export const MANIFOLD_COMPONENTS: Readonly<Record<string, string>> = {
  [GROUPS_DOMAIN]: COMPONENT_SECRET,
  [LISTS_DOMAIN]: COMPONENT_SECRET,
};

let shared: Promise<Prosody> | undefined;

/** The suite's shared Prosody (started on the first call). Don't stop or restart it in a spec:
 *  start a private one with startProsody({ components: MANIFOLD_COMPONENTS }) for that. */
export function useProsody(): Promise<Prosody> {
  shared ??= startProsody({ components: { ...MANIFOLD_COMPONENTS } }).catch((err: unknown) => {
    shared = undefined;
    throw err;
  });
  return shared;
}

export async function stopSharedProsody(): Promise<void> {
  const running = shared;
  shared = undefined;
  if (running) await (await running).stop();
}
