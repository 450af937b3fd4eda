// XEP-0045 §10.1.1: a new room stays locked until its owner has configured it; others cannot enter.
import * as errors from "../errors.js";
import type { RoomHooks } from "../events.js";

export function locked(hooks: RoomHooks): void {
  hooks.on(
    "pre-enter",
    ({ room, affiliation }) => {
      if (room.record.locked && affiliation !== "owner") throw errors.roomLocked();
    },
    30,
  );
}
