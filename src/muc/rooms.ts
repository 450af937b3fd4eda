// The live rooms of one service, backed by the store. Persistent rooms are loaded on first use;
// temporary rooms exist only in memory. Every change a user is told about is written first.
import type { ArchiveStore } from "../store/archive.js";
import type { AvatarStore } from "../store/avatars.js";
import type { RegistrationStore } from "../store/registrations.js";
import type { RoomStore } from "../store/rooms.js";
import { Room } from "./room.js";
import type { AffiliationRecord, RoomConfig, RoomKind, RoomRecord } from "./types.js";

export interface RoomsDeps {
  store: RoomStore;
  archive: ArchiveStore;
  avatars: AvatarStore;
  registrations: RegistrationStore;
  now: () => number;
  /** Called once for each room as it comes into memory (a kind seats occupants it keeps). */
  onLoad?: (room: Room) => void;
  /** Called when a room ends (destroyed, or temporary and empty), after its data is gone. */
  onDestroy?: (room: Room) => Promise<void>;
  /** Whether an empty stored room must stay in memory (its kind keeps what it knows of presence). */
  keepLoaded?: (room: Room) => boolean;
}

/** Is this room kept on disk? Persistent rooms, and rooms that end after an idle time. */
export function isStored(record: RoomRecord): boolean {
  return !record.locked && (record.config.persistent || record.endsWhenIdle === true);
}

export class Rooms {
  private readonly live = new Map<string, Room>();

  constructor(private readonly deps: RoomsDeps) {}

  async find(jid: string): Promise<Room | undefined> {
    const live = this.live.get(jid);
    if (live) return live;
    const stored = await this.deps.store.get(jid);
    if (!stored) return undefined;
    await this.deps.store.load(jid);
    // Another handler may have loaded it while this one read the store: one Room per JID.
    const loaded = this.live.get(jid);
    if (loaded) return loaded;
    const room = new Room(stored.record, stored.affiliations);
    this.live.set(jid, room);
    this.deps.onLoad?.(room);
    return room;
  }

  /** A room's record and member count without bringing it into memory (listings, disco). */
  async peek(jid: string): Promise<{ record: RoomRecord; members: number } | undefined> {
    const live = this.live.get(jid);
    if (live) return { record: live.record, members: live.memberCount() };
    const stored = await this.deps.store.get(jid);
    if (!stored) return undefined;
    let members = 0;
    for (const a of stored.affiliations.values()) if (a.affiliation !== "outcast") members++;
    return { record: stored.record, members };
  }

  /** A new, locked room owned by `owner` (XEP-0045 §10.1); not stored until configured persistent.
   * Marked purgeable first, so its archive cannot outlive it through a crash or restart. */
  async create(
    jid: string,
    owner: string,
    kind: RoomKind,
    config: RoomConfig,
    extra: Partial<RoomRecord> = {},
  ): Promise<Room> {
    await this.deps.store.markPurgeable(jid);
    const room = new Room(
      { v: 1, jid, kind, config, subject: null, createdAt: this.deps.now(), locked: true, ...extra },
      new Map([[owner, { v: 1, affiliation: "owner", kind: "user" }]]),
    );
    this.live.set(jid, room);
    if (isStored(room.record)) await this.deps.store.putAll(room.record, room.affiliations);
    this.deps.onLoad?.(room);
    return room;
  }

  /** Stores `record` (and, when the room just became stored, its member list too), then
   * makes it the room's record: memory changes only once the disk has it. */
  async saveRecord(room: Room, record: RoomRecord = room.record): Promise<void> {
    const wasStored = isStored(room.record);
    if (isStored(record)) {
      if (wasStored) await this.deps.store.putRecord(record);
      else await this.deps.store.putAll(record, room.affiliations);
    } else if (wasStored) {
      // No longer persistent: off the disk, and its archive goes when the room ends.
      await this.deps.store.markPurgeable(room.jid, true);
      await this.deps.store.clearMembers(room.jid);
    }
    room.record = record;
  }

  /** Applies member-list changes: durable first (persistent rooms), then in memory. */
  async setAffiliations(room: Room, changes: Map<string, AffiliationRecord | undefined>): Promise<void> {
    if (isStored(room.record)) await this.deps.store.setAffiliations(room.jid, changes);
    for (const [jid, value] of changes) {
      if (value) room.affiliations.set(jid, value);
      else room.affiliations.delete(jid);
    }
  }

  /** Removes a room and everything stored about it. */
  async destroy(room: Room): Promise<void> {
    this.live.delete(room.jid);
    await this.deps.store.markPurgeable(room.jid, true);
    await this.purgeData(room.jid);
    await this.deps.onDestroy?.(room);
  }

  /** At start-up: removes what temporary rooms and interrupted destroys left on disk. */
  async sweep(): Promise<number> {
    let purged = 0;
    for (const jid of await this.deps.store.purgeable()) {
      if (await this.deps.store.has(jid)) continue;
      await this.purgeData(jid);
      purged++;
    }
    return purged;
  }

  private async purgeData(jid: string): Promise<void> {
    await this.deps.archive.deleteRoom(jid);
    await this.deps.avatars.deleteRoom(jid);
    await this.deps.registrations.deleteRoom(jid);
    await this.deps.store.finishPurge(jid);
  }

  /** Called when the last occupant left: temporary rooms end, persistent ones leave memory
   * (unless the service still needs them there). */
  async released(room: Room): Promise<void> {
    if (!room.empty) return;
    if (!isStored(room.record)) await this.destroy(room);
    else if (!this.deps.keepLoaded?.(room)) this.live.delete(room.jid);
  }

  /** Rooms listed in disco#items: public, unlocked, live or stored. */
  async publicRooms(domain: string): Promise<{ jid: string; name: string }[]> {
    const seen = new Map<string, string>();
    for (const room of this.live.values()) {
      if (room.jid.endsWith(`@${domain}`) && room.config.public && !room.record.locked)
        seen.set(room.jid, room.config.name);
    }
    for await (const entry of this.deps.store.directoryOf(domain)) {
      if (!seen.has(entry.jid) && !this.live.has(entry.jid)) seen.set(entry.jid, entry.name);
    }
    return [...seen].map(([jid, name]) => ({ jid, name }));
  }

  /** A room if it is in memory (occupied, or recently used), without loading it. */
  liveRoom(jid: string): Room | undefined {
    return this.live.get(jid);
  }

  liveRooms(): Iterable<Room> {
    return this.live.values();
  }
}
