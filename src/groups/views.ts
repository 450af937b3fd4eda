// Who sees whom as what in nested groups (PROTOCOL §2): a user who entered through group A is a
// person to themselves and to A's other members in the room ("fellows"), and is A's one occupant
// (its "face") to everyone else. The face appears with A's first fellow and leaves with the last.
import { Occupant, type Through } from "../muc/occupant.js";
import type { Room } from "../muc/room.js";
import { occupantPresence, type PresenceOptions } from "../muc/stanzas.js";
import { sendToViewers, sendViews, type ViewContext, type Views } from "../muc/views.js";
import * as errors from "./errors.js";

/** Each room's faces, by group JID: present while at least one fellow of the group is inside. */
const facesByRoom = new WeakMap<Room, Map<string, Occupant>>();

export function facesOf(room: Room): Map<string, Occupant> {
  let faces = facesByRoom.get(room);
  if (!faces) facesByRoom.set(room, (faces = new Map()));
  return faces;
}

/** Does a viewer who entered through `viewerGroup` (undefined: directly) see `subject` as a person? */
export function seesPerson(viewerGroup: string | undefined, subject: Occupant): boolean {
  return !subject.through || subject.through.member === viewerGroup;
}

/** The nick a fellow has in the room: the group's name, a slash, then the nick they asked for. */
export function fellowNick(label: string, asked: string): string {
  return asked.startsWith(`${label}/`) ? asked : `${label}/${asked}`;
}

/** Occupants who entered through `group`. */
export function fellowsIn(room: Room, group: string): Occupant[] {
  return [...room.occupants.values()].filter((o) => o.through?.member === group);
}

/** A group's face: one occupant named after the group, whose real JID is the group's room JID. */
function faceOf(through: Through, sample: Occupant): Occupant {
  const role = sample.role === "visitor" ? "visitor" : "participant";
  return new Occupant(through.name, through.member, role, through.occupantId);
}

function shownAs(room: Room, viewer: Occupant | undefined, subject: Occupant): Occupant {
  if (seesPerson(viewer?.through?.member, subject)) return subject;
  return facesOf(room).get(subject.through!.member) ?? faceOf(subject.through!, subject);
}

export const nestedViews: Views = {
  shownAs,
  visibleTo(room, viewer) {
    const group = viewer?.through?.member;
    const seen = [...room.occupants.values()].filter((o) => seesPerson(group, o));
    for (const [faceGroup, face] of facesOf(room)) if (faceGroup !== group) seen.push(face);
    return seen;
  },
  named(room, viewer, nick) {
    const group = viewer?.through?.member;
    const occupant = room.occupants.get(nick);
    if (occupant && seesPerson(group, occupant)) return { targets: [occupant] };
    for (const [faceGroup, face] of facesOf(room)) {
      if (faceGroup !== group && face.nick === nick)
        return { targets: fellowsIn(room, faceGroup), standIn: face };
    }
    throw errors.nobodyNamed(nick);
  },
  // A fellow may address their nick with or without the group's prefix.
  nickOf: (occupant, asked) => (occupant.through ? fellowNick(occupant.through.name, asked) : asked),
  presenceToOthers(ctx, room, subject, options) {
    const group = subject.through?.member;
    sendToViewers(
      ctx,
      room,
      subject,
      options,
      (v) => v !== subject && seesPerson(v.through?.member, subject),
    );
    if (group) showFace(ctx, room, subject, options, group);
  },
  standInChanged(ctx, room, face, options) {
    sendToViewers(ctx, room, face, options, (v) => v.through?.member !== face.bareJid);
  },
  archived(record, readerGroup) {
    return record.through && record.outside && record.through !== readerGroup ? record.outside : record.xml;
  },
};

/**
 * The group's face, to those outside it: it appears with the first fellow and leaves with the last.
 * It carries the statuses of a change only when the change hit the whole group (kick, ban, removal).
 */
function showFace(
  ctx: ViewContext,
  room: Room,
  subject: Occupant,
  options: PresenceOptions,
  group: string,
): void {
  const faces = facesOf(room);
  const outside = viewersOutside(room, group);
  if (options.unavailable) {
    if (options.newNick || fellowsIn(room, group).some((o) => o !== subject)) return;
    const face = faces.get(group);
    if (!face) return;
    faces.delete(group);
    const { statuses, actor, reason } = options.together ? options : ({} as PresenceOptions);
    const leaving: PresenceOptions = {
      unavailable: true,
      ...(statuses ? { statuses } : {}),
      ...(actor ? { actor } : {}),
      ...(reason ? { reason } : {}),
      ...(options.destroy ? { destroy: options.destroy } : {}),
    };
    sendViews(ctx, (withJid) => occupantPresence(room, face, withJid, leaving), outside);
    return;
  }
  if (faces.has(group)) return;
  const face = faceOf(subject.through!, subject);
  faces.set(group, face);
  sendViews(ctx, (withJid) => occupantPresence(room, face, withJid), outside);
}

/** Sessions of everyone outside `group`, split by whether they may see real JIDs. */
function viewersOutside(room: Room, group: string): { seeing: string[]; blind: string[] } {
  const to = { seeing: [] as string[], blind: [] as string[] };
  for (const viewer of room.occupants.values()) {
    if (viewer.through?.member === group) continue;
    const target = room.seesRealJids(viewer) ? to.seeing : to.blind;
    for (const jid of viewer.sessions.keys()) target.push(jid);
  }
  return to;
}
