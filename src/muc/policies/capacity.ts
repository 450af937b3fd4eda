// XEP-0045 §7.2.10: a full room refuses newcomers; owners and admins still get in.
import * as errors from "../errors.js";
import type { MucSettings } from "../context.js";
import type { RoomHooks } from "../events.js";

export function capacity(hooks: RoomHooks, settings: MucSettings): void {
  hooks.on(
    "pre-join",
    ({ room, affiliation, holder }) => {
      const limit = Math.min(room.config.maxOccupants, settings.maxOccupants);
      if (!holder && room.sessions.size >= limit && affiliation !== "owner" && affiliation !== "admin")
        throw errors.roomFull(limit);
    },
    10,
  );
}
