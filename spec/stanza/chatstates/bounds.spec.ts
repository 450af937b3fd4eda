// Bounds on chat states (PROTOCOL §3): no states in conversations above chatStates.maxRecipients,
// identical repeats within chatStates.coalesceMs dropped; every drop counted.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join as joinPath } from "node:path";
import { world, GROUPS, type World } from "../helpers/world.js";
import { BADMINTON, OWNER, addMembers } from "../helpers/topics.js";
import { createRoom, join } from "../helpers/muc.js";
import { dropped, state, stateIn, statesTo } from "../helpers/chatstates.js";

const MEMBERS = ["bob@localhost", "carol@localhost", "dan@localhost"];
const TEA = `tea@${GROUPS}`;

function configWith(maxRecipients: number, coalesceMs = 5000): Record<string, string> {
  const file = joinPath(mkdtempSync(joinPath(tmpdir(), "manifold-cs-")), "config.yaml");
  writeFileSync(file, `chatStates:\n  maxRecipients: ${maxRecipients}\n  coalesceMs: ${coalesceMs}\n`);
  return { MANIFOLD_CONFIG: file };
}

async function topicWith(w: World, members: string[]): Promise<void> {
  await createRoom(w, OWNER, BADMINTON, "Alice");
  await addMembers(w, OWNER, BADMINTON, members);
  for (const m of members) await w.send(`<presence from="${m}/x" to="${BADMINTON}"/>`);
  w.take();
}

const ownerTypes = (w: World, name = "composing") =>
  w.send(`<message type="groupchat" from="${OWNER}" to="${BADMINTON}">${state(name)}</message>`);
const reached = (out: ReturnType<World["take"]>) => MEMBERS.filter((m) => statesTo(out, m).length > 0);

describe("chat states: bounds", () => {
  let w: World;
  afterEach(() => w.stop());

  describe("fan-out", () => {
    it("sends no state into a topic with more members than the bound, and counts it once", async () => {
      w = await world({ env: configWith(2) });
      await topicWith(w, MEMBERS);
      await ownerTypes(w);
      assert.deepEqual(reached(w.take()), []);
      assert.equal(await dropped(w, "fanout"), 1);
      await w.send(
        `<message type="groupchat" from="${OWNER}" to="${BADMINTON}"><body>still here</body>${state("active")}</message>`,
      );
      const out = w.take();
      const copies = out.filter((el) => el.getChildText("body") === "still here" && el.attrs.type === "chat");
      assert.equal(copies.length, 3, "the body reaches everyone");
      assert.ok(
        copies.every((el) => stateIn(el) === undefined),
        "without the state",
      );
    });

    it("sends states into a topic at the bound, one delivery per member", async () => {
      w = await world({ env: configWith(2) });
      await topicWith(w, MEMBERS.slice(0, 2));
      await ownerTypes(w);
      assert.deepEqual(reached(w.take()), MEMBERS.slice(0, 2));
      assert.equal(await w.app.metrics.count("manifold_chat_states_delivered_total"), 2);
    });

    it("applies to rooms: more other occupants than the bound means no states", async () => {
      w = await world({ env: configWith(2) });
      await createRoom(w, OWNER, TEA, "Alice");
      for (const m of MEMBERS) await join(w, `${m}/x`, TEA, m.split("@")[0]!);
      w.take();
      await w.send(`<message type="groupchat" from="${OWNER}" to="${TEA}">${state("composing")}</message>`);
      assert.deepEqual(
        w.take().filter((el) => el.name === "message"),
        [],
      );
      assert.equal(await dropped(w, "fanout"), 1);
    });
  });

  describe("coalescing", () => {
    beforeEach(async () => {
      w = await world();
      await topicWith(w, MEMBERS.slice(0, 1));
    });

    it("drops an identical state repeated within the window", async () => {
      await ownerTypes(w);
      await ownerTypes(w);
      assert.equal(statesTo(w.take(), MEMBERS[0]!).length, 1);
      assert.equal(await dropped(w, "coalesced"), 1);
    });

    it("passes a changed state, a repeat after the window, and a repeat after a message", async () => {
      await ownerTypes(w, "composing");
      await ownerTypes(w, "paused");
      await ownerTypes(w, "composing");
      w.clock.set(w.clock.now() + 5000);
      await ownerTypes(w, "composing");
      await w.send(`<message type="groupchat" from="${OWNER}" to="${BADMINTON}"><body>hi</body></message>`);
      await ownerTypes(w, "composing");
      const states = statesTo(w.take(), MEMBERS[0]!).map(stateIn);
      assert.deepEqual(states, ["composing", "paused", "composing", "composing", "composing"]);
      assert.equal(await dropped(w, "coalesced"), 0);
    });

    it("keeps senders and conversations apart", async () => {
      await ownerTypes(w);
      await w.send(
        `<message type="chat" from="${MEMBERS[0]}/x" to="${BADMINTON}">${state("composing")}</message>`,
      );
      await createRoom(w, OWNER, TEA, "Alice");
      await join(w, `${MEMBERS[0]}/x`, TEA, "bob");
      w.take();
      await w.send(`<message type="groupchat" from="${OWNER}" to="${TEA}">${state("composing")}</message>`);
      assert.equal(statesTo(w.take(), MEMBERS[0]!).length, 1);
      assert.equal(await dropped(w, "coalesced"), 0);
    });
  });

  describe("coalescing by audience", () => {
    it("tells the owner's typing to bob, to carol and to all apart: a repeat in one is news in another", async () => {
      w = await world();
      await topicWith(w, MEMBERS.slice(0, 2));
      const toOne = (nick: string) =>
        w.send(
          `<message type="chat" from="${OWNER}" to="${BADMINTON}/${nick}">${state("composing")}</message>`,
        );
      await toOne("bob");
      await toOne("carol");
      await ownerTypes(w);
      const out = w.take();
      assert.equal(statesTo(out, MEMBERS[0]!).length, 2, "bob: his own chat, then the room");
      assert.equal(statesTo(out, MEMBERS[1]!).length, 2, "carol: hers, then the room");
      assert.equal(await dropped(w, "coalesced"), 0);
    });

    it("counts no repeat of a state that reached nobody: a member who just came online gets the next", async () => {
      w = await world();
      await createRoom(w, OWNER, BADMINTON, "Alice");
      await addMembers(w, OWNER, BADMINTON, [MEMBERS[0]!]);
      w.take();
      await ownerTypes(w); // bob is not online: nobody gets it
      assert.deepEqual(statesTo(w.take(), MEMBERS[0]!), []);
      await w.send(`<presence from="${MEMBERS[0]}/x" to="${BADMINTON}"/>`);
      w.take();
      await ownerTypes(w);
      assert.equal(statesTo(w.take(), MEMBERS[0]!).length, 1);
      assert.equal(await dropped(w, "coalesced"), 0);
    });
  });
});
