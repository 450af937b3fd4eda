// XEP-0045 §7.2.7: outcasts may not enter.
import * as errors from "../errors.js";
import type { RoomHooks } from "../events.js";

export function banned(hooks: RoomHooks): void {
  hooks.on(
    "pre-enter",
    ({ affiliation }) => {
      if (affiliation === "outcast") throw errors.senderBanned();
    },
    20,
  );
}
