// Which room messages reach members who are not in the room (PROTOCOL §2 absent members): the
// room's setting (a field of its configuration form) and each member's own choice (the
// `preferences` command), combined. A mention of the member reaches them whenever their own
// choice lets anything through, whatever the room sends.
import { NS } from "../xmpp/ns.js";
import type { ConfigExtension } from "../muc/config-form.js";
import type { RoomConfig } from "../muc/types.js";
import type { AbsentMessages } from "../store/preferences.js";
import * as errors from "./errors.js";

export const ABSENT_FIELD = `${NS.manifold}#absent_delivery`;

export type RoomAbsentDelivery = NonNullable<RoomConfig["absentDelivery"]>;

/** A members-only room is a standing body whose members expect every message; an open room's
 *  passers-by (members by registration) expect only what is meant for them. */
export function roomAbsentDelivery(
  config: Pick<RoomConfig, "absentDelivery" | "membersOnly">,
): RoomAbsentDelivery {
  return config.absentDelivery ?? (config.membersOnly ? "all" : "mentions");
}

/** Does a message reach a member who is not in the room? `mentioned` may be a test, run only when
 *  the answer depends on it (in a busy room, scanning the text per member is most of the work). */
export function reaches(
  room: RoomAbsentDelivery,
  member: AbsentMessages,
  mentioned: boolean | (() => boolean),
): boolean {
  if (member === "none") return false;
  if (member === "room" && room === "all") return true;
  return typeof mentioned === "function" ? mentioned() : mentioned;
}

export const absentDeliverySetting: ConfigExtension = {
  setting: "absentDelivery",
  field: (config) => ({
    var: ABSENT_FIELD,
    type: "list-single",
    label: "Messages sent to members who are not in the room",
    values: [roomAbsentDelivery(config)],
    options: [
      { value: "all", label: "Every message" },
      { value: "mentions", label: "Only messages that mention them" },
    ],
  }),
  apply(form, next, current) {
    const value = form.text(ABSENT_FIELD)?.trim();
    if (value === undefined || value === "") return;
    if (value !== "all" && value !== "mentions") throw errors.absentDeliveryValue(ABSENT_FIELD, value);
    // Clients send every field back as shown: the value shown (the default, when nothing was
    // chosen) is no choice, and the default keeps following the room's members-only setting.
    if (value === roomAbsentDelivery(current)) return;
    next.absentDelivery = value;
  },
};
