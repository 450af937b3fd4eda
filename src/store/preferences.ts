// Users' preferences (sublevel `prefs`, one record per bare JID; PROTOCOL §3 privacy switch and
// which room messages reach them while they are away from a room, PROTOCOL §2). Only
// users who changed something have a record, so all of them are read into memory at start and the
// hot path (every relayed chat state) never waits for the disk.
import { DURABLE, type Database, type Sub } from "./db.js";

/** Which room messages reach a member who is not in the room: whatever the room sends (its own
 *  setting decides), only those that mention them, or none. */
export type AbsentMessages = "room" | "mentions" | "none";

export interface Preferences {
  v: 1;
  sendChatStates: boolean;
  receiveChatStates: boolean;
  /** Absent in records written before the setting existed: "room". */
  absentMessages?: AbsentMessages;
}

export const DEFAULT_PREFERENCES: Preferences = { v: 1, sendChatStates: true, receiveChatStates: true };

export const absentMessagesOf = (p: Preferences): AbsentMessages => p.absentMessages ?? "room";

export class PreferenceStore {
  private readonly prefs: Sub<Preferences>;
  private readonly cache = new Map<string, Preferences>();

  constructor(db: Database) {
    this.prefs = db.sub("prefs");
  }

  async load(): Promise<void> {
    for await (const [jid, value] of this.prefs.iterator()) this.cache.set(jid, value);
  }

  get(jid: string): Preferences {
    return this.cache.get(jid) ?? DEFAULT_PREFERENCES;
  }

  /** Written to disk (fsync) before it takes effect, so a confirmed change survives a crash. */
  async set(jid: string, prefs: Preferences): Promise<void> {
    const defaults = prefs.sendChatStates && prefs.receiveChatStates && absentMessagesOf(prefs) === "room";
    if (defaults) await this.prefs.del(jid, DURABLE);
    else await this.prefs.put(jid, prefs, DURABLE);
    this.cache.set(jid, prefs);
  }
}
