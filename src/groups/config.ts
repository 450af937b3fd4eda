// The configuration setting groups.* adds to the room form (PROTOCOL §2): who may ask for the room
// to join another room as a group.
import { NS } from "../xmpp/ns.js";
import type { ConfigExtension } from "../muc/config-form.js";
import * as errors from "./errors.js";

const GROUP_REQUESTS = `${NS.manifold}#group_requests`;

export const groupRequestsSetting: ConfigExtension = {
  setting: "groupRequests",
  field: (config) => ({
    var: GROUP_REQUESTS,
    type: "list-single",
    label: "Who may ask for this room to join another room as a group",
    values: [config.groupRequests ?? "members"],
    options: [
      { value: "members", label: "Any member" },
      { value: "admins", label: "Owners and admins" },
    ],
  }),
  apply(form, next) {
    const value = form.text(GROUP_REQUESTS);
    if (value === undefined) return;
    if (value !== "members" && value !== "admins") throw errors.groupRequestsValue(GROUP_REQUESTS);
    next.groupRequests = value;
  },
};
