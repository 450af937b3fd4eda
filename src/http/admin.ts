// The admin route of the HTTP side: GET /admin/export streams a consistent snapshot of the store.
// `manifold export` comes here because LevelDB lets only one process open the store. Access needs
// the bearer token that a started Manifold writes, with its URL, to <data>/manifold-admin.json
// (mode 0600): whoever may read the data directory may export it, nobody else.
import { randomBytes, timingSafeEqual } from "node:crypto";
import { once } from "node:events";
import { rename, rm, writeFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import type { Log } from "../core/log.js";

export const ADMIN_FILE = "manifold-admin.json";
export const EXPORT_PATH = "/admin/export";

/** What <data>/manifold-admin.json holds while Manifold runs. */
export interface AdminFile {
  url: string;
  token: string;
}

export interface AdminDeps {
  /** The store's directory; undefined for a store that is not on disk (specs): no file then. */
  dir: string | undefined;
  /** The lines of a snapshot of the store, read when asked for. */
  snapshot: () => AsyncIterable<string>;
  log: Log;
}

export class AdminAccess {
  private readonly token = randomBytes(32).toString("base64url");

  constructor(private readonly deps: AdminDeps) {}

  /** Answers the admin route; false for any other path. */
  handle(req: IncomingMessage, res: ServerResponse, path: string): boolean {
    if (path !== EXPORT_PATH) return false;
    if (req.method !== "GET") plain(res, 405, "Only GET\n");
    else if (!this.authorized(req.headers.authorization)) plain(res, 401, "A valid bearer token is needed\n");
    else void this.stream(res);
    return true;
  }

  /** Writes the admin file (URL and token) for `manifold export`; atomically, readable by the owner only. */
  async publish(url: string): Promise<void> {
    if (!this.deps.dir) return;
    const file = join(this.deps.dir, ADMIN_FILE);
    const content: AdminFile = { url, token: this.token };
    await writeFile(`${file}.tmp`, `${JSON.stringify(content)}\n`, { mode: 0o600 });
    await rename(`${file}.tmp`, file);
  }

  /** Removes the admin file: from now on `manifold export` opens the directory itself. */
  async withdraw(): Promise<void> {
    if (this.deps.dir) await rm(join(this.deps.dir, ADMIN_FILE), { force: true });
  }

  private authorized(header: string | undefined): boolean {
    const given = Buffer.from(header?.replace(/^Bearer /, "") ?? "");
    const wanted = Buffer.from(this.token);
    return given.length === wanted.length && timingSafeEqual(given, wanted);
  }

  /** Streams the snapshot, honouring back-pressure; a failure cuts the response short, which the
   * client detects (no end line). */
  private async stream(res: ServerResponse): Promise<void> {
    let lines = 0;
    res.writeHead(200, { "content-type": "application/x-ndjson", "cache-control": "no-store" });
    try {
      for await (const line of this.deps.snapshot()) {
        if (res.destroyed) return;
        lines++;
        if (!res.write(`${line}\n`)) await Promise.race([once(res, "drain"), once(res, "close")]);
      }
      res.end();
      this.deps.log.info({ records: lines - 2 }, "store exported");
    } catch (err) {
      this.deps.log.error({ err }, "store export failed");
      res.destroy();
    }
  }
}

function plain(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "content-type": "text/plain", "cache-control": "no-store" });
  res.end(body);
}
