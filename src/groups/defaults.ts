// The configuration a new room on groups.* starts with: what mainstream MUC services do
// (temporary, public, open, semi-anonymous) so clients' "create room" flows behave as users expect.
import type { Config } from "../config/load.js";
import type { RoomConfig } from "../muc/types.js";

export function defaultRoomConfig(groups: Config["groups"]): RoomConfig {
  return {
    name: "",
    description: "",
    persistent: false,
    public: true,
    membersOnly: false,
    moderated: false,
    whois: "moderators",
    changeSubject: false,
    allowInvites: false,
    allowPrivateMessages: "anyone",
    maxOccupants: groups.maxOccupants,
    maxMembers: groups.maxMembers,
    historyLength: groups.historyDefault,
    groupRequests: "members",
  };
}
