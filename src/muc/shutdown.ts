// On a clean stop, every occupant is told the service is going away (XEP-0045 status 332), so
// clients show the room as left and rejoin when it is back, instead of waiting on a dead room.
import type { MucContext } from "./context.js";
import { sendSelfPresence } from "./broadcast.js";
import { Status } from "./stanzas.js";

export function announceShutdown(ctx: MucContext): void {
  for (const room of ctx.rooms.liveRooms()) {
    for (const occupant of room.occupants.values()) {
      // Only the occupant's own unavailable presence: a client leaving the room forgets the rest,
      // and N² stanzas for a large room would overflow the bounded queue.
      const options = { unavailable: true, statuses: [Status.shutdown] };
      sendSelfPresence(ctx, room, occupant, options, [...occupant.sessions.keys()]);
    }
  }
}
