// Invariants of nested groups in the store (PROTOCOL §2): the `nest` index holds exactly the
// member entries of kind "room", every edge joins two stored rooms of groups.*, and the graph has
// no cycle and no chain longer than the configured number of levels.
import { SEP } from "../../../src/store/db.js";
import { GROUPS } from "./cast.js";
import type { StoredRecord } from "./record-shapes.js";

type Snapshot = Map<string, Map<string, unknown>>;

export function nestingProblems(data: Snapshot, maxLevels: number): string[] {
  const out: string[] = [];
  const rooms = data.get("rooms") as Map<string, StoredRecord["rooms"]>;
  const aff = data.get("aff") as Map<string, StoredRecord["aff"]>;
  const nest = data.get("nest")!;
  const children = new Map<string, string[]>();
  for (const key of nest.keys()) {
    const [parent, child] = key.split(SEP) as [string, string];
    const entry = aff.get(key);
    if (entry?.kind !== "room" || entry.affiliation !== "member")
      out.push(`nest ${parent} → ${child}: no member entry of kind room`);
    for (const end of [parent, child])
      if (rooms.get(end)?.kind !== "group" || !end.endsWith(`@${GROUPS}`))
        out.push(`nest ${parent} → ${child}: ${end} is not a stored room of ${GROUPS}`);
    children.set(parent, [...(children.get(parent) ?? []), child]);
  }
  for (const [key, entry] of aff)
    if (entry.kind === "room" && entry.affiliation === "member" && !nest.has(key))
      out.push(`aff ${key.replace(SEP, " ␀ ")}: a group member missing from the nest index`);
  // The longest chain from each room, failing on a cycle (depth-first, with the path on a stack).
  const depth = new Map<string, number>();
  const visit = (jid: string, path: string[]): number => {
    if (path.includes(jid)) {
      out.push(`nest: cycle ${[...path.slice(path.indexOf(jid)), jid].join(" → ")}`);
      return 0;
    }
    const known = depth.get(jid);
    if (known !== undefined) return known;
    const below = (children.get(jid) ?? []).map((c) => visit(c, [...path, jid]));
    const levels = 1 + Math.max(0, ...below);
    depth.set(jid, levels);
    return levels;
  };
  for (const parent of children.keys()) {
    const levels = visit(parent, []);
    if (levels > maxLevels)
      out.push(`nest: ${parent} starts a chain of ${levels} rooms (limit ${maxLevels})`);
  }
  return out;
}
