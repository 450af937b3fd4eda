// The per-sender rate limit on a real server with real clients (docs/protocol.md "Limits"): a
// client flooding the groups service is throttled while another user is served normally. The
// limit is small and refills far slower than the spec runs (one stanza per 100 s), so the counts
// do not depend on timing; leaving a room, which is never limited, tells when the flood was seen.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Element } from "ltx";
import type { XmppServer } from "../../scripts/lib/xmpp-server.js";
import { GROUPS_DOMAIN, useServer } from "../helpers/server.js";
import { startManifold, type RunningManifold } from "../helpers/manifold.js";
import { errorReply, uniqueName, xml, type TestUser } from "../helpers/users.js";
import { codes, configure, enter } from "../helpers/rooms.js";
import { people } from "../helpers/topics.js";

const BURST = 10;
const FLOOD = 30;
const REFUSALS = "manifold_limit_refusals_total";

const ping = (id: string) =>
  xml("iq", { type: "get", id, to: GROUPS_DOMAIN }, xml("ping", { xmlns: "urn:xmpp:ping" }));
const answerTo = (id: string) => (el: Element) => el.name === "iq" && el.attrs.id === id;

describe("limits: a flooding client", function () {
  this.timeout(30000);
  let server: XmppServer;
  let manifold: RunningManifold | undefined;
  let configDir: string;
  let mallory: TestUser, carol: TestUser;

  before(async () => {
    server = await useServer();
    configDir = mkdtempSync(join(tmpdir(), "manifold-limits-"));
    const file = join(configDir, "manifold.yaml");
    writeFileSync(file, `limits: { stanzasPerSecondPerSender: 0.01, senderBurst: ${BURST} }\n`);
    manifold = await startManifold(server, { env: { MANIFOLD_CONFIG: file } });
  });
  after(async () => {
    await manifold?.stop();
    rmSync(configDir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    [mallory, carol] = (await people(server, "mallory", "carol")) as [TestUser, TestUser];
  });
  afterEach(() => Promise.all([mallory, carol].map((u) => u.stop())));

  it("is throttled past its burst while another user is served normally", async () => {
    const refused = () => manifold!.app.metrics.count(REFUSALS, { limit: "sender-rate" });
    const before = await refused();
    const tea = `${uniqueName("tea")}@${GROUPS_DOMAIN}`;
    await enter(carol, tea, "Carol");
    await configure(carol, tea);
    await enter(mallory, tea, "Mallory"); // one stanza of mallory's burst

    const flood = Array.from({ length: FLOOD }, (_, i) => `flood-${i + 1}`);
    await Promise.all(flood.map((id) => mallory.send(ping(id)))); // written, not answered yet
    for (let i = 0; i < 5; i++) await carol.iq(ping(`carol-${i}`)); // rejects on any error

    // Leaving is never limited and comes after the flood on the same path: once carol sees
    // mallory leave, Manifold has judged every stanza of the flood.
    await mallory.send(xml("presence", { type: "unavailable", to: `${tea}/Mallory` }));
    await carol.waitFor((el) => el.attrs.from === `${tea}/Mallory` && el.attrs.type === "unavailable");
    await mallory.waitFor((el) => el.attrs.from === `${tea}/Mallory` && codes(el).includes(110));

    const passed = BURST - 1;
    for (const id of flood.slice(0, passed)) {
      const answer = await mallory.waitFor(answerTo(id));
      assert.equal(answer.attrs.type, "result", answer.toString());
    }
    assert.equal((await refused()) - before, FLOOD - passed, "every other stanza was refused and counted");

    const errors = mallory.inbox.filter((el) => el.name === "iq" && el.attrs.type === "error");
    assert.ok(errors.length >= 1, "the first refusal is answered");
    const first = errorReply(errors[0]!);
    assert.equal(first.condition, "policy-violation");
    assert.equal(first.stanza.getChild("error")?.attrs.type, "wait");
    assert.match(first.text ?? "", /at most 0.01 stanzas a second from one user \(bursts of 10\)/);
    assert.equal(first.stanza.attrs.id, flood[passed], "the first stanza past the burst");
    assert.ok(errors.length < FLOOD - passed, "the flood is not answered stanza for stanza");
  });
});
