// XEP-0045 §7.2.8 and §7.10: a nick held by another occupant, or registered to another member,
// is refused with conflict.
import * as errors from "../errors.js";
import type { RoomHooks } from "../events.js";

export function nickTaken(hooks: RoomHooks): void {
  hooks.on(
    "pre-join",
    ({ room, joiner, admission, holder }) => {
      const { nick } = admission;
      if (holder && holder.bareJid !== joiner) throw errors.nickInUse(nick);
      const reservedBy = room.nickOwner(nick);
      if (reservedBy && reservedBy !== joiner) throw errors.nickRegistered(nick);
    },
    30,
  );
}
