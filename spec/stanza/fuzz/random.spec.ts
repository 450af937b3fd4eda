// Property: whatever stanzas arrive (any kind, type, sender, addressee and payload: arbitraries.ts
// lists them), Manifold answers each as RFC 6120 asks (oracle.ts), keeps answering, keeps its store
// valid (invariants.ts) and never fails inside a handler (internal-server-error). Apart: stanzas
// from Manifold's own addresses, which only Manifold can send (the server stamps `from`): what
// comes back when it writes to itself must not start an exchange that never ends.
import fc from "fast-check";
import { anyStanza, stanzaFromManifold } from "./arbitraries.js";
import { mutatedFromManifold } from "./mutate.js";
import { runCase } from "./harness.js";
import { assertProperty, runs } from "./runs.js";
import { resetStats, summary } from "./stats.js";

describe("fuzz: random stanzas against the scenario", function () {
  const cases = runs(250);
  const selfCases = runs(100, 0.4);
  this.timeout(60_000 + (cases + selfCases) * 1000);
  before(resetStats);
  after(() => console.log(`      random stanzas: ${summary()}`));

  it(`answers every stanza correctly, stays up and keeps a valid store (${cases} cases of 1–4 stanzas)`, () =>
    assertProperty(
      fc.asyncProperty(fc.array(anyStanza, { minLength: 1, maxLength: 4 }), async (stanzas) => {
        await runCase(stanzas);
      }),
      cases,
    ));

  it(`never answers itself forever: stanzas from its own addresses (${selfCases} cases of 1–3 stanzas)`, () =>
    assertProperty(
      fc.asyncProperty(
        fc.array(fc.oneof(stanzaFromManifold, mutatedFromManifold), { minLength: 1, maxLength: 3 }),
        async (stanzas) => {
          await runCase(stanzas);
        },
      ),
      selfCases,
    ));
});
