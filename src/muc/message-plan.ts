// Who in a room gets which copy of an occupant's message, as data (DESIGN habit 7): those who see
// the sender as themselves get `inside`; everyone else, when the room kind's views show someone in
// the sender's place, gets `outside`; each recipient's chat-state switch splits a copy further.
// Pure: the room is read, the elements are never changed.
import { splitByPreference, type StateSplit } from "../chatstates/split.js";
import type { Element } from "../xmpp/xml.js";
import type { Occupant } from "./occupant.js";
import type { Room } from "./room.js";
import type { Views } from "./views.js";

export interface RoomMessage {
  room: Room;
  sender: Occupant;
  /** The copy for those who see the sender as themselves (everyone, without `outside`). */
  inside: Element;
  /** The copy from whoever is shown in the sender's place, for everyone else; null: nothing for
   *  them (a state alone that the one shown in the sender's place may not carry). */
  outside?: Element | null;
}

export function planRoomMessage(
  views: Views,
  { room, sender, inside, outside }: RoomMessage,
  receives: (address: string) => boolean,
): StateSplit {
  const ins: string[] = [];
  const outs: string[] = [];
  const split = outside !== undefined && !!sender.through;
  for (const occupant of room.occupants.values()) {
    const target = !split || views.shownAs(room, occupant, sender) === sender ? ins : outs;
    for (const jid of occupant.sessions.keys()) target.push(jid);
  }
  const first = splitByPreference(inside, ins, receives);
  if (!split || !outside) return first;
  const second = splitByPreference(outside, outs, receives);
  return {
    renderings: [...first.renderings, ...second.renderings],
    delivered: first.delivered + second.delivered,
    dropped: first.dropped + second.dropped,
  };
}
