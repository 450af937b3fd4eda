// The web client on Manifold's HTTP side: the page at `/` starts Converse.js with settings from
// Manifold's config, Converse's own files are served under /converse/, and nothing else is.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { world, GROUPS, type World } from "../helpers/world.js";

/** `text` matched literally in a regular expression. */
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

describe("web client", () => {
  let w: World | undefined;
  afterEach(async () => {
    await w?.stop();
    w = undefined;
  });

  const get = (path: string, init?: RequestInit) => fetch(`${w!.app.httpUrl!}${path}`, init);

  it("serves the page at / with the configured WebSocket and services", async () => {
    w = await world({ env: { MANIFOLD_WEBSOCKET_URL: "ws://127.0.0.1:15280/xmpp-websocket" } });
    const res = await get("/");
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/html/);
    const page = await res.text();
    assert.match(page, /<script type="module" src="\/converse\/converse\.min\.js"><\/script>/);
    const settings = JSON.parse(/converse\.initialize\(([\s\S]*?)\);/.exec(page)![1]!) as Record<
      string,
      unknown
    >;
    assert.equal(settings.websocket_url, "ws://127.0.0.1:15280/xmpp-websocket");
    assert.equal(settings.muc_domain, GROUPS);
    assert.equal(settings.assets_path, "/converse/");
  });

  it("serves the page under a Content-Security-Policy that allows its inline script and no other host", async () => {
    w = await world({ env: { MANIFOLD_WEBSOCKET_URL: "ws://127.0.0.1:15280/xmpp-websocket" } });
    const res = await get("/");
    const policy = res.headers.get("content-security-policy") ?? "";
    const page = await res.text();
    const inline = /<script type="module">([\s\S]*?)<\/script>/.exec(page)![1]!;
    const hash = createHash("sha256").update(inline).digest("base64");
    assert.match(
      policy,
      new RegExp(`(^|; )script-src 'self' '${literal(`sha256-${hash}`)}' 'wasm-unsafe-eval'(;|$)`),
    );
    assert.match(policy, /(^|; )img-src 'self' data: blob: http:\/\/127\.0\.0\.1:\*(;|$)/);
    assert.match(policy, /(^|; )connect-src 'self' ws:\/\/127\.0\.0\.1:15280 http:\/\/127\.0\.0\.1:\*(;|$)/);
    // No "Create an account" unless web.allowRegistration says the server offers it.
    const settings = JSON.parse(/converse\.initialize\(([\s\S]*?)\);/.exec(page)![1]!) as Record<
      string,
      unknown
    >;
    assert.equal(settings.allow_registration, false);
    // Converse's files are not pages: they need no policy of their own.
    const script = await get("/converse/converse.min.js", { method: "HEAD" });
    assert.equal(script.headers.get("content-security-policy"), null);
  });

  it("serves Converse's script, styles and chunks from the npm package", async () => {
    w = await world();
    const script = await get("/converse/converse.min.js");
    assert.equal(script.status, 200);
    assert.match(script.headers.get("content-type") ?? "", /javascript/);
    assert.ok((await script.arrayBuffer()).byteLength > 100_000);
    const css = await get("/converse/converse.min.css", { method: "HEAD" });
    assert.equal(css.status, 200);
    assert.match(css.headers.get("content-type") ?? "", /^text\/css/);
  });

  it("answers 404 for missing files and for paths that try to leave the package", async () => {
    w = await world();
    assert.equal((await get("/converse/no-such-file.js")).status, 404);
    assert.equal((await get("/converse/..%2f..%2fpackage.json")).status, 404);
    assert.equal((await get("/converse/../../package.json")).status, 404);
    assert.equal((await get("/elsewhere")).status, 404);
  });

  it("serves no web client when web.enabled is off, but health and metrics still", async () => {
    w = await world({ env: { MANIFOLD_WEB_ENABLED: "false" } });
    assert.equal((await get("/")).status, 404);
    assert.equal((await get("/converse/converse.min.js")).status, 404);
    assert.equal((await get("/healthz")).status, 200);
  });
});
