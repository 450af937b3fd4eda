// The absent-delivery error catalogue: each entry answers clients with its condition and a text
// that says what to send.
import assert from "node:assert/strict";
import * as errors from "../../../src/absent/errors.js";
import { answered, checkEveryEntry, type Samples } from "../helpers/catalogue.js";

const FIELD = "urn:x-manifold:0#absent_delivery";

const SAMPLES: Samples<typeof errors> = {
  absentDeliveryValue: [FIELD, "sometimes"],
};

describe("absent delivery errors", () => {
  checkEveryEntry(errors, SAMPLES);

  it("names the field and the values it takes", () => {
    assert.deepEqual(answered(errors.absentDeliveryValue(FIELD, "sometimes")), {
      condition: "not-acceptable",
      type: "modify",
      text: `${FIELD} must be all or mentions (got "sometimes")`,
    });
  });
});
