// Who may create rooms by joining them: with createRooms "local", users of the server's own domains.
import { StanzaError } from "../../xmpp/stanza-error.js";
import type { MucSettings } from "../context.js";
import type { RoomHooks } from "../events.js";

export function localCreators(hooks: RoomHooks, settings: MucSettings): void {
  hooks.on(
    "room-create",
    ({ s }) => {
      if (settings.createRooms === "local" && !settings.localDomains.includes(s.from.domain)) {
        throw new StanzaError(
          "not-allowed",
          `Only users of ${settings.localDomains.join(", ")} can create rooms here`,
        );
      }
    },
    100,
  );
}
