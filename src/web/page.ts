// The one HTML page of the web client: Converse.js from ASSETS_PATH, started with the settings
// generated from Manifold's config. Settings are embedded as JSON, with `<` escaped so no value
// can close the script element. The page's one inline script is allowed by its hash in the
// Content-Security-Policy (csp.ts), so no other inline script can run.
import { createHash } from "node:crypto";
import { ASSETS_PATH, PAGE_PLUGIN, type ConverseSettings } from "./settings.js";

export interface Page {
  html: string;
  /** The CSP source that allows the page's inline script: `'sha256-…'`. */
  scriptSource: string;
}

export function renderPage(settings: ConverseSettings): Page {
  const json = JSON.stringify(settings, null, 2).replace(/</g, "\\u003c");
  // Converse's full-screen login page ends with a footer of sponsor logos loaded from
  // conversejs.org, which Converse has no setting for: the page's plugin defines that element
  // as an empty one, before Converse registers its own (plugins may replace Converse's elements).
  const script = `
      converse.plugins.add(${JSON.stringify(PAGE_PLUGIN)}, {
        initialize() {
          this._converse.api.elements.define("converse-footer", class extends HTMLElement {});
        },
      });
      converse.initialize(${json});
    `;
  const html = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Manifold</title>
    <link rel="stylesheet" href="${ASSETS_PATH}converse.min.css" />
    <script type="module" src="${ASSETS_PATH}converse.min.js"></script>
  </head>
  <body class="converse-fullscreen">
    <noscript>The Manifold web client (Converse.js) needs JavaScript.</noscript>
    <script type="module">${script}</script>
  </body>
</html>
`;
  const hash = createHash("sha256").update(script, "utf8").digest("base64");
  return { html, scriptSource: `'sha256-${hash}'` };
}
