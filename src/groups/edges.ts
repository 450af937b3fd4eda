// What follows a change to a room's member list on groups.* (PROTOCOL §2): the nesting checks a new
// group membership must pass, the graph kept in step, invitations to everyone a new group brings,
// and revocation: whoever no longer has a way in leaves at once.
import { applyAffiliations, type AffiliationChange } from "../muc/membership.js";
import type { Occupant } from "../muc/occupant.js";
import type { Room } from "../muc/room.js";
import { broadcastMessage, broadcastPresence } from "../muc/broadcast.js";
import { Status, invitation, roomNotice } from "../muc/stanzas.js";
import type { Affiliation } from "../muc/types.js";
import type { GroupsContext } from "./context.js";
import { edgeProblem, reachableUsers } from "./graph.js";
import { bannedIn, groupsThrough, labelOf, leadsTo } from "./entry.js";
import { inviteToRoomsAbove } from "./reach.js";
import { fellowsIn } from "./views.js";
import * as errors from "./errors.js";

const MEMBERSHIP = new Set<Affiliation>(["owner", "admin", "member"]);

/** Checks the group entries of a member-list change before anything is written. */
export async function checkGroupChanges(
  ctx: GroupsContext,
  room: Room,
  changes: readonly AffiliationChange[],
) {
  const { graph, settings } = ctx.groups;
  for (const change of changes) {
    if (change.kind !== "room") continue;
    if (change.affiliation === "owner" || change.affiliation === "admin")
      throw errors.groupOnlyMemberOrBanned(change.jid);
    if (change.affiliation !== "member" || graph.has(room.jid, change.jid)) continue;
    const group = await ctx.rooms.find(change.jid);
    if (!group || group.record.locked) throw errors.noRoomHere(change.jid);
    if (!group.config.persistent) {
      throw errors.groupIsTemporary(change.jid);
    }
    // The group's one occupant will bear its name: nobody else in the room may have it.
    const label = await labelOf(ctx, change.jid);
    if (await nameInUse(ctx, room, label)) throw errors.groupNameTaken(change.jid, room.jid, label);
    const problem = edgeProblem(graph, room.jid, change.jid, settings.maxNestingLevels);
    if (problem && "cycle" in problem) {
      throw errors.groupCycle(change.jid, room.jid, problem.cycle);
    }
    if (problem) {
      throw errors.nestingTooDeep(change.jid, room.jid, settings.maxNestingLevels, problem.levels);
    }
  }
}

/** Is `name` an occupant's nick in the room, a nick registered there, or another group's name? */
async function nameInUse(ctx: GroupsContext, room: Room, name: string): Promise<boolean> {
  const same = (nick: string) => nick === name;
  if ([...room.occupants.keys()].some((nick) => same(nick) || nick.startsWith(`${name}/`))) return true;
  if ([...room.affiliations.values()].some((a) => a.nick !== undefined && same(a.nick))) return true;
  for (const other of ctx.groups.graph.childrenOf(room.jid)) if (same(await labelOf(ctx, other))) return true;
  return false;
}

/** After a stored member-list change: the graph, invitations, and who loses their way in. */
export async function afterChanges(
  ctx: GroupsContext,
  room: Room,
  changes: readonly AffiliationChange[],
  previous: ReadonlyMap<string, Affiliation>,
  actor?: string,
): Promise<void> {
  const { graph } = ctx.groups;
  let revoke = false;
  const newcomers = changes
    .filter(
      (c) => c.kind !== "room" && MEMBERSHIP.has(c.affiliation) && !MEMBERSHIP.has(previous.get(c.jid)!),
    )
    .map((c) => c.jid);
  if (newcomers.length) inviteToRoomsAbove(ctx, room, newcomers);
  for (const change of changes) {
    const wasEdge = graph.has(room.jid, change.jid);
    const isEdge = change.kind === "room" && change.affiliation === "member";
    if (isEdge && !wasEdge) {
      graph.add(room.jid, change.jid);
      await welcomeGroup(ctx, room, change.jid);
    } else if (wasEdge && !isEdge) {
      graph.remove(room.jid, change.jid);
      const status = change.affiliation === "outcast" ? Status.banned : Status.affiliationRemoved;
      const fellows = fellowsIn(room, change.jid);
      await evict(ctx, room, fellows, status, { together: true, actor, reason: change.reason });
      revoke = true;
    } else if (
      change.kind !== "room" &&
      (change.affiliation === "none" || change.affiliation === "outcast")
    ) {
      revoke = true; // a person left or was banned: only a loss can take anyone's way in
    }
  }
  // A person left a group, or a group left a room: check every room this one is inside.
  if (revoke)
    for (const above of graph.ancestors(room.jid)) ctx.groups.schedule(above, () => revokeLost(ctx, above));
}

/** Everyone who came into `jid` through a group that no longer leads to them leaves (321). */
export async function revokeLost(ctx: GroupsContext, jid: string): Promise<void> {
  const room = ctx.rooms.liveRoom(jid);
  if (!room) return;
  const lost: Occupant[] = [];
  for (const occupant of room.occupants.values()) {
    if (occupant.through && !(await leadsTo(ctx, room, occupant.through.member, occupant.bareJid)))
      lost.push(occupant);
  }
  await evict(ctx, room, lost, Status.affiliationRemoved, {});
}

/** Removes occupants with one status; `together` when the change hit their group itself. */
export async function evict(
  ctx: GroupsContext,
  room: Room,
  occupants: Occupant[],
  status: number,
  options: { together?: boolean; actor?: string | undefined; reason?: string | undefined },
): Promise<void> {
  if (!occupants.length) return;
  for (const occupant of occupants) {
    if (room.occupants.get(occupant.nick) !== occupant) continue;
    broadcastPresence(ctx, room, occupant, {
      unavailable: true,
      statuses: [status],
      ...(options.together ? { together: true } : {}),
      ...(options.actor ? { actor: options.actor } : {}),
      ...(options.reason ? { reason: options.reason } : {}),
    });
    room.occupants.delete(occupant.nick);
    for (const session of occupant.sessions.keys()) room.sessions.delete(session);
    occupant.sessions.clear();
  }
  await ctx.rooms.released(room);
}

/**
 * A group became a member: everyone it brings in (its members and those of the groups inside it,
 * each once, outcasts of the room aside) gets a mediated invitation, and the group's room says so.
 */
async function welcomeGroup(ctx: GroupsContext, room: Room, group: string): Promise<void> {
  const { graph } = ctx.groups;
  const members = new Map<string, string[]>();
  for (const jid of groupsThrough(ctx, room, group)) {
    const inside = await ctx.rooms.find(jid);
    members.set(jid, inside ? inside.jidsWith(...MEMBERSHIP).filter((u) => !isRoomJid(ctx, u)) : []);
  }
  const label = await labelOf(ctx, group);
  const name = room.config.name || room.jid;
  const users = reachableUsers(graph, group, (jid) => members.get(jid) ?? [], bannedIn(room)).filter(
    (user) => room.affiliationOf(user) !== "outcast",
  );
  const body = `Your group ${label} is now a member of ${name} (${room.jid}): you can enter it.`;
  const reason = `Your group ${label} is now a member of ${name}`;
  for (const user of users) ctx.out.sendEach(invitation(room, ctx.ids.next(), group, body, reason), [user]);
  ctx.groups.schedule(group, () => {
    const inside = ctx.rooms.liveRoom(group);
    if (inside && !inside.empty)
      broadcastMessage(
        ctx,
        inside,
        roomNotice(inside, `This group is now a member of ${name} (${room.jid}): its members can enter it.`),
      );
    return Promise.resolve();
  });
}

function isRoomJid(ctx: GroupsContext, jid: string): boolean {
  return jid.endsWith(`@${ctx.settings.domain}`);
}

/**
 * A room ended: it leaves every room it was a member of (their fellows of it leave with 321), and
 * the groups that were inside it are no longer (its member list is gone with it).
 */
export function forgetRoom(ctx: GroupsContext, room: Room): Promise<void> {
  const { graph } = ctx.groups;
  ctx.groups.store.forget(room.jid);
  for (const child of graph.childrenOf(room.jid)) graph.remove(room.jid, child);
  for (const parent of graph.parentsOf(room.jid)) {
    ctx.groups.schedule(parent, async () => {
      const above = await ctx.rooms.find(parent);
      if (above && graph.has(parent, room.jid))
        await applyAffiliations(ctx, above, [
          { jid: room.jid, affiliation: "none", kind: "room", reason: "The group was destroyed" },
        ]);
    });
  }
  return Promise.resolve();
}
