// The HTTP side against a real server: healthy once both component connections are up.
import assert from "node:assert/strict";
import { GROUPS_DOMAIN, LISTS_DOMAIN, useServer } from "../helpers/server.js";
import { startManifold, type RunningManifold } from "../helpers/manifold.js";

describe("http: health and metrics on a real server", () => {
  let manifold: RunningManifold;
  before(async () => (manifold = await startManifold(await useServer())));
  after(() => manifold.stop());

  it("answers /healthz 200 with both components online, and /metrics shows them up", async () => {
    const health = await fetch(`${manifold.app.httpUrl!}/healthz`);
    assert.equal(health.status, 200);
    const body = (await health.json()) as { components: Record<string, string> };
    assert.deepEqual(body.components, { [GROUPS_DOMAIN]: "online", [LISTS_DOMAIN]: "online" });
    const metrics = await (await fetch(`${manifold.app.httpUrl!}/metrics`)).text();
    assert.match(metrics, new RegExp(`^manifold_component_up\\{domain="${GROUPS_DOMAIN}"\\} 1$`, "m"));
    assert.match(metrics, new RegExp(`^manifold_component_reconnects\\{domain="${LISTS_DOMAIN}"\\} 0$`, "m"));
  });
});
