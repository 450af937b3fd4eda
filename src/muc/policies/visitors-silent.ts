// XEP-0045 §7.4 and §8.3: in a moderated room, visitors have no voice.
import { StanzaError } from "../../xmpp/stanza-error.js";
import type { RoomHooks } from "../events.js";

export function visitorsSilent(hooks: RoomHooks): void {
  hooks.on(
    "pre-message",
    ({ sender }) => {
      if (sender.role === "visitor")
        throw new StanzaError("forbidden", "Visitors cannot speak in this moderated room");
    },
    10,
  );
}
