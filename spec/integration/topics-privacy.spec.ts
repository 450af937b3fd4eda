// PROTOCOL §5 "nothing reveals anybody", the in-process property (spec/stanza/topics/privacy.spec.ts)
// on a real server, on a smaller sample: the owner and both members send generated rich stanzas
// through one topic, and nothing from the topic to a member names the other member — as their
// server delivered it. Each case ends with a message to everyone, which each member must get
// before their inbox is read, so every copy of the case is in by then.
import assert from "node:assert/strict";
import fc from "fast-check";
import type { TestUser } from "../helpers/users.js";
import { isChatFrom, sendToAll, useTopicOfThree } from "../helpers/topics.js";
import { privacyStep, renderStep, revealed, type IdPool } from "../helpers/privacy-steps.js";
import { parseXml } from "../../src/xmpp/xml.js";

const CASES = 8;

describe("topics: no member learns of another, on a real server (property)", function () {
  this.timeout(120_000);
  const fresh = useTopicOfThree("privacy");

  it(`holds for every copy of ${CASES} generated exchanges`, async () => {
    const { alice, bob, carol, topic } = fresh();
    const nick = (u: TestUser) => u.bare.split("@")[0]!;
    const domain = alice.bare.split("@")[1]!;
    const members = [nick(bob), nick(carol)];
    const userOf = new Map([
      ["owner", alice],
      [nick(bob), bob],
      [nick(carol), carol],
    ]);
    const pool: IdPool = { ids: [] };
    const read = new Map<TestUser, number>([
      [bob, bob.inbox.length],
      [carol, carol.inbox.length],
    ]);
    let round = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(privacyStep(members), { minLength: 1, maxLength: 5 }), async (steps) => {
        for (const step of steps) {
          const user = userOf.get(step.sender)!;
          const stanza = parseXml(
            renderStep(step, { topic, sender: user.jid, ownerNick: "Alice", domain, pool }),
          );
          delete stanza.attrs.from; // the server stamps it
          await user.send(stanza);
        }
        const mark = `case ${++round} done`;
        await sendToAll(alice, topic, mark);
        for (const member of [bob, carol]) {
          await member.waitFor(isChatFrom(topic, mark));
          const arrived = member.inbox.slice(read.get(member));
          read.set(member, member.inbox.length);
          for (const el of arrived) {
            if (el.attrs.from?.split("/")[0] !== topic) continue;
            if (el.attrs.type === "error") continue; // their own stanza, returned to them
            const leak = revealed(el, nick(member), members, topic, domain);
            assert.equal(leak, undefined, `${member.bare} got ${el.toString()}`);
          }
        }
        for (const user of [alice, bob, carol])
          for (const el of user.inbox.slice(-20)) {
            const sid = el.getChild("stanza-id", "urn:xmpp:sid:0")?.attrs.id;
            if (sid) pool.ids.push(sid);
            if (el.attrs.id) pool.ids.push(el.attrs.id);
          }
      }),
      { numRuns: CASES },
    );
  });
});
