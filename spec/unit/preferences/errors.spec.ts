// The preferences error catalogue: each entry answers clients with its condition and a text that says what to send.
import assert from "node:assert/strict";
import * as errors from "../../../src/preferences/errors.js";
import { answered, checkEveryEntry, type Samples } from "../helpers/catalogue.js";

const SAMPLES: Samples<typeof errors> = {
  notPreferencesForm: ["jabber:x:other"],
  absentMessagesValue: ["absent-messages", "sometimes"],
};

describe("preferences errors", () => {
  checkEveryEntry(errors, SAMPLES);

  it("names the form type it did not expect", () => {
    assert.deepEqual(answered(errors.notPreferencesForm("jabber:x:other")), {
      condition: "bad-request",
      type: "modify",
      text: "This is not a preferences form (FORM_TYPE jabber:x:other)",
    });
  });

  it("lists the choices a value for absent-messages may take", () => {
    assert.deepEqual(answered(errors.absentMessagesValue("absent-messages", "sometimes")), {
      condition: "not-acceptable",
      type: "modify",
      text: 'absent-messages must be room, mentions or none (got "sometimes")',
    });
  });
});
