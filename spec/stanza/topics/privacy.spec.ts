// PROTOCOL §5 "nothing reveals anybody", as a property: whatever rich stanzas the owner and the
// members send (replies with quotes, mentions, XEP-0033 addresses, the "@nick:" form, corrections,
// retractions, reactions, markers, nicks), no member ever receives anything that names another
// member. The generated messages name members only where the protocol gives them a place (a
// reply's target and quote, mentions, addresses, the prefix); their free text names nobody, so any
// name in a member's copy is one Manifold let through.
import assert from "node:assert/strict";
import fc from "fast-check";
import { world, type World } from "../helpers/world.js";
import { addMembers, BADMINTON, OWNER } from "../helpers/topics.js";
import { createRoom } from "../helpers/muc.js";
import { assertProperty, budgetMs, runs } from "../fuzz/runs.js";
import {
  privacyStep,
  renderStep,
  revealed,
  type IdPool,
  type PrivacyStep,
} from "../../helpers/privacy-steps.js";

const MEMBERS = ["bob", "carol", "dan"] as const;
const jidOf = (nick: string) => `${nick}@localhost`;

describe("topics: no member learns of another (property)", function () {
  const cases = runs(150);
  this.timeout(budgetMs(cases) + 30_000);

  it(`holds for every copy of ${cases} generated exchanges of rich stanzas`, () =>
    assertProperty(
      fc.asyncProperty(fc.array(privacyStep([...MEMBERS]), { minLength: 1, maxLength: 8 }), async (steps) => {
        const w = await world();
        try {
          await createRoom(w, OWNER, BADMINTON, "Alice");
          await addMembers(
            w,
            OWNER,
            BADMINTON,
            MEMBERS.map((m) => jidOf(m)),
          );
          w.take();
          const ids: IdPool = { ids: [] };
          for (const step of steps) await check(w, step, ids);
        } finally {
          await w.stop();
        }
      }),
      cases,
      budgetMs(cases),
    ));
});

async function check(w: World, step: PrivacyStep, pool: IdPool): Promise<void> {
  const sender = step.sender === "owner" ? OWNER : `${jidOf(step.sender)}/laptop`;
  const stanza = renderStep(step, {
    topic: BADMINTON,
    sender,
    ownerNick: "Alice",
    domain: "localhost",
    pool,
  });
  await w.send(stanza);
  for (const el of w.take()) {
    for (const sid of el.getChildren("stanza-id", "urn:xmpp:sid:0"))
      if (sid.attrs.id) pool.ids.push(sid.attrs.id);
    if (el.attrs.id) pool.ids.push(el.attrs.id);
    const reader = MEMBERS.find((m) => el.attrs.to?.split("/")[0] === jidOf(m));
    if (!reader) continue;
    // An error returns the reader's own stanza to them: their own words.
    if (el.attrs.type === "error" && step.sender === reader) continue;
    const leak = revealed(el, reader, MEMBERS, BADMINTON, "localhost");
    assert.equal(leak, undefined, `${reader} got ${el.toString()}\n  after ${stanza}`);
  }
}
