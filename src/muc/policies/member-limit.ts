// PROTOCOL §2 membership threshold: a member-list change that would leave the room past its limit
// is refused before the kind's own checks (costlier: they may read other rooms) do any work.
import type { KindTraits } from "../kind.js";
import type { RoomHooks } from "../events.js";
import { checkMemberCount } from "../membership.js";

export function memberLimit(hooks: RoomHooks, kind: KindTraits): void {
  hooks.on("pre-affiliations", ({ room, changes }) => checkMemberCount(kind, room, changes), 100);
}
