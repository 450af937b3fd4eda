// The nesting graph: cycle and depth rules, and expansion of who is reachable, on fixed cases and
// on random graphs (fast-check). The oracles below are written independently of graph.ts.
import assert from "node:assert/strict";
import fc from "fast-check";
import { NestingGraph, edgeProblem, reachableUsers } from "../../../src/groups/graph.js";

const ROOMS = ["a", "b", "c", "d", "e", "f", "g", "h"];

/** Oracle: does the edge set contain a cycle? (Kahn's algorithm.) */
function hasCycle(edges: [string, string][]): boolean {
  const indegree = new Map(ROOMS.map((r) => [r, 0]));
  for (const [, child] of edges) indegree.set(child, indegree.get(child)! + 1);
  const ready = ROOMS.filter((r) => indegree.get(r) === 0);
  let removed = 0;
  while (ready.length) {
    const room = ready.pop()!;
    removed++;
    for (const [parent, child] of edges) {
      if (parent !== room) continue;
      indegree.set(child, indegree.get(child)! - 1);
      if (indegree.get(child) === 0) ready.push(child);
    }
  }
  return removed !== ROOMS.length;
}

/** Oracle: rooms in the longest chain (edges must be acyclic). */
function longestChain(edges: [string, string][]): number {
  const down = (room: string): number =>
    1 + Math.max(0, ...edges.filter(([p]) => p === room).map(([, c]) => down(c)));
  return Math.max(...ROOMS.map(down));
}

/** Oracle: users of `root` and of every room below it, by plain recursion. */
function reachableNaive(edges: [string, string][], users: Map<string, string[]>, root: string): Set<string> {
  const out = new Set<string>();
  const visit = (room: string, path: string[]) => {
    if (path.includes(room)) return;
    for (const u of users.get(room) ?? []) out.add(u);
    for (const [p, c] of edges) if (p === room) visit(c, [...path, room]);
  };
  visit(root, []);
  return out;
}

describe("NestingGraph", () => {
  it("refuses a room in itself, naming it twice", () => {
    assert.deepEqual(new NestingGraph().cycleIf("a", "a"), ["a", "a"]);
  });

  it("names the cycle at depth 1 and 3, starting and ending at the room joined", () => {
    const g = new NestingGraph();
    g.add("b", "a"); // a is in b
    assert.deepEqual(g.cycleIf("a", "b"), ["a", "b", "a"]);
    g.add("c", "b");
    g.add("d", "c");
    assert.deepEqual(g.cycleIf("a", "d"), ["a", "d", "c", "b", "a"]);
    assert.equal(g.cycleIf("e", "d"), undefined);
  });

  it("counts the rooms of the longest chain an edge would create", () => {
    const g = new NestingGraph();
    g.add("b", "a");
    g.add("c", "b");
    assert.equal(g.levelsIf("d", "c"), 4);
    assert.equal(g.levelsIf("a", "x"), 4);
    assert.deepEqual(edgeProblem(g, "d", "c", 3), { levels: 4 });
    assert.equal(edgeProblem(g, "d", "c", 4), undefined);
  });

  it("forgets every edge of a destroyed room", () => {
    const g = new NestingGraph();
    g.add("b", "a");
    g.add("a", "x");
    assert.deepEqual(g.removeRoom("a"), { parents: ["b"], children: ["x"] });
    assert.deepEqual(g.descendants("b"), []);
    assert.deepEqual(g.ancestors("x"), []);
  });

  it("lists children in JID order and walks ancestors nearest first", () => {
    const g = new NestingGraph();
    g.add("b", "z");
    g.add("b", "m");
    g.add("c", "b");
    assert.deepEqual(g.childrenOf("b"), ["m", "z"]);
    assert.deepEqual(g.ancestors("m"), ["b", "c"]);
  });

  it("accepts only edges that keep the graph acyclic and within the level limit (random graphs)", () => {
    const edge = fc.tuple(fc.constantFrom(...ROOMS), fc.constantFrom(...ROOMS));
    fc.assert(
      fc.property(fc.array(edge, { maxLength: 40 }), fc.integer({ min: 2, max: 6 }), (proposals, max) => {
        const g = new NestingGraph();
        const accepted: [string, string][] = [];
        for (const [parent, child] of proposals) {
          const problem = edgeProblem(g, parent, child, max);
          const wouldCycle = hasCycle([...accepted, [parent, child]]);
          if (wouldCycle) assert.ok(problem && "cycle" in problem, `${parent}→${child} closes a cycle`);
          if (problem) {
            if ("cycle" in problem) {
              const c = problem.cycle;
              assert.equal(c[0], parent);
              assert.equal(c.at(-1), parent);
              assert.ok(wouldCycle);
            } else {
              assert.ok(longestChain([...accepted, [parent, child]]) > max);
            }
            continue;
          }
          g.add(parent, child);
          accepted.push([parent, child]);
          assert.equal(hasCycle(accepted), false);
          assert.ok(longestChain(accepted) <= max);
        }
      }),
    );
  });

  it("expands each reachable user exactly once, however many paths lead to them (random graphs)", () => {
    const edge = fc.tuple(fc.constantFrom(...ROOMS), fc.constantFrom(...ROOMS));
    const people = fc.constantFrom("u1", "u2", "u3", "u4", "u5");
    const membership = fc.dictionary(fc.constantFrom(...ROOMS), fc.array(people, { maxLength: 4 }));
    fc.assert(
      fc.property(
        fc.array(edge, { maxLength: 30 }),
        membership,
        fc.constantFrom(...ROOMS),
        (proposals, m, root) => {
          const g = new NestingGraph();
          const accepted: [string, string][] = [];
          for (const [p, c] of proposals) {
            if (edgeProblem(g, p, c, ROOMS.length)) continue;
            g.add(p, c);
            accepted.push([p, c]);
          }
          const users = new Map(Object.entries(m));
          const got = reachableUsers(g, root, (room) => users.get(room) ?? []);
          assert.equal(new Set(got).size, got.length, "no user twice");
          assert.deepEqual(new Set(got), reachableNaive(accepted, users, root));
        },
      ),
    );
  });
});
