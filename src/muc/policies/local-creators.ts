// Who may create rooms by joining them: with createRooms "local", users of the server's own domains.
import * as errors from "../errors.js";
import type { MucSettings } from "../context.js";
import type { RoomHooks } from "../events.js";

export function localCreators(hooks: RoomHooks, settings: MucSettings): void {
  hooks.on(
    "room-create",
    ({ s }) => {
      if (settings.createRooms === "local" && !settings.localDomains.includes(s.from.domain)) {
        throw errors.notLocalCreator(settings.localDomains);
      }
    },
    100,
  );
}
