// Property: whatever stanzas arrive (any kind, type, sender, addressee and payload: arbitraries.ts
// lists them), Manifold answers each as RFC 6120 asks (oracle.ts), keeps answering, keeps its store
// valid (invariants.ts) and never fails inside a handler (internal-server-error). Stanzas from
// Manifold's own addresses are self.spec.ts's.
import fc from "fast-check";
import { anyStanza } from "./arbitraries.js";
import { runCase } from "./harness.js";
import { assertProperty, budgetMs, runs } from "./runs.js";
import { resetStats, summary } from "./stats.js";
import { assertValidScenario } from "./scenario.js";

describe("fuzz: random stanzas against the scenario", function () {
  const cases = runs(300);
  this.timeout(budgetMs(cases) + 30_000);
  before(async () => {
    resetStats();
    await assertValidScenario();
  });
  after(() => console.log(`      random stanzas: ${summary()}`));

  it(`answers every stanza correctly, stays up and keeps a valid store (${cases} cases of 1–4 stanzas)`, () =>
    assertProperty(
      fc.asyncProperty(fc.array(anyStanza, { minLength: 1, maxLength: 4 }), async (stanzas) => {
        await runCase(stanzas);
      }),
      cases,
      budgetMs(cases),
    ));
});
