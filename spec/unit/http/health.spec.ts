// Health is "ok" only while every component connection is online and the store is open.
import assert from "node:assert/strict";
import { health } from "../../../src/http/server.js";
import type { Link } from "../../../src/xmpp/link.js";

const link = (domain: string, online: boolean) => ({ domain, online }) as unknown as Link;

describe("http: health", () => {
  it("is ok with every link online and the store open", () => {
    assert.deepEqual(health([link("g", true), link("l", true)], true), {
      ok: true,
      components: { g: "online", l: "online" },
      store: "open",
    });
  });

  it("is not ok when one link is offline or the store is closed, and says which", () => {
    const down = health([link("g", true), link("l", false)], true);
    assert.equal(down.ok, false);
    assert.equal(down.components.l, "offline");
    const closed = health([link("g", true)], false);
    assert.deepEqual([closed.ok, closed.store], [false, "closed"]);
  });
});
