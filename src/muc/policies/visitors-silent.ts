// XEP-0045 §7.4 and §8.3: in a moderated room, visitors have no voice.
import * as errors from "../errors.js";
import type { RoomHooks } from "../events.js";

export function visitorsSilent(hooks: RoomHooks): void {
  hooks.on(
    "pre-message",
    ({ sender }) => {
      if (sender.role === "visitor") throw errors.visitorSpeaking();
    },
    10,
  );
}
