// The web client on Manifold's HTTP side: the page at `/` and Converse.js's files (script, styles,
// chunks, emojis, sounds, fonts) under ASSETS_PATH, straight from the converse.js npm package; the
// page under a Content-Security-Policy that keeps it to these files and the XMPP server (csp.ts).
// serve-static does the file serving (types, ranges, caching headers, no path escapes).
import { createRequire } from "node:module";
import type { IncomingMessage, ServerResponse } from "node:http";
import { dirname } from "node:path";
import serveStatic from "serve-static";
import type { Config } from "../config/schema.js";
import { contentSecurityPolicy } from "./csp.js";
import { renderPage } from "./page.js";
import { ASSETS_PATH, converseSettings } from "./settings.js";

/** The converse.js package's dist directory, wherever npm put it. */
export function converseDist(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve("converse.js/dist/converse.min.js"));
}

export interface WebClient {
  /** Answers the request and returns true when it is the web client's; false leaves it to others. */
  handle(req: IncomingMessage, res: ServerResponse, path: string): boolean;
}

export function createWebClient(config: Config): WebClient {
  const page = renderPage(converseSettings(config));
  const headers = {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-cache",
    "content-security-policy": contentSecurityPolicy(config.web.websocketUrl, page.scriptSource),
  };
  // Converse's files change only with its version: let browsers keep them a day.
  const assets = serveStatic(converseDist(), { index: false, maxAge: "1d", fallthrough: true });

  return {
    handle(req, res, path) {
      if (path === "/" || path === "/index.html") {
        res.writeHead(200, headers);
        res.end(req.method === "HEAD" ? undefined : page.html);
        return true;
      }
      if (!path.startsWith(ASSETS_PATH)) return false;
      req.url = (req.url ?? "/").slice(ASSETS_PATH.length - 1);
      assets(req, res, () => {
        res.writeHead(404, { "content-type": "text/plain" });
        res.end("Not found\n");
      });
      return true;
    },
  };
}
