// The web client page's Content-Security-Policy: scripts only from Manifold and the page's own
// inline script (by its hash), images, media and connections only from Manifold and the XMPP
// server, so that nothing Converse or a message names elsewhere is loaded.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { contentSecurityPolicy } from "../../../src/web/csp.js";
import { renderPage } from "../../../src/web/page.js";
import { PAGE_PLUGIN } from "../../../src/web/settings.js";

/** The policy's directives by name, each with its sources. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(";").map((directive) => {
      const [name = "", ...sources] = directive.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

describe("web: Content-Security-Policy", () => {
  it("allows the page's one inline script by its hash, and the plugin in it replaces the sponsors' footer", () => {
    const page = renderPage({ websocket_url: "ws://h/xmpp-websocket" });
    const inline = /<script type="module">([\s\S]*?)<\/script>/.exec(page.html)?.[1];
    assert.ok(inline);
    const hash = createHash("sha256").update(inline).digest("base64");
    assert.equal(page.scriptSource, `'sha256-${hash}'`);
    assert.match(inline, new RegExp(`converse\\.plugins\\.add\\("${PAGE_PLUGIN}"`));
    assert.match(inline, /elements\.define\("converse-footer", class extends HTMLElement \{\}\)/);
  });

  it("keeps scripts, styles and fonts to the page's origin, and media and connections to the XMPP server", () => {
    const policy = directives(
      contentSecurityPolicy("wss://xmpp.example.org:5281/xmpp-websocket", "'sha256-abc='"),
    );
    assert.deepEqual(policy.get("default-src"), ["'self'"]);
    assert.deepEqual(policy.get("script-src"), ["'self'", "'sha256-abc='", "'wasm-unsafe-eval'"]);
    assert.deepEqual(policy.get("font-src"), ["'self'"]);
    assert.deepEqual(policy.get("style-src"), ["'self'", "'unsafe-inline'"]);
    const server = "https://xmpp.example.org:*";
    assert.deepEqual(policy.get("img-src"), ["'self'", "data:", "blob:", server]);
    assert.deepEqual(policy.get("media-src"), ["'self'", "data:", "blob:", server]);
    assert.deepEqual(policy.get("connect-src"), ["'self'", "wss://xmpp.example.org:5281", server]);
    assert.deepEqual(policy.get("object-src"), ["'none'"]);
  });

  it("allows a plain ws:// server over http, and an IPv6 one by the WebSocket scheme alone", () => {
    const plain = directives(contentSecurityPolicy("ws://127.0.0.1:5280/xmpp-websocket", "'sha256-x='"));
    assert.deepEqual(plain.get("connect-src"), ["'self'", "ws://127.0.0.1:5280", "http://127.0.0.1:*"]);
    // Chromium refuses "ws://[::1]:5280" as a source, which would block the page's WebSocket.
    const v6 = directives(contentSecurityPolicy("ws://[::1]:5280/xmpp-websocket", "'sha256-x='"));
    assert.deepEqual(v6.get("connect-src"), ["'self'", "ws:"]);
    assert.deepEqual(v6.get("img-src"), ["'self'", "data:", "blob:"]);
  });
});
