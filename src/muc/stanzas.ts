// Pure builders for the room service's presence and messages (XEP-0045 §7, §9, §10 examples).
import { NS } from "../xmpp/ns.js";
import { xml, type Element } from "../xmpp/xml.js";
import type { Occupant } from "./occupant.js";
import type { Room } from "./room.js";

/** Status codes of XEP-0045 §15.6 that Manifold sends. */
export const Status = {
  nonAnonymous: 100,
  self: 110,
  logging: 170,
  created: 201,
  /** The room changed the nick asked for (the kind's views may put a prefix on it). */
  nickAssigned: 210,
  banned: 301,
  nickChanged: 303,
  kicked: 307,
  affiliationRemoved: 321,
  membersOnly: 322,
  shutdown: 332,
  technicalProblem: 333,
} as const;

export interface PresenceOptions {
  unavailable?: boolean;
  statuses?: number[];
  /** Status 303: the nick the occupant changes to. */
  newNick?: string;
  actor?: string;
  reason?: string;
  destroy?: { jid?: string; reason?: string };
  /** The change hit everyone a stand-in stands for, so the stand-in shows the statuses too. */
  together?: boolean;
}

/** Children of a user's presence that the room passes on (show, status, caps, avatar hash...). */
function passedOn(presence: Element | undefined): Element[] {
  if (!presence) return [];
  return presence
    .getChildElements()
    .filter(
      (c) =>
        !(
          c.is("x", NS.muc) ||
          c.is("x", NS.mucUser) ||
          c.is("occupant-id", NS.occupantId) ||
          c.name === "error"
        ),
    );
}

export function occupantPresence(
  room: Room,
  occupant: Occupant,
  withJid: boolean,
  options: PresenceOptions = {},
): Element {
  // Someone admitted through a member holds that member's affiliation in the room.
  const affiliation = room.affiliationOf(occupant.through?.member ?? occupant.bareJid);
  const realJid = [...occupant.sessions.keys()].at(-1) ?? occupant.bareJid;
  const item = xml(
    "item",
    {
      affiliation,
      role: options.unavailable ? "none" : occupant.role,
      jid: withJid ? realJid : undefined,
      nick: options.newNick,
    },
    options.actor ? xml("actor", { nick: options.actor }) : null,
    options.reason ? xml("reason", {}, options.reason) : null,
  );
  const x = xml(
    "x",
    { xmlns: NS.mucUser },
    item,
    ...(options.statuses ?? []).map((code) => xml("status", { code: String(code) })),
    options.destroy
      ? xml(
          "destroy",
          { jid: options.destroy.jid },
          options.destroy.reason ? xml("reason", {}, options.destroy.reason) : null,
        )
      : null,
  );
  return xml(
    "presence",
    { from: `${room.jid}/${occupant.nick}`, type: options.unavailable ? "unavailable" : undefined },
    ...(options.unavailable ? [] : passedOn(occupant.presence)),
    x,
    xml("occupant-id", { xmlns: NS.occupantId, id: occupant.occupantId }),
  );
}

/** The subject message every join ends with (XEP-0045 §7.2.15), empty when none was set. */
export function subjectMessage(room: Room): Element {
  const subject = room.record.subject;
  return xml(
    "message",
    {
      type: "groupchat",
      from: subject?.nick ? `${room.jid}/${subject.nick}` : room.jid,
      id: `subject-${room.record.createdAt}`,
    },
    xml("subject", {}, subject?.text ?? ""),
  );
}

/** A message from the room itself (no nick), e.g. a notice to occupants. */
export function roomNotice(room: Room, body: string, statuses: number[] = []): Element {
  return xml(
    "message",
    { type: "groupchat", from: room.jid },
    xml("body", {}, body),
    statuses.length
      ? xml("x", { xmlns: NS.mucUser }, ...statuses.map((c) => xml("status", { code: String(c) })))
      : null,
  );
}

/** A mediated invitation from the room (XEP-0045 §7.8.2): who invites, why, and a body for
 * clients that show only text. The same message carries the room as a XEP-0249 direct invitation,
 * because some clients (Converse.js) understand only those; clients that know both read one. */
export function invitation(room: Room, id: string, from: string, body: string, reason?: string): Element {
  return xml(
    "message",
    { from: room.jid, id },
    xml("x", { xmlns: NS.mucUser }, xml("invite", { from }, reason ? xml("reason", {}, reason) : null)),
    xml("x", { xmlns: NS.directInvite, jid: room.jid, ...(reason ? { reason } : {}) }),
    xml("body", {}, body),
  );
}
