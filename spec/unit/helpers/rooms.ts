// Rooms for MUC specs: a default group-room config and a Room built from a plain member table.
import { defaultRoomConfig } from "../../../src/groups/defaults.js";
import { Occupant } from "../../../src/muc/occupant.js";
import { Room } from "../../../src/muc/room.js";
import type { Affiliation, AffiliationRecord, Role, RoomConfig, RoomRecord } from "../../../src/muc/types.js";

export const groupsSettings = {
  createRooms: "local" as const,
  historyDefault: 20,
  historyMax: 200,
  maxMembers: 5000,
  maxOccupants: 5000,
  archiveMaxPage: 100,
  maxNestingLevels: 5,
  maxPendingRequests: 100,
  // Temporary, as the room specs built on these records were written for (the service default is persistent).
  defaultPersistent: false,
};

export function roomConfig(overrides: Partial<RoomConfig> = {}): RoomConfig {
  return { ...defaultRoomConfig(groupsSettings), ...overrides };
}

export function roomRecord(jid: string, overrides: Partial<RoomConfig> = {}): RoomRecord {
  return {
    v: 1,
    jid,
    kind: "group",
    config: roomConfig(overrides),
    subject: null,
    createdAt: 0,
    locked: false,
  };
}

export function member(affiliation: Exclude<Affiliation, "none">, nick?: string): AffiliationRecord {
  return { v: 1, affiliation, kind: "user", ...(nick ? { nick } : {}) };
}

/** A room whose member list is `members` (bare JID → affiliation). */
export function makeRoom(
  members: Record<string, Exclude<Affiliation, "none">> = {},
  config: Partial<RoomConfig> = {},
): Room {
  const list = new Map(Object.entries(members).map(([jid, a]) => [jid, member(a)] as const));
  return new Room(roomRecord("room@groups.example.org", config), list);
}

export function occupant(bareJid: string, role: Role): Occupant {
  return new Occupant(bareJid.split("@")[0]!, bareJid, role, `oid-${bareJid}`);
}
