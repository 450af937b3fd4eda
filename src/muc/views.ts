// Who sees whom as what (PROTOCOL §2 nested groups): a user who entered through group A is a
// person to themselves and to A's other members in the room ("fellows"), and is A's one occupant
// (its "face") to everyone else. Every broadcast asks these questions instead of assuming one view.
import { Occupant, type Via } from "./occupant.js";
import type { Room } from "./room.js";

/** Does a viewer who entered through `viewerGroup` (undefined: directly, or not in the room)
 * see `subject` as a person? */
export function seesPerson(viewerGroup: string | undefined, subject: Occupant): boolean {
  return !subject.via || subject.via.group === viewerGroup;
}

/** The occupant a viewer sees in place of `subject`: the subject itself, or its group's face. */
export function shownAs(room: Room, viewerGroup: string | undefined, subject: Occupant): Occupant {
  if (seesPerson(viewerGroup, subject)) return subject;
  return room.faces.get(subject.via!.group) ?? faceOf(subject.via!, subject);
}

/** The nick a fellow has in the room: the group's name, a slash, then the nick they asked for. */
export function fellowNick(label: string, asked: string): string {
  return asked.startsWith(`${label}/`) ? asked : `${label}/${asked}`;
}

/** Other occupants who entered through the same group as `subject`. */
export function fellowsOf(room: Room, subject: Occupant): Occupant[] {
  const group = subject.via?.group;
  if (!group) return [];
  return [...room.occupants.values()].filter((o) => o !== subject && o.via?.group === group);
}

/** A group's face: one occupant named after the group, whose real JID is the group's room JID. */
export function faceOf(via: Via, sample: Occupant): Occupant {
  return new Occupant(
    via.label,
    via.group,
    sample.role === "visitor" ? "visitor" : "participant",
    via.faceId,
  );
}
