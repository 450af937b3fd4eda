// Every ad-hoc command Manifold offers, found as a client finds them (disco#items on both services
// and on every room and topic, as each user), then executed with broken session ids, actions and
// forms, in sequences (a first stage, then submissions): answered correctly, state kept valid.
import assert from "node:assert/strict";
import fc from "fast-check";
import { COMMAND_NODES } from "./payloads-iq.js";
import { commandStanza, discoverCommands, type OfferedCommand } from "./commands.js";
import { runCase } from "./harness.js";
import { assertProperty, budgetMs, runs } from "./runs.js";
import { resetStats, summary } from "./stats.js";
import { assertValidScenario } from "./scenario.js";

describe("fuzz: ad-hoc commands", function () {
  const cases = runs(150);
  this.timeout(budgetMs(cases) + 30_000);
  let offered: OfferedCommand[] = [];
  before(async () => {
    resetStats();
    await assertValidScenario();
    offered = await discoverCommands();
  });
  after(() => console.log(`      commands (${offered.length} offered): ${summary()}`));

  it("offers every command the protocol documents, each somewhere to someone", () => {
    const nodes = new Set(offered.map((c) => c.node));
    assert.deepEqual(
      COMMAND_NODES.filter((n) => !nodes.has(n)),
      [],
      `offered: ${offered.map((c) => `${c.node}@${c.jid}`).join(", ")}`,
    );
  });

  it(`answers every execution of every offered command correctly (${cases} cases of 1–4 executions)`, () =>
    assertProperty(
      fc.asyncProperty(fc.array(commandStanza(offered), { minLength: 1, maxLength: 4 }), async (stanzas) => {
        await runCase(stanzas);
      }),
      cases,
      budgetMs(cases),
    ));
});
