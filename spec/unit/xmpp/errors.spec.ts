// The stanza layer's error catalogue: each entry answers clients exactly as the inline errors it
// replaced, and an internal failure says nothing but its condition.
import assert from "node:assert/strict";
import * as errors from "../../../src/xmpp/errors.js";
import { answered, checkEveryEntry, type Samples } from "../helpers/catalogue.js";

const SAMPLES: Samples<typeof errors> = {
  senderMalformed: [],
  queryNotAnswered: ["jabber:iq:version"],
  messageNotAccepted: [],
  internal: [],
  notBoolean: ["muc#roomconfig_public", "yes"],
  notWholeNumber: ["muc#roomconfig_maxusers", "ten"],
  noSuchCommand: ["create-topic"],
  commandForbidden: ["Delete a topic"],
  oneStage: ["prev"],
  commandFormNotSubmitted: [],
};

describe("stanza layer errors", () => {
  checkEveryEntry(errors, SAMPLES, ["internal"]);

  it("answers an internal failure with its condition alone", () => {
    assert.deepEqual(answered(errors.internal()), {
      condition: "internal-server-error",
      type: "cancel",
      text: undefined,
    });
  });

  it("names the namespace of a query nobody answers, or calls it empty", () => {
    assert.deepEqual(answered(errors.queryNotAnswered("jabber:iq:version")), {
      condition: "service-unavailable",
      type: "cancel",
      text: "This entity does not answer jabber:iq:version queries",
    });
    assert.equal(
      answered(errors.queryNotAnswered(undefined)).text,
      "This entity does not answer empty queries",
    );
  });

  it("quotes the field and value that is not a boolean", () => {
    assert.deepEqual(answered(errors.notBoolean("muc#roomconfig_public", "yes")), {
      condition: "bad-request",
      type: "modify",
      text: 'Field muc#roomconfig_public must be a boolean (1/0/true/false), not "yes"',
    });
  });

  it("refuses a command the requester may not run as forbidden", () => {
    assert.deepEqual(answered(errors.commandForbidden("Delete a topic")), {
      condition: "forbidden",
      type: "auth",
      text: 'You are not allowed to run "Delete a topic" here',
    });
  });
});
