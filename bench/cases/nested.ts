// Case (n): three levels of nested groups (docs/protocol.md, "Nested groups"). The owner creates
// nest<N>-l3 ("L3"), nest<N>-l2 ("L2") and the outer room nest<N> on groups.localhost (all
// persistent; the outer room members-only, configured as case g's room), spreads r1…rN over the
// levels by index (i mod 3 = 0: member of the outer room, 1: of L2, 2: of L3), adds L3 as a member
// of L2 and L2 as a member of the outer room, then all N receivers enter the outer room themselves
// (two thirds of them only through the groups) and the owner's groupchat messages there must reach
// each of them once. Before measuring, the entries are checked: members of L2 and L3 must be in as
// `L2/<nick>`, direct members under their own nick, or the case fails; what one direct member and
// one member of L2 see of the room (one occupant for L2, or everyone) is reported as a note.
import type { TestUser } from "../../spec/helpers/users.js";
import type { Receiver } from "../receivers.js";
import { affiliate, BENCH_ROOM_CONFIG, createRoom, enterAll, groupJid, roomTarget } from "./groups.js";
import type { Target } from "./target.js";

const LEVELS = 3;
const L2 = "L2";
const L3 = "L3";
const groupConfig = (name: string) => ({
  "muc#roomconfig_roomname": name,
  "muc#roomconfig_persistentroom": "1",
});

const nickOf = (r: Receiver) => r.bare.split("@")[0]!;

export async function nestedTarget(
  owner: TestUser,
  receivers: readonly Receiver[],
  n: number,
  note: (line: string) => void,
): Promise<Target> {
  const outer = groupJid(`nest${n}`);
  const l2 = groupJid(`nest${n}-l2`);
  const l3 = groupJid(`nest${n}-l3`);
  const members = receivers.slice(0, n);
  const at = (depth: number) => members.filter((r) => r.index % LEVELS === depth);
  await createRoom(owner, l3, groupConfig(L3));
  await createRoom(owner, l2, groupConfig(L2));
  await createRoom(owner, outer, BENCH_ROOM_CONFIG);
  const bare = (list: Receiver[]) => list.map((r) => r.bare);
  await affiliate(owner, outer, bare(at(0)));
  await affiliate(owner, l2, bare(at(1)));
  await affiliate(owner, l3, bare(at(2)));
  await affiliate(owner, l2, [l3]);
  await affiliate(owner, outer, [l2]);

  // The occupant JID each receiver should have in the outer room: its own nick, or L2's name
  // before it for everyone who entered through L2 (members of L3 too: L2 is the group in the room).
  const expected = (r: Receiver) =>
    r.index % LEVELS === 0 ? `${outer}/${nickOf(r)}` : `${outer}/${L2}/${nickOf(r)}`;
  const outsider = at(0)[0];
  const fellow = at(1)[0] ?? at(2)[0];
  const watched = [outsider, fellow].filter((r) => r !== undefined);
  const { selves, seen } = await enterAll(members, outer, watched);

  const wrong = members.filter((r) => selves.get(r.index) !== expected(r));
  if (wrong.length) {
    const examples = wrong
      .slice(0, 3)
      .map((r) => `${r.bare} as ${selves.get(r.index)} (expected ${expected(r)})`)
      .join("; ");
    throw new Error(`${wrong.length} of ${n} receivers entered ${outer} on the wrong path: ${examples}`);
  }
  const ownerJid = `${outer}/owner`;
  const views = [
    { who: outsider, what: "a direct member", sees: [ownerJid, ...at(0).map(expected), `${outer}/${L2}`] },
    { who: fellow, what: "a member of L2", sees: [ownerJid, ...members.map(expected)] },
  ];
  const found: string[] = [];
  for (const { who, what, sees } of views) {
    if (!who) continue;
    const got = seen.get(who.index)!;
    const missing = sees.filter((jid) => !got.has(jid));
    const extra = [...got].filter((jid) => !sees.includes(jid));
    found.push(`${what} (${who.bare}) sees ${got.size} occupants`);
    if (missing.length || extra.length) {
      note(
        `case n, N=${n}: ${who.bare} (${what}) should see ${sees.length} occupants and sees ${got.size}: ` +
          `${missing.length} missing (e.g. ${missing.slice(0, 3).join(", ") || "none"}), ` +
          `${extra.length} unexpected (e.g. ${extra.slice(0, 3).join(", ") || "none"})`,
      );
    }
  }
  note(
    `case n, N=${n}: ${at(0).length} receivers entered ${outer} directly and ` +
      `${at(1).length + at(2).length} through ${L2} (${at(2).length} of them members of ${L3} only), ` +
      `all on the expected path; ${found.join(", ")}`,
  );
  return roomTarget("n", owner, outer, n);
}
