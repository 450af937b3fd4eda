// A TCP relay on loopback between Manifold and a server that can stop forwarding after a given
// number of bytes from Manifold: a link that stalls mid-stream. The specs that lose Manifold or a
// server in the middle of a fan-out use it so the server provably has not seen (and so cannot
// have confirmed) all of the copies when the fault comes, however fast it routes. Racing a freeze
// against the copies arriving lost on a fast machine.
import { createServer, connect, type Socket } from "node:net";

export interface StallProxy {
  /** Where Manifold connects instead of the server. */
  readonly port: number;
  /** From now on, forward this many more bytes from Manifold to the server, then hold the rest
   *  (on every connection). Resolves once the link has stalled. */
  stallAfter(bytes: number): Promise<void>;
  /** Ends the stall: what was held goes on to the server, and everything after it. */
  release(): void;
  /** Closes every relayed connection and the listener. */
  close(): Promise<void>;
}

export async function startStallProxy(host: string, targetPort: number): Promise<StallProxy> {
  const relays = new Set<{ client: Socket; upstream: Socket; held: Buffer[] }>();
  let budget = Infinity; // bytes still to forward toward the server before the stall
  let onStalled: (() => void) | undefined;

  const server = createServer((client) => {
    const relay = { client, upstream: connect(targetPort, host), held: [] as Buffer[] };
    relays.add(relay);
    for (const s of [client, relay.upstream]) {
      s.on("error", () => undefined); // a killed process resets its end: part of the spec
      s.on("close", () => {
        client.destroy();
        relay.upstream.destroy();
        relays.delete(relay);
      });
    }
    relay.upstream.on("data", (chunk: Buffer) => client.write(chunk));
    client.on("data", (chunk: Buffer) => {
      if (budget <= 0) return void relay.held.push(chunk);
      const part = chunk.length <= budget ? chunk : chunk.subarray(0, budget);
      budget -= part.length;
      relay.upstream.write(part);
      if (budget > 0) return;
      if (part.length < chunk.length) relay.held.push(chunk.subarray(part.length));
      onStalled?.();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("stall proxy: no port");

  return {
    port: address.port,
    stallAfter(bytes) {
      budget = bytes;
      return new Promise((resolve) => (onStalled = resolve));
    },
    release() {
      budget = Infinity;
      for (const relay of relays) for (const chunk of relay.held.splice(0)) relay.upstream.write(chunk);
    },
    async close() {
      for (const { client, upstream } of relays) {
        client.destroy();
        upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
