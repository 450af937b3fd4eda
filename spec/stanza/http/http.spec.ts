// Manifold's HTTP side: /healthz says whether every component connection is up and the store open;
// /metrics serves the counters in the Prometheus text format.
import assert from "node:assert/strict";
import { world, GROUPS, type World } from "../helpers/world.js";
import { createRoom } from "../helpers/muc.js";
import { BADMINTON, BOB_JID, CAROL_JID, OWNER, addMembers } from "../helpers/topics.js";

describe("http: health and metrics", () => {
  let w: World;
  beforeEach(async () => (w = await world()));
  afterEach(() => w.stop());

  const get = (path: string) => fetch(`${w.app.httpUrl!}${path}`);

  it("answers /healthz with 200 and each component's state while all are online", async () => {
    const res = await get("/healthz");
    assert.equal(res.status, 200);
    const body = (await res.json()) as { ok: boolean; components: Record<string, string>; store: string };
    assert.deepEqual(body, {
      ok: true,
      components: { [GROUPS]: "online", "lists.localhost": "online" },
      store: "open",
    });
  });

  it("counts stanzas in and out by kind, errors by condition, and handling time", async () => {
    await w.send(
      `<iq type="get" id="v" from="alice@localhost/a" to="${GROUPS}"><query xmlns="jabber:iq:version"/></iq>`,
    );
    await w.send(
      `<iq type="get" id="x" from="alice@localhost/a" to="${GROUPS}"><nothing xmlns="urn:x"/></iq>`,
    );
    const res = await get("/metrics");
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/plain/);
    const text = await res.text();
    assert.match(text, /^manifold_stanzas_in_total\{kind="iq"\} 2$/m);
    assert.match(text, /^manifold_stanzas_out_total\{kind="iq"\} 2$/m);
    assert.match(text, /^manifold_stanza_errors_total\{condition="service-unavailable"\} 1$/m);
    assert.match(text, /^manifold_stanza_handling_seconds_count\{kind="iq"\} 2$/m);
    assert.match(text, /^manifold_component_up\{domain="groups.localhost"\} 1$/m);
    assert.match(text, /^manifold_send_queue_depth\{domain="lists.localhost"\} 0$/m);
    assert.match(text, /^# TYPE manifold_chat_states_dropped_total counter$/m);
  });

  it("counts topic fan-out, one delivery per member", async () => {
    await createRoom(w, OWNER, BADMINTON, "Alice");
    await addMembers(w, OWNER, BADMINTON, [BOB_JID, CAROL_JID]);
    await w.send(`<message type="groupchat" from="${OWNER}" to="${BADMINTON}"><body>hi</body></message>`);
    assert.match(await (await get("/metrics")).text(), /^manifold_fanout_deliveries_total 2$/m);
  });

  it("answers other paths with 404 and other methods with 405", async () => {
    assert.equal((await get("/nothing")).status, 404);
    assert.equal((await fetch(`${w.app.httpUrl!}/healthz`, { method: "POST" })).status, 405);
  });
});
