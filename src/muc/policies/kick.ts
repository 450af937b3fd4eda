// XEP-0045 §8.2: a kicked occupant leaves with status 307, shown to everyone. The lowest handler of
// "kick": a kind's own handler takes over before it by returning true.
import type { MucContext } from "../context.js";
import { broadcastPresence } from "../broadcast.js";
import { Status } from "../stanzas.js";

export function kick(ctx: MucContext): void {
  ctx.hooks.on(
    "kick",
    ({ room, occupant, actor, reason, together }) => {
      broadcastPresence(ctx, room, occupant, {
        unavailable: true,
        statuses: [Status.kicked],
        ...(actor ? { actor } : {}),
        ...(reason ? { reason } : {}),
        together,
      });
      room.occupants.delete(occupant.nick);
      for (const jid of occupant.sessions.keys()) room.sessions.delete(jid);
      occupant.sessions.clear();
      return true;
    },
    -100,
  );
}
