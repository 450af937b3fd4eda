// Stanzas built to exhaust (payloads-big.ts): 10,000-item admin lists, forms with thousands of
// values, thousands of addresses or invitations, elements 1000 deep, 70 kB bodies, 1000
// attributes. Refused or handled, each must be answered correctly and leave Manifold alive.
import fc from "fast-check";
import { bigStanza } from "./payloads-big.js";
import { render } from "./arbitraries.js";
import { runCase } from "./harness.js";
import { assertProperty, budgetMs, runs } from "./runs.js";
import { resetStats, summary } from "./stats.js";
import { assertValidScenario } from "./scenario.js";

describe("fuzz: huge payloads", function () {
  const cases = runs(16, 0.1);
  this.timeout(budgetMs(cases, 5000) + 30_000);
  before(async () => {
    resetStats();
    await assertValidScenario();
  });
  after(() => console.log(`      huge payloads: ${summary()}`));

  it(`answers huge and deep stanzas correctly and stays up (${cases} cases)`, () =>
    assertProperty(
      fc.asyncProperty(
        bigStanza.map(({ from, draft }) => render(draft, from, "big-1")),
        async (stanza) => {
          await runCase([stanza]);
        },
      ),
      cases,
      budgetMs(cases, 5000),
    ));
});
