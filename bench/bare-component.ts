// A bare XEP-0114 component on a raw socket, the cheapest possible sender: handshake, then stanza
// strings written straight to the socket, waiting for 'drain' when the kernel buffer is full.
// What it achieves is the ceiling any component can reach through this Prosody.
import { createHash } from "node:crypto";
import { connect, type Socket } from "node:net";
import { once } from "node:events";

const HANDSHAKE_TIMEOUT_MS = 10_000;

export class BareComponent {
  private constructor(
    private readonly socket: Socket,
    readonly domain: string,
  ) {}

  static async connect(host: string, port: number, domain: string, secret: string): Promise<BareComponent> {
    const socket = connect({ host, port });
    socket.setNoDelay(true);
    socket.setEncoding("utf8");
    await once(socket, "connect");
    socket.write(
      `<stream:stream xmlns='jabber:component:accept' xmlns:stream='http://etherx.jabber.org/streams' to='${domain}'>`,
    );
    const accepted = new Promise<void>((resolve, reject) => {
      let received = "";
      let sentHandshake = false;
      const finish = (err?: Error) => {
        clearTimeout(timer);
        socket.off("data", onData);
        socket.off("error", finish);
        if (err) reject(err);
        else resolve();
      };
      const onData = (chunk: string) => {
        received += chunk;
        const id = /<stream:stream[^>]*\sid=['"]([^'"]+)['"]/.exec(received)?.[1];
        if (!sentHandshake && id) {
          sentHandshake = true;
          socket.write(
            `<handshake>${createHash("sha1")
              .update(id + secret)
              .digest("hex")}</handshake>`,
          );
        }
        if (/<handshake\s*\/>|<handshake><\/handshake>/.test(received)) finish();
        else if (received.includes("<stream:error")) finish(new Error(`${domain}: refused: ${received}`));
      };
      const timer = setTimeout(
        () => finish(new Error(`${domain}: no handshake in ${HANDSHAKE_TIMEOUT_MS} ms`)),
        HANDSHAKE_TIMEOUT_MS,
      );
      socket.on("data", onData);
      socket.once("error", finish);
    });
    await accepted;
    // Keep reading; a bounce shows up as a missing delivery in the tally.
    socket.on("data", () => undefined);
    socket.on("error", () => undefined);
    return new BareComponent(socket, domain);
  }

  /** Writes raw XML; resolves once the socket accepts more (back-pressure). */
  async write(xml: string): Promise<void> {
    if (!this.socket.write(xml)) await once(this.socket, "drain");
  }

  close(): void {
    this.socket.end("</stream:stream>");
    this.socket.destroy();
  }
}
