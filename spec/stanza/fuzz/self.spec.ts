// What comes back when Manifold writes to itself. The server stamps `from`, so a stanza from one of
// Manifold's own addresses (its services, rooms, topics, occupants) can only be one Manifold sent;
// the server hands it straight back. Answering such stanzas must never start an exchange between
// Manifold's addresses that goes on forever, and everything else the oracle checks still holds.
// First every corpus stanza from each kind of own address, then random and mutated ones.
import fc from "fast-check";
import { stanzaFromManifold, fuzzStanza } from "./arbitraries.js";
import { CORPUS, mutate, mutatedFromManifold } from "./mutate.js";
import { runCase } from "./harness.js";
import { assertProperty, budgetMs, runs } from "./runs.js";
import { resetStats, summary } from "./stats.js";
import { assertValidScenario } from "./scenario.js";
import { GROUPS, TEA } from "./cast.js";

/** A service, an occupant, and the addressee itself (other kinds: the random property below). */
const OWN_SENDERS = [GROUPS, `${TEA}/Bob`, undefined];

describe("fuzz: stanzas from Manifold's own addresses", function () {
  const cases = runs(100, 0.4);
  this.timeout(budgetMs(cases + CORPUS.length * OWN_SENDERS.length) + 30_000);
  before(async () => {
    resetStats();
    await assertValidScenario();
  });
  after(() => console.log(`      from its own addresses: ${summary()}`));

  it(`starts no endless exchange with any corpus stanza from each kind of own address (${CORPUS.length * OWN_SENDERS.length} cases)`, async () => {
    const problems: string[] = [];
    for (const entry of CORPUS)
      for (const sender of OWN_SENDERS) {
        const from = sender ?? /\sto="([^"]*)"/.exec(entry.xml)![1]!;
        const stanza = fuzzStanza(`${entry.route} from ${sender ?? "itself"}`, mutate(entry, [], from));
        await runCase([stanza]).catch((err: Error) => problems.push(`${stanza.xml}\n  ${err.message}`));
      }
    if (problems.length) throw new Error(`${problems.length} failing:\n${problems.join("\n")}`);
  });

  it(`answers random and mutated stanzas from its own addresses (${cases} cases of 1–3 stanzas)`, () =>
    assertProperty(
      fc.asyncProperty(
        fc.array(fc.oneof(stanzaFromManifold, mutatedFromManifold), { minLength: 1, maxLength: 3 }),
        async (stanzas) => {
          await runCase(stanzas);
        },
      ),
      cases,
      budgetMs(cases),
    ));
});
