// Members of a topic as occupants of the owner's room (PROTOCOL §1): occupants without sessions,
// whose presence mirrors the member's real presence as far as Manifold knows it.
import { NS } from "../xmpp/ns.js";
import { parseXml, xml, type Element } from "../xmpp/xml.js";
import { Occupant } from "../muc/occupant.js";
import type { Room } from "../muc/room.js";

export class MemberOccupant extends Occupant {
  /** The member's available sessions (full JID → presence), from their subscription. */
  readonly online = new Map<string, Element>();
  /** True once the member's server said they are offline; false while unknown. */
  knownOffline = false;

  override get presence(): Element | undefined {
    let last: Element | undefined;
    for (const p of this.online.values()) last = p;
    if (last) return last;
    if (this.knownOffline) return xml("presence", {}, xml("show", {}, "xa"), xml("status", {}, "offline"));
    return undefined;
  }

  get isOnline(): boolean {
    return this.online.size > 0;
  }
}

export function isMember(occupant: Occupant | undefined): occupant is MemberOccupant {
  return occupant instanceof MemberOccupant;
}

/** The room's member occupants. */
export function* members(room: Room): Generator<MemberOccupant> {
  for (const occupant of room.occupants.values()) if (occupant instanceof MemberOccupant) yield occupant;
}

/** Member occupants by bare JID, per room: replies and presence look members up by address. */
const byJid = new WeakMap<Room, Map<string, MemberOccupant>>();

function indexOf(room: Room): Map<string, MemberOccupant> {
  let index = byJid.get(room);
  if (!index) byJid.set(room, (index = new Map()));
  return index;
}

export function memberByJid(room: Room, bareJid: string): MemberOccupant | undefined {
  return byJid.get(room)?.get(bareJid);
}

/** A nick for a new member: the one asked for, else the JID's local part, made unique. */
export function uniqueNick(
  room: Room,
  bareJid: string,
  wanted?: string,
  alsoTaken: ReadonlySet<string> = new Set(),
): string {
  const base = (wanted?.trim() || bareJid.split("@")[0] || bareJid).slice(0, 200);
  const taken = (nick: string) => {
    if (room.occupants.has(nick) || alsoTaken.has(nick)) return true;
    const owner = room.nickOwner(nick);
    return owner !== undefined && owner !== bareJid;
  };
  if (!taken(base)) return base;
  for (let n = 2; ; n++) if (!taken(`${base} (${n})`)) return `${base} (${n})`;
}

/** Seats an occupant for `bareJid` (a member) unless there is one; returns it. */
export function seat(room: Room, bareJid: string, occupantId: string): MemberOccupant {
  const existing = memberByJid(room, bareJid);
  if (existing) return existing;
  const nick = room.affiliations.get(bareJid)?.nick ?? uniqueNick(room, bareJid);
  const occupant = new MemberOccupant(nick, bareJid, "participant", occupantId);
  room.occupants.set(nick, occupant);
  indexOf(room).set(bareJid, occupant);
  return occupant;
}

export function unseat(room: Room, occupant: MemberOccupant): void {
  room.occupants.delete(occupant.nick);
  byJid.get(room)?.delete(occupant.bareJid);
}

/** Seats every member of a topic loaded from the store. */
export function seatAll(room: Room, occupantId: (room: string, jid: string) => string): void {
  for (const [jid, a] of room.affiliations) {
    if (a.affiliation === "member") seat(room, jid, occupantId(room.jid, jid));
  }
}

/** The owner's nick: the one they are in the room with, else their JID's local part. */
export function ownerNick(room: Room): string {
  const owner = room.record.owner!;
  for (const o of room.occupants.values()) if (o.bareJid === owner) return o.nick;
  return owner.split("@")[0]!;
}

/** The members a message of the owner went to, from its reflection's XEP-0033 addresses (kept in
 *  the archive): those it names, or all when it names none. */
export function originalRecipients(room: Room, reflection: string): MemberOccupant[] {
  const addresses = parseXml(reflection).getChild("addresses", NS.address);
  const all = [...members(room)];
  if (!addresses) return all;
  const named = new Set(addresses.getChildren("address").map((a) => a.attrs.jid));
  return all.filter((m) => named.has(m.bareJid));
}
