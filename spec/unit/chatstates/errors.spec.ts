// The chat states' error catalogue: its one entry answers clients exactly as the inline error it replaced.
import assert from "node:assert/strict";
import * as errors from "../../../src/chatstates/errors.js";
import { answered, checkEveryEntry, type Samples } from "../helpers/catalogue.js";

const SAMPLES: Samples<typeof errors> = {
  notPreferencesForm: ["jabber:x:other"],
};

describe("chat state errors", () => {
  checkEveryEntry(errors, SAMPLES);

  it("names the form type it did not expect", () => {
    assert.deepEqual(answered(errors.notPreferencesForm("jabber:x:other")), {
      condition: "bad-request",
      type: "modify",
      text: "This is not a preferences form (FORM_TYPE jabber:x:other)",
    });
  });
});
