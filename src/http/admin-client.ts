// The client side of the admin route, for `manifold export`: finds the Manifold running on a data
// directory through its admin file and streams its snapshot. No admin file, or nobody answering
// at its address (a Manifold that did not stop cleanly), means no Manifold runs there.
import { readFile } from "node:fs/promises";
import { get, type IncomingMessage } from "node:http";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { ADMIN_FILE, EXPORT_PATH, type AdminFile } from "./admin.js";

/** The snapshot lines of the Manifold running on `dir`, or undefined when none runs there. */
export async function exportFromRunning(dir: string): Promise<AsyncIterable<string> | undefined> {
  const path = join(dir, ADMIN_FILE);
  let admin: AdminFile;
  try {
    admin = JSON.parse(await readFile(path, "utf8")) as AdminFile;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new Error(`cannot read ${path}: ${(err as Error).message}`, { cause: err });
  }
  const res = await request(`${admin.url}${EXPORT_PATH}`, admin.token);
  if (!res) return undefined;
  if (res.statusCode !== 200) {
    res.resume();
    throw new Error(
      `the Manifold at ${admin.url} answered ${res.statusCode} to the export` +
        (res.statusCode === 401 ? ` (its token is not the one in ${path})` : ""),
    );
  }
  // A connection lost mid-stream ends the lines early; the missing end line reports it.
  res.on("error", () => undefined);
  return createInterface({ input: res, crlfDelay: Infinity });
}

/** GET with the bearer token; undefined when nothing listens there. */
function request(url: string, token: string): Promise<IncomingMessage | undefined> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { authorization: `Bearer ${token}` } }, resolve).on("error", (err) => {
      if ((err as NodeJS.ErrnoException).code === "ECONNREFUSED") resolve(undefined);
      else reject(new Error(`cannot reach the Manifold at ${url}: ${err.message}`));
    });
  });
}
