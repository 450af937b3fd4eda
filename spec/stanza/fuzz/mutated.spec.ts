// The corpus (one valid stanza per route, corpus-*.ts) first does what its route promises; then,
// mutated and interleaved with valid stanzas that change the scenario's state (members added and
// removed, rooms configured and destroyed, groups nested), it must still get correct answers,
// leave a valid store, and the app must start again on that store.
import assert from "node:assert/strict";
import fc from "fast-check";
import { anyStanza, fuzzStanza } from "./arbitraries.js";
import { CORPUS, corpusEntry, mutatedStanza } from "./mutate.js";
import { runCase } from "./harness.js";
import { assertProperty, budgetMs, runs } from "./runs.js";
import { resetStats, summary } from "./stats.js";
import { assertValidScenario } from "./scenario.js";

const valid = corpusEntry.map((e) => fuzzStanza(e.route, e.xml));
const step = fc.oneof(
  { weight: 3, arbitrary: valid },
  { weight: 6, arbitrary: mutatedStanza },
  { weight: 1, arbitrary: anyStanza },
);

describe("fuzz: the corpus of valid stanzas, and its mutations", function () {
  const cases = runs(250);
  this.timeout(budgetMs(cases) + 30_000);
  before(async () => {
    resetStats();
    await assertValidScenario();
  });
  after(() => console.log(`      corpus and mutations: ${summary()}`));

  it(`each of the ${CORPUS.length} corpus stanzas does what its route promises`, async () => {
    for (const entry of CORPUS) {
      const [out = []] = await runCase([{ family: entry.route, xml: entry.xml }]);
      const errors = out.filter((el) => el.attrs.type === "error");
      const id = /\sid="([^"]*)"/.exec(entry.xml)?.[1];
      const result = out.some((el) => el.name === "iq" && el.attrs.id === id && el.attrs.type === "result");
      const got = errors.length ? "refused" : result ? "result" : "quiet";
      assert.equal(got, entry.expect, `${entry.route}: ${entry.xml}\n  answered: ${out.join("\n  ")}`);
    }
  });

  it(`answers mutated stanzas correctly among valid ones, and restarts on a valid store (${cases} cases of 1–6 stanzas)`, () =>
    assertProperty(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 6 }), async (stanzas) => {
        await runCase(stanzas, { restart: true });
      }),
      cases,
      budgetMs(cases),
    ));
});
