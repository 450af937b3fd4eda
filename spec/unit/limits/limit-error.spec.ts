// Every refusal by a limit is counted by its name in manifold_limit_refusals_total.
import assert from "node:assert/strict";
import { LimitError, countIfRefusal, countRefusal } from "../../../src/limits/limit-error.js";
import { Metrics } from "../../../src/metrics/metrics.js";
import { StanzaError } from "../../../src/xmpp/stanza-error.js";

const REFUSALS = "manifold_limit_refusals_total";

describe("limit refusals", () => {
  it("is a StanzaError with the limit's name, so handlers throw it and the router answers it", () => {
    const err = new LimitError("topic-members", "resource-constraint", "at most 2 members", {
      type: "cancel",
    });
    assert.ok(err instanceof StanzaError);
    assert.equal(err.limit, "topic-members");
    assert.equal(err.toElement().getChild("resource-constraint")?.name, "resource-constraint");
  });

  it("counts limit refusals by name and nothing else", async () => {
    const metrics = new Metrics();
    countRefusal(metrics, "sender-rate");
    countIfRefusal(metrics, new LimitError("nesting-depth", "not-allowed", "at most 5 levels"));
    countIfRefusal(metrics, new StanzaError("forbidden", "not a limit"));
    countIfRefusal(metrics, new Error("not a stanza error"));
    assert.equal(await metrics.count(REFUSALS, { limit: "sender-rate" }), 1);
    assert.equal(await metrics.count(REFUSALS, { limit: "nesting-depth" }), 1);
    assert.equal(await metrics.count(REFUSALS), 2);
  });
});
