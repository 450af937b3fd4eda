// Delivering a plan: sent now through the outbox, or handed to the fan-out journal as parts, each
// rendering serialised once.
import assert from "node:assert/strict";
import { fanoutParts, sendPlan } from "../../../src/delivery/deliver.js";
import { Outbox } from "../../../src/xmpp/outbox.js";
import { xml } from "../../../src/xmpp/xml.js";

const plain = xml("message", { type: "chat", from: "t@lists.x", id: "s1" }, xml("body", {}, "hi"));
const nicked = xml(
  "message",
  { type: "chat", from: "t@lists.x", id: "s1" },
  xml("body", {}, "hi"),
  xml("nick", { xmlns: "http://jabber.org/protocol/nick" }, "Al · T"),
);
const plan = [
  { stanza: plain, to: ["a@x", "b&c@x"] },
  { stanza: nicked, to: ["n@x"] },
];

describe("delivery of a plan", () => {
  it("sends each rendering to its addressees, counting stanzas per kind", () => {
    const writes: string[] = [];
    const sent: [string, number][] = [];
    const out = new Outbox({ write: (data) => (writes.push(data), true) }, (kind, n) => sent.push([kind, n]));
    sendPlan([...plan, { stanza: plain, to: [] }], out);
    assert.deepEqual(writes, [
      '<message type="chat" from="t@lists.x" id="s1" to="a@x"><body>hi</body></message>',
      '<message type="chat" from="t@lists.x" id="s1" to="b&amp;c@x"><body>hi</body></message>',
      '<message type="chat" from="t@lists.x" id="s1" to="n@x"><body>hi</body><nick xmlns="http://jabber.org/protocol/nick">Al · T</nick></message>',
    ]);
    assert.deepEqual(sent, [
      ["message", 2],
      ["message", 1],
    ]);
  });

  it("turns a plan into journal parts, one serialised form per rendering, empty ones left out", () => {
    const parts = fanoutParts([...plan, { stanza: nicked, to: [] }]);
    assert.deepEqual(parts, [
      {
        head: '<message type="chat" from="t@lists.x" id="s1" to="',
        tail: '"><body>hi</body></message>',
        to: ["a@x", "b&c@x"],
      },
      {
        head: '<message type="chat" from="t@lists.x" id="s1" to="',
        tail: '"><body>hi</body><nick xmlns="http://jabber.org/protocol/nick">Al · T</nick></message>',
        to: ["n@x"],
      },
    ]);
    assert.notEqual(parts[0]!.to, plan[0]!.to, "the journal keeps its own address list");
  });

  it("changes no stanza of the plan", () => {
    fanoutParts(plan);
    sendPlan(plan, new Outbox({ write: () => true }));
    assert.equal(plain.toString(), '<message type="chat" from="t@lists.x" id="s1"><body>hi</body></message>');
    assert.deepEqual(Object.keys(nicked.attrs), ["type", "from", "id"]);
  });
});
