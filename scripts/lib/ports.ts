// TCP helpers for starting servers on loopback: pick a free port, check that a fixed one is free,
// and probe whether something accepts connections (or answers an XMPP stream header) on a port.
import { randomInt } from "node:crypto";
import { readFileSync } from "node:fs";
import { connect, createServer } from "node:net";

const handedOut = new Set<number>();

/**
 * A free port below the kernel's ephemeral range (where outgoing connections take their source
 * port), so no client socket can grab it between our check and the server's bind, nor while a
 * server restarts on it. Never the same port twice in one process. Falls back to bind-port-0.
 */
export async function pickFreePort(host = "127.0.0.1"): Promise<number> {
  const low = 10_000;
  const high = ephemeralRangeStart() - 1;
  for (let attempt = 0; high > low && attempt < 50; attempt++) {
    const port = low + randomInt(high - low + 1);
    if (handedOut.has(port) || !(await isPortFree(port, host))) continue;
    handedOut.add(port);
    return port;
  }
  return kernelPickedPort(host);
}

function ephemeralRangeStart(): number {
  try {
    const start = Number(
      readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0],
    );
    return Number.isInteger(start) && start > 0 ? start : 32_768;
  } catch {
    return 32_768; // not Linux: the IANA range starts at 49152, so this is below it too
  }
}

function kernelPickedPort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error(`could not read the port picked on ${host}`));
      });
    });
  });
}

/** True when nothing listens on host:port (we could bind it ourselves). */
export function isPortFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** True when a TCP connection to host:port is accepted within timeoutMs. */
export function acceptsConnections(port: number, host = "127.0.0.1", timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/**
 * True when an XMPP server on host:port answers a client stream header with its own. A listening
 * socket only proves `listen()` ran; an answer proves the server's event loop is running, i.e.
 * its synchronous start-up (every host and component) is finished.
 */
export function answersXmppStream(
  port: number,
  domain: string,
  host = "127.0.0.1",
  timeoutMs = 2000,
): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    let received = "";
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("error", () => done(false));
    socket.once("close", () => done(false));
    socket.once("connect", () => {
      socket.write(
        `<?xml version='1.0'?><stream:stream to='${domain}' version='1.0' xmlns='jabber:client' ` +
          `xmlns:stream='http://etherx.jabber.org/streams'>`,
      );
    });
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString("utf8");
      if (/<stream:stream[\s>]/.test(received)) done(true);
    });
  });
}
