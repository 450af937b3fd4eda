// XEP-0045 §7.2.7: outcasts may not enter.
import { StanzaError } from "../../xmpp/stanza-error.js";
import type { RoomHooks } from "../events.js";

export function banned(hooks: RoomHooks): void {
  hooks.on(
    "pre-enter",
    ({ affiliation }) => {
      if (affiliation === "outcast") throw new StanzaError("forbidden", "You are banned from this room");
    },
    20,
  );
}
