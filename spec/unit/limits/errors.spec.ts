// The limits' catalogue of refusals: each entry answers clients exactly as the inline error it
// replaced, and names its limit so that the refusal is counted.
import assert from "node:assert/strict";
import * as errors from "../../../src/limits/errors.js";
import { answered, checkEveryEntry, type Samples } from "../helpers/catalogue.js";

const SAMPLES: Samples<typeof errors> = {
  senderTooFast: [5, 20],
  stanzaTooLarge: [65536],
  topicTooBusy: [30],
};

describe("limit refusals catalogue", () => {
  checkEveryEntry(errors, SAMPLES);

  it("asks a sender past the rate to wait", () => {
    assert.deepEqual(answered(errors.senderTooFast(5, 20)), {
      condition: "policy-violation",
      type: "wait",
      text: "You are sending too fast: this service takes at most 5 stanzas a second from one user (bursts of 20). Stanzas over the limit are not handled; wait a moment before sending more.",
      limit: "sender-rate",
    });
  });

  it("refuses a stanza too large with the condition's default type", () => {
    assert.deepEqual(answered(errors.stanzaTooLarge(65536)), {
      condition: "policy-violation",
      type: "modify",
      text: "Stanza larger than 65536 bytes, the most this service accepts; it was not handled.",
      limit: "stanza-size",
    });
  });

  it("asks whoever writes to a busy topic to wait", () => {
    assert.deepEqual(answered(errors.topicTooBusy(30)), {
      condition: "policy-violation",
      type: "wait",
      text: "This topic takes at most 30 messages a minute, from its owner and its members together. Nothing was sent; try again in a moment.",
      limit: "topic-rate",
    });
  });
});
