// The fuzz layer's own checks catch what they are meant to: a property that can never fail proves
// nothing. The oracle is shown bad answers, the invariants a store corrupted on purpose.
import assert from "node:assert/strict";
import { SEP } from "../../../src/store/db.js";
import { parseXml } from "../../../src/xmpp/xml.js";
import { answerProblems } from "./oracle.js";
import { storeProblems } from "./invariants.js";
import { scenarioWorld } from "./scenario.js";
import { ALPHA, BADMINTON, CLUB, TEA } from "./cast.js";

const STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";
const request = parseXml(
  `<iq type="get" id="q1" from="bob@localhost/laptop" to="${TEA}"><query xmlns="http://jabber.org/protocol/disco#info"/></iq>`,
);
const error = (condition: string, text?: string, attrs = `from="${TEA}" to="bob@localhost/laptop" id="q1"`) =>
  parseXml(
    `<iq type="error" ${attrs}><error type="cancel"><${condition} xmlns="${STANZAS}"/>${text ? `<text xmlns="${STANZAS}">${text}</text>` : ""}</error></iq>`,
  );

describe("fuzz: the checks themselves", () => {
  it("accepts one well-formed answer", () => {
    assert.deepEqual(answerProblems(request, [error("item-not-found", "No such room")]), []);
  });

  it("flags a missing or doubled answer, a mismatched one, and an answer to an error", () => {
    assert.match(answerProblems(request, []).join(), /got 0 replies/);
    const twice = [error("item-not-found", "x"), error("item-not-found", "x")];
    assert.match(answerProblems(request, twice).join(), /got 2 replies/);
    const swapped = error("item-not-found", "x", `from="bob@localhost/laptop" to="${TEA}" id="q1"`);
    assert.match(answerProblems(request, [swapped]).join(), /does not match/);
    const bounce = parseXml(`<message type="error" from="bob@localhost" to="${TEA}"/>`);
    const answered = parseXml(
      `<message type="error" from="${TEA}" to="bob@localhost"><error type="cancel"/></message>`,
    );
    assert.match(answerProblems(bounce, [answered]).join(), /error was answered with an error/);
  });

  it("flags internal-server-error, undefined conditions, missing texts, foreign senders and oversize", () => {
    assert.match(answerProblems(request, [error("internal-server-error")]).join(), /internal-server-error/);
    assert.match(answerProblems(request, [error("made-up", "x")]).join(), /defined condition/);
    assert.match(answerProblems(request, [error("forbidden")]).join(), /without a <text>/);
    const foreign = error("forbidden", "x", `from="localhost" to="bob@localhost/laptop" id="q1"`);
    assert.match(answerProblems(request, [foreign]).join(), /not one of Manifold's addresses/);
    const huge = parseXml(
      `<message from="${TEA}" to="bob@localhost"><body>${"x".repeat(600_000)}</body></message>`,
    );
    assert.match(answerProblems(request, [error("forbidden", "x"), huge]).join(), /over the server's/);
  });

  it("finds a corrupted store: two topic owners, a dangling nest edge, an archive id twice", async () => {
    const { w, level } = await scenarioWorld();
    await w.stop();
    await level.open();
    await level.put(`!aff!${BADMINTON}${SEP}dan@localhost`, { v: 1, affiliation: "owner", kind: "user" });
    await level.put(`!nest!${CLUB}${SEP}gone@groups.localhost`, { v: 1 });
    await level.put(`!archive!${TEA}${SEP}${"9".repeat(20)}`, {
      v: 1,
      id: "s1",
      at: 0,
      nick: "Bob",
      jid: "bob@localhost",
      xml: "<message/>",
      refs: [],
    });
    await level.put(`!rooms!${ALPHA}`, { v: 1, jid: ALPHA });
    const problems = (await storeProblems(level)).join("\n");
    assert.match(problems, /rooms "alpha@groups\.localhost": .*config Invalid input/);
    await level.del(`!rooms!${ALPHA}`);
    const crossChecks = (await storeProblems(level)).join("\n");
    assert.match(crossChecks, /topic badminton@lists\.localhost: owners \[alice@localhost, dan@localhost\]/);
    assert.match(crossChecks, /nest club@groups\.localhost → gone@groups\.localhost/);
    assert.match(crossChecks, /id s1 archived twice/);
    await level.close();
  });
});
