// The configuration a topic starts with. Hidden, members-only and non-anonymous always (PROTOCOL §1:
// so clients invite by mediated invitation, and the owner sees members' real JIDs).
import type { Config } from "../config/load.js";
import type { RoomConfig } from "../muc/types.js";

export function defaultTopicConfig(lists: Config["lists"]): RoomConfig {
  return enforceTopicConfig({
    name: "",
    description: "",
    persistent: lists.defaultPersistent,
    public: false,
    membersOnly: true,
    moderated: false,
    whois: "anyone",
    changeSubject: false,
    allowInvites: false,
    allowPrivateMessages: "anyone",
    maxOccupants: lists.maxMembers + 1,
    maxMembers: lists.maxMembers + 1,
    historyLength: lists.historyDefault,
    groupRequests: "admins",
  });
}

/** What no configuration form may change on a topic. */
export function enforceTopicConfig(config: RoomConfig): RoomConfig {
  return { ...config, public: false, membersOnly: true, whois: "anyone", moderated: false };
}
