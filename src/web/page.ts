// The one HTML page of the web client: Converse.js from ASSETS_PATH, started with the settings
// generated from Manifold's config. Settings are embedded as JSON, with `<` escaped so no value
// can close the script element.
import { ASSETS_PATH, type ConverseSettings } from "./settings.js";

export function renderPage(settings: ConverseSettings): string {
  const json = JSON.stringify(settings, null, 2).replace(/</g, "\\u003c");
  return `<!doctype html>
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
    <script type="module">
      converse.initialize(${json});
    </script>
  </body>
</html>
`;
}
