// Manifold's own small HTTP side (loopback by default): `/healthz` for supervisors and load
// balancers, `/metrics` for Prometheus, and the web client (src/web/) at `/` when enabled.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Metrics } from "../metrics/metrics.js";
import type { AdminAccess } from "./admin.js";
import type { WebClient } from "../web/web-client.js";
import type { Link } from "../xmpp/link.js";

export interface HttpDeps {
  host: string;
  port: number;
  links: readonly Link[];
  metrics: Metrics;
  storeOpen: () => boolean;
  web: WebClient | undefined;
  /** The admin route (`manifold export`); absent: none. */
  admin?: AdminAccess;
}

export interface Health {
  ok: boolean;
  components: Record<string, "online" | "offline">;
  store: "open" | "closed";
}

export function health(links: readonly Link[], storeOpen: boolean): Health {
  const components = Object.fromEntries(
    links.map((l) => [l.domain, l.online ? "online" : "offline"] as const),
  );
  return {
    ok: storeOpen && links.every((l) => l.online),
    components,
    store: storeOpen ? "open" : "closed",
  };
}

/** The HTTP side could not listen: the port is taken (EADDRINUSE), the address is not this
 * machine's (EADDRNOTAVAIL), or the port needs privileges (EACCES). */
export class HttpListenError extends Error {
  override name = "HttpListenError";
  /** host:port as asked for. */
  readonly address: string;

  constructor(
    readonly host: string,
    readonly port: number,
    readonly code: string | undefined,
    options?: ErrorOptions,
  ) {
    super(`cannot listen on ${hostPort(host, port)}: ${code ?? "failed"}`, options);
    this.address = hostPort(host, port);
  }
}

export class HttpServer {
  private readonly server: Server;

  constructor(private readonly deps: HttpDeps) {
    this.server = createServer((req, res) => void this.answer(req, res));
  }

  /** Listens; resolves with the base URL (the port is the real one when 0 was asked for). */
  start(): Promise<string> {
    return new Promise((resolve, reject) => {
      const { host, port } = this.deps;
      this.server.once("error", (err: NodeJS.ErrnoException) =>
        reject(new HttpListenError(host, port, err.code, { cause: err })),
      );
      this.server.listen(port, host, () => {
        const { port: listening } = this.server.address() as AddressInfo;
        resolve(`http://${hostPort(host, listening)}`);
      });
    });
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, "text/plain", "Only GET\n");
    try {
      if (this.deps.admin?.handle(req, res, path)) return;
      if (path === "/healthz") {
        const h = health(this.deps.links, this.deps.storeOpen());
        return send(res, h.ok ? 200 : 503, "application/json", `${JSON.stringify(h)}\n`);
      }
      if (path === "/metrics")
        return send(res, 200, this.deps.metrics.registry.contentType, await this.deps.metrics.text());
      if (this.deps.web?.handle(req, res, path)) return;
      send(res, 404, "text/plain", "Not found: try /, /healthz or /metrics\n");
    } catch {
      send(res, 500, "text/plain", "Internal error\n");
    }
  }
}

/** host:port, with an IPv6 address in brackets. */
function hostPort(host: string, port: number): string {
  return `${host.includes(":") ? `[${host}]` : host}:${port}`;
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  res.end(body);
}
