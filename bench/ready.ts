// Waits until Manifold serves its component domains: a disco#info IQ from a c2s user to each
// domain is answered with a result (Prosody bounces IQs to a component that is not connected).
import { xml } from "@xmpp/client";
import type { TestUser } from "../spec/helpers/users.js";
import type { ManifoldProcess } from "./manifold-process.js";

const POLL_MS = 5;
const IQ_TIMEOUT_MS = 5_000;

/** Resolves with performance.now() at which the last of `domains` answered. */
export async function waitForDomains(
  user: TestUser,
  domains: readonly string[],
  manifold: ManifoldProcess,
  timeoutMs: number,
): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  const answered = await Promise.all(domains.map((domain) => pollDomain(user, domain, manifold, deadline)));
  return Math.max(...answered);
}

async function pollDomain(
  user: TestUser,
  domain: string,
  manifold: ManifoldProcess,
  deadline: number,
): Promise<number> {
  let last = "";
  while (performance.now() < deadline) {
    if (manifold.exit) {
      throw new Error(`Manifold exited (${manifold.exit}) before serving ${domain}:\n${manifold.logTail()}`);
    }
    try {
      const query = xml("query", { xmlns: "http://jabber.org/protocol/disco#info" });
      await user.iq(xml("iq", { type: "get", to: domain }, query), IQ_TIMEOUT_MS);
      return performance.now();
    } catch (err) {
      last = (err as Error).message;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
  throw new Error(
    `${domain} did not answer disco#info in time (last answer: ${last})\n${manifold.logTail()}`,
  );
}
