// Live reach (PROTOCOL §2): whoever becomes a member of group A after A joined other rooms is invited
// to each of them at once, at any depth (A in C in B: to C and to B), as everyone A brought in was
// when A was approved. The invitation names the group directly in that room, the one shown there.
import type { Room } from "../muc/room.js";
import { invitation } from "../muc/stanzas.js";
import type { GroupsContext } from "./context.js";
import { entryGroup, labelOf } from "./entry.js";

/** Invites `users`, new members of `group`, to every room above it that they may now enter. */
export function inviteToRoomsAbove(ctx: GroupsContext, group: Room, users: readonly string[]): void {
  for (const above of ctx.groups.graph.ancestors(group.jid)) {
    ctx.groups.schedule(above, async () => {
      const room = await ctx.rooms.find(above);
      if (!room) return;
      const mine = await labelOf(ctx, group.jid);
      const name = room.config.name || room.jid;
      for (const user of users) {
        // Direct members and outcasts of the room above need no invitation through a group.
        if (room.affiliationOf(user) !== "none") continue;
        const through = await entryGroup(ctx, room, user);
        if (!through) continue;
        const via = through === group.jid ? "" : ` through ${await labelOf(ctx, through)}`;
        const reason = `You are now a member of ${mine}, which is a member of ${name}${via}`;
        const body = `${reason} (${room.jid}): you can enter it.`;
        ctx.out.sendEach(invitation(room, ctx.ids.next(), through, body, reason), [user]);
      }
    });
  }
}
