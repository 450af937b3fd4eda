// Whom a room reaches while they are not in it (PROTOCOL §2 absent members): its own members, then
// the members of every group inside it at any depth, each user once, through the first group (in
// JID order) that leads to them, as they would enter (entry.ts). Outcasts of the room are left
// out, and so is anyone who left a group or was removed from it: only current member lists count.
import type { Reachable } from "../absent/plan.js";
import type { Room } from "../muc/room.js";
import type { AffiliationRecord } from "../muc/types.js";
import type { GroupsContext } from "./context.js";
import { MEMBERSHIP, groupsThrough, labelOf } from "./entry.js";
import { fellowNick } from "./views.js";

const isPersonMember = (entry: AffiliationRecord) =>
  entry.kind !== "room" && MEMBERSHIP.has(entry.affiliation);

export async function reachOf(ctx: GroupsContext, room: Room): Promise<Reachable[]> {
  const reached = new Map<string, Reachable>();
  for (const [jid, entry] of room.affiliations) {
    if (isPersonMember(entry)) reached.set(jid, { jid, nicks: entry.nick ? [entry.nick] : [] });
  }
  const { graph } = ctx.groups;
  for (const group of graph.childrenOf(room.jid)) {
    const label = await labelOf(ctx, group);
    for (const inner of groupsThrough(ctx, room, group)) {
      const members = (await ctx.rooms.find(inner))?.affiliations;
      for (const [jid, entry] of members ?? []) {
        if (!isPersonMember(entry) || reached.has(jid) || room.affiliationOf(jid) === "outcast") continue;
        // A member of the group itself is known in the room by their nick there, under the group's name.
        const nicks = inner === group && entry.nick ? [fellowNick(label, entry.nick)] : [];
        reached.set(jid, { jid, through: group, nicks });
      }
    }
  }
  return [...reached.values()];
}
