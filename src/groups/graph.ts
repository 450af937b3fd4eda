// Which rooms are members of which (PROTOCOL §2 nesting), as a directed graph "parent contains
// child". Pure and synchronous: the rules that keep it acyclic and shallow, and the walks that
// entry, invitations and revocation need. Edges are the rooms' `member` entries of kind "room".

export class NestingGraph {
  private readonly children = new Map<string, Set<string>>();
  private readonly parents = new Map<string, Set<string>>();

  add(parent: string, child: string): void {
    link(this.children, parent, child);
    link(this.parents, child, parent);
  }

  remove(parent: string, child: string): void {
    unlink(this.children, parent, child);
    unlink(this.parents, child, parent);
  }

  /** Drops every edge to and from a room (it was destroyed). */
  removeRoom(jid: string): { parents: string[]; children: string[] } {
    const parents = this.parentsOf(jid);
    const children = this.childrenOf(jid);
    for (const p of parents) this.remove(p, jid);
    for (const c of children) this.remove(jid, c);
    return { parents, children };
  }

  has(parent: string, child: string): boolean {
    return this.children.get(parent)?.has(child) ?? false;
  }

  /** Groups directly inside `parent`, in JID order (entry picks the first that leads to a user). */
  childrenOf(parent: string): string[] {
    return [...(this.children.get(parent) ?? [])].sort();
  }

  parentsOf(child: string): string[] {
    return [...(this.parents.get(child) ?? [])].sort();
  }

  /** Every room inside `root` at any depth, each once, nearest first (breadth-first); none
   *  `barred` is walked into, nor what only it leads to. */
  descendants(root: string, barred: (jid: string) => boolean = () => false): string[] {
    return walk(root, (j) => this.childrenOf(j).filter((c) => !barred(c)));
  }

  /** Every room that contains `root` at any depth, each once, nearest first. */
  ancestors(root: string): string[] {
    return walk(root, (j) => this.parentsOf(j));
  }

  /**
   * The cycle that making `child` a member of `parent` would close, as the chain of containment
   * starting and ending at `parent` (["b", "a", "c", "b"]: b contains a contains c contains b);
   * undefined when the edge is safe.
   */
  cycleIf(parent: string, child: string): string[] | undefined {
    if (parent === child) return [parent, parent];
    const path = this.pathDown(child, parent);
    return path ? [parent, ...path] : undefined;
  }

  /** Rooms in the longest chain of containment that would run through the edge parent → child. */
  levelsIf(parent: string, child: string): number {
    return this.height(parent, (j) => this.parentsOf(j)) + this.height(child, (j) => this.childrenOf(j));
  }

  /** The shortest chain from `from` down to `to` (both included), if `to` is inside `from`. */
  pathDown(from: string, to: string): string[] | undefined {
    const previous = new Map<string, string | null>([[from, null]]);
    const queue = [from];
    for (let i = 0; i < queue.length; i++) {
      const current = queue[i]!;
      if (current === to) {
        const path: string[] = [];
        for (let at: string | null = current; at !== null; at = previous.get(at) ?? null) path.unshift(at);
        return path;
      }
      for (const next of this.childrenOf(current)) {
        if (!previous.has(next)) {
          previous.set(next, current);
          queue.push(next);
        }
      }
    }
    return undefined;
  }

  /** Rooms in the longest chain from `start` following `next` (1 for a room alone). Acyclic graph. */
  private height(start: string, next: (jid: string) => string[]): number {
    const memo = new Map<string, number>();
    const visit = (jid: string, onPath: Set<string>): number => {
      const known = memo.get(jid);
      if (known !== undefined) return known;
      onPath.add(jid);
      let best = 0;
      for (const n of next(jid)) if (!onPath.has(n)) best = Math.max(best, visit(n, onPath));
      onPath.delete(jid);
      memo.set(jid, best + 1);
      return best + 1;
    };
    return visit(start, new Set());
  }
}

/**
 * Everyone reachable through `root`: its users, then those of every group inside it at any depth,
 * each user once however many paths lead to them (invitations on approval, delivery planning).
 */
export function reachableUsers(
  graph: NestingGraph,
  root: string,
  usersOf: (room: string) => Iterable<string>,
  barred?: (jid: string) => boolean,
): string[] {
  const seen = new Set<string>();
  for (const room of [root, ...graph.descendants(root, barred)])
    for (const user of usersOf(room)) seen.add(user);
  return [...seen];
}

function walk(root: string, next: (jid: string) => string[]): string[] {
  const seen = new Set<string>([root]);
  const out: string[] = [];
  const queue = [root];
  for (let i = 0; i < queue.length; i++) {
    for (const n of next(queue[i]!)) {
      if (seen.has(n)) continue;
      seen.add(n);
      out.push(n);
      queue.push(n);
    }
  }
  return out;
}

function link(map: Map<string, Set<string>>, from: string, to: string): void {
  let set = map.get(from);
  if (!set) map.set(from, (set = new Set()));
  set.add(to);
}

function unlink(map: Map<string, Set<string>>, from: string, to: string): void {
  const set = map.get(from);
  if (!set) return;
  set.delete(to);
  if (!set.size) map.delete(from);
}

/** Why the edge parent → child may not be added, if it may not: a cycle, or too many levels. */
export type EdgeProblem = { cycle: string[] } | { levels: number };

/** The one check every new group membership passes (requests, approvals, admin-list adds). */
export function edgeProblem(
  graph: NestingGraph,
  parent: string,
  child: string,
  maxLevels: number,
): EdgeProblem | undefined {
  const cycle = graph.cycleIf(parent, child);
  if (cycle) return { cycle };
  const levels = graph.levelsIf(parent, child);
  return levels > maxLevels ? { levels } : undefined;
}
