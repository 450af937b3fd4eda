// The web client's Converse.js settings come from Manifold's config, and the page embeds them
// so that no value can break out of its script element.
import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "../../../src/config/load.js";
import { renderPage } from "../../../src/web/page.js";
import { converseSettings, PAGE_PLUGIN } from "../../../src/web/settings.js";

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

  it("offer no registration unless web.allowRegistration, and then on the login domain only", () => {
    const config = load();
    const off = converseSettings(config);
    assert.equal(off.allow_registration, false);
    // Converse's registration plugin does not run: no link, no form at #converse/register.
    assert.deepEqual(off.blacklisted_plugins, ["converse-register"]);
    const on = converseSettings({ ...config, web: { ...config.web, allowRegistration: true } });
    assert.equal(on.allow_registration, true);
    assert.equal(on.registration_domain, "localhost");
    assert.equal(on.blacklisted_plugins, undefined);
  });

  it("show media in messages inline only from the XMPP server's host, and run the page's plugin", () => {
    const settings = converseSettings(load({ MANIFOLD_WEBSOCKET_URL: "wss://xmpp.example.org/ws" }));
    for (const kind of ["image", "video", "audio"]) {
      assert.deepEqual(settings[`allowed_${kind}_domains`], ["xmpp.example.org"]);
    }
    assert.equal(settings.embed_3rd_party_media_players, false);
    assert.deepEqual(settings.whitelisted_plugins, [PAGE_PLUGIN]);
    // CSP cannot name an IPv6 address: nothing shows inline then rather than a blocked image.
    const v6 = converseSettings(load({ MANIFOLD_WEBSOCKET_URL: "ws://[::1]:5280/xmpp-websocket" }));
    assert.deepEqual(v6.allowed_image_domains, []);
  });

  it("refuses a WebSocket URL that is not ws:// or wss://", () => {
    assert.throws(
      () => load({ MANIFOLD_WEBSOCKET_URL: "http://127.0.0.1:5280/http-bind" }),
      (err: unknown) => err instanceof ConfigError && /web\.websocketUrl/.test(err.message),
    );
  });

  it("embeds the settings as JSON that cannot close the script element", () => {
    const page = renderPage({ websocket_url: "ws://h/</script><script>alert(1)</script>" }).html;
    assert.equal(page.match(/<\/script>/g)?.length, 2); // the two script elements of the page
    const json = /converse\.initialize\(([\s\S]*?)\);/.exec(page)?.[1];
    assert.deepEqual(JSON.parse(json!), { websocket_url: "ws://h/</script><script>alert(1)</script>" });
  });
});
