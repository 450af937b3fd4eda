// The web client's Converse.js settings come from Manifold's config, and the page embeds them
// so that no value can break out of its script element.
import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "../../../src/config/load.js";
import { renderPage } from "../../../src/web/page.js";
import { converseSettings } from "../../../src/web/settings.js";

const load = (env: Record<string, string> = {}) => loadConfig({ env: { MANIFOLD_SECRET: "s", ...env } });

describe("web: Converse settings", () => {
  it("point at the configured WebSocket, the groups service and the first local domain", () => {
    const settings = converseSettings(
      load({
        MANIFOLD_WEBSOCKET_URL: "wss://chat.example.org/xmpp-websocket",
        MANIFOLD_GROUPS_DOMAIN: "rooms.example.org",
        MANIFOLD_LOCAL_DOMAINS: "example.org,example.net",
      }),
    );
    assert.equal(settings.websocket_url, "wss://chat.example.org/xmpp-websocket");
    assert.equal(settings.muc_domain, "rooms.example.org");
    assert.equal(settings.default_domain, "example.org");
    // Topics write from JIDs not yet in the member's roster.
    assert.equal(settings.allow_non_roster_messaging, true);
    assert.equal(settings.muc_respect_autojoin, true);
  });

  it("refuses a WebSocket URL that is not ws:// or wss://", () => {
    assert.throws(
      () => load({ MANIFOLD_WEBSOCKET_URL: "http://127.0.0.1:5280/http-bind" }),
      (err: unknown) => err instanceof ConfigError && /web\.websocketUrl/.test(err.message),
    );
  });

  it("embeds the settings as JSON that cannot close the script element", () => {
    const page = renderPage({ websocket_url: "ws://h/</script><script>alert(1)</script>" });
    assert.equal(page.match(/<\/script>/g)?.length, 2); // the two script elements of the page
    const json = /converse\.initialize\(([\s\S]*?)\);/.exec(page)?.[1];
    assert.deepEqual(JSON.parse(json!), { websocket_url: "ws://h/</script><script>alert(1)</script>" });
  });
});
