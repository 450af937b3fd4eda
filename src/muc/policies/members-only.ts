// XEP-0045 §7.2.6: a members-only room admits members, and those a kind lets in another way.
import * as errors from "../errors.js";
import type { RoomHooks } from "../events.js";

export function membersOnly(hooks: RoomHooks): void {
  hooks.on(
    "pre-join",
    ({ room, affiliation, admission }) => {
      if (room.config.membersOnly && affiliation === "none" && !admission.through) {
        throw errors.notMember();
      }
    },
    40,
  );
}
