// The configuration a new room on groups.* starts with: what mainstream MUC services do (public, open,
// semi-anonymous), but persistent by default (groups.defaultPersistent): groups are standing bodies.
import type { Config } from "../config/load.js";
import type { RoomConfig } from "../muc/types.js";

export function defaultRoomConfig(groups: Config["groups"]): RoomConfig {
  return {
    name: "",
    description: "",
    persistent: groups.defaultPersistent,
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
