// The authorization matrix in-process (spec/helpers/authz-matrix.ts): every operation by every role.
// Each operation gets a world of its own built from the fixture, and its cells run there in turn, as
// they do on the real server (so a cell that leaves the fixture changed shows up here first).
import assert from "node:assert/strict";
import type { Element } from "ltx";
import { GROUPS, LISTS, world, type World } from "./helpers/world.js";
import {
  MATRIX,
  PEOPLE,
  ROOM_ROLES,
  TOPIC_ROLES,
  bareOf,
  cellName,
  rolesOf,
  runCell,
  setUpFixture,
  type Driver,
  type Fixture,
  type Person,
} from "../helpers/authz-matrix.js";

const REMOTE = "remote.example";

/** Each person is one session; everything the app sends is sorted into inboxes by bare JID. */
function worldDriver(w: World): Driver {
  const jids = new Map<Person, string>(
    PEOPLE.map((p) => [p, `${p.replace("-", "")}@${p === "remote" ? REMOTE : "localhost"}/matrix`]),
  );
  const inboxes = new Map<string, Element[]>([...jids.values()].map((jid) => [bareOf(jid), []]));
  const jid = (p: Person) => jids.get(p)!;
  const inbox = (p: Person) => inboxes.get(bareOf(jid(p)))!;
  let counter = 0;
  const take = (p: Person, match: (el: Element) => boolean) => {
    const box = inbox(p);
    const index = box.findIndex(match);
    return index === -1 ? undefined : box.splice(index, 1)[0];
  };
  const send = async (p: Person, stanza: Element) => {
    stanza.attrs.from = jid(p);
    await w.send(stanza.toString());
    for (const el of w.take()) inboxes.get(bareOf(el.attrs.to ?? ""))?.push(el);
  };
  return {
    local: "localhost",
    remote: REMOTE,
    groups: GROUPS,
    lists: LISTS,
    unique: (base) => `${base}-${++counter}`,
    jid,
    send,
    async iq(p, stanza) {
      const id = (stanza.attrs.id ??= `iq-${++counter}`);
      await send(p, stanza);
      const answer = take(p, (el) => el.name === "iq" && el.attrs.id === id);
      if (!answer) throw new Error(`${p}: no answer to ${stanza.toString()}`);
      return answer;
    },
    // Everything the app does in answer is done by the time send() returns: nothing to wait for.
    waitFor(p, match, what) {
      const found = take(p, match);
      if (found) return Promise.resolve(found);
      const received =
        inbox(p)
          .map((el) => `  ${el.toString()}`)
          .join("\n") || "  (nothing)";
      return Promise.reject(new Error(`${p} did not get ${what}; received:\n${received}`));
    },
    take,
    clear: (p) => void inbox(p).splice(0),
  };
}

describe("authorization matrix (in-process)", function () {
  it("names an answer for every role of every operation", () => {
    for (const op of MATRIX) {
      const roles = op.on === "room" ? ROOM_ROLES : TOPIC_ROLES;
      assert.deepEqual(Object.keys(op.expected).sort(), [...roles].sort(), op.name);
    }
  });

  for (const op of MATRIX) {
    describe(op.name, () => {
      let w: World;
      let d: Driver;
      let fixture: Fixture;
      before(async () => {
        w = await world();
        d = worldDriver(w);
        fixture = await setUpFixture(d);
      });
      after(() => w.stop());
      for (const role of rolesOf(op)) {
        it(cellName(op, role), async () => {
          assert.equal(await runCell(d, fixture, op, role), op.expected[role], op.ref);
        });
      }
    });
  }
});
