// Each recipient's switch for others' chat states, as renderings of one message (PROTOCOL §3).
import assert from "node:assert/strict";
import { splitByPreference } from "../../../src/chatstates/split.js";
import { parseXml } from "../../../src/xmpp/xml.js";
import { shown } from "../helpers/plans.js";

const CS = "http://jabber.org/protocol/chatstates";
const msg = (inner: string) => parseXml(`<message type="chat" from="t@lists.x" id="m">${inner}</message>`);
const wantsStates = (address: string) => !address.startsWith("quiet");

describe("chat states: splitting a message by each recipient's switch", () => {
  it("sends a message without a state to everyone as it is, counting no state", () => {
    const message = msg("<body>hi</body>");
    const split = splitByPreference(message, ["a@x", "quiet@x"], wantsStates);
    assert.deepEqual(shown(split.renderings), [
      {
        xml: '<message type="chat" from="t@lists.x" id="m"><body>hi</body></message>',
        to: ["a@x", "quiet@x"],
      },
    ]);
    assert.equal(split.renderings[0]!.stanza, message);
    assert.deepEqual([split.delivered, split.dropped], [0, 0]);
  });

  it("gives those who refuse states the message without its state", () => {
    const split = splitByPreference(
      msg(`<body>hi</body><active xmlns="${CS}"/>`),
      ["a@x", "quiet@x"],
      wantsStates,
    );
    assert.deepEqual(shown(split.renderings), [
      {
        xml: `<message type="chat" from="t@lists.x" id="m"><body>hi</body><active xmlns="${CS}"/></message>`,
        to: ["a@x"],
      },
      { xml: '<message type="chat" from="t@lists.x" id="m"><body>hi</body></message>', to: ["quiet@x"] },
    ]);
    assert.deepEqual([split.delivered, split.dropped], [1, 1]);
  });

  it("gives them nothing when the state was all the message said", () => {
    const split = splitByPreference(
      msg(`<composing xmlns="${CS}"/>`),
      ["quiet1@x", "a@x", "quiet2@x"],
      wantsStates,
    );
    assert.deepEqual(shown(split.renderings), [
      {
        xml: `<message type="chat" from="t@lists.x" id="m"><composing xmlns="${CS}"/></message>`,
        to: ["a@x"],
      },
    ]);
    assert.deepEqual([split.delivered, split.dropped], [1, 2]);
  });

  it("plans nothing for no addresses, and leaves the message as it came", () => {
    const message = msg(`<body>hi</body><paused xmlns="${CS}"/>`);
    const before = message.toString();
    assert.deepEqual(splitByPreference(message, [], wantsStates), {
      renderings: [],
      delivered: 0,
      dropped: 0,
    });
    splitByPreference(message, ["quiet@x"], wantsStates);
    assert.equal(message.toString(), before);
  });
});
