// XEP-0045 §7.2.8 and §7.10: a nick held by another occupant, or registered to another member,
// is refused with conflict.
import { StanzaError } from "../../xmpp/stanza-error.js";
import type { RoomHooks } from "../events.js";

export function nickTaken(hooks: RoomHooks): void {
  hooks.on(
    "pre-join",
    ({ room, joiner, admission, holder }) => {
      const { nick } = admission;
      if (holder && holder.bareJid !== joiner)
        throw new StanzaError("conflict", `The nickname "${nick}" is in use`);
      const reservedBy = room.nickOwner(nick);
      if (reservedBy && reservedBy !== joiner)
        throw new StanzaError("conflict", `The nickname "${nick}" is registered to another member`);
    },
    30,
  );
}
