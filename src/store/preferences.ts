// Users' preferences (sublevel `prefs`, one record per bare JID; PROTOCOL §3 privacy switch). Only
// users who changed something have a record, so all of them are read into memory at start and the
// hot path (every relayed chat state) never waits for the disk.
import { DURABLE, type Database, type Sub } from "./db.js";

export interface Preferences {
  v: 1;
  sendChatStates: boolean;
  receiveChatStates: boolean;
}

export const DEFAULT_PREFERENCES: Preferences = { v: 1, sendChatStates: true, receiveChatStates: true };

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
    if (prefs.sendChatStates && prefs.receiveChatStates) await this.prefs.del(jid, DURABLE);
    else await this.prefs.put(jid, prefs, DURABLE);
    this.cache.set(jid, prefs);
  }
}
