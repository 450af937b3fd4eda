// The owner's recent messages in each topic, remembered under every id a member's receipt or marker
// may name them by (read-reports.ts explains which ids those are), so that a report reaches the owner
// renamed without an archive read.

export interface SentIds {
  /** The id the owner's client gave the message, if any. */
  own: string | undefined;
  stanzaId: string;
}

/** Messages remembered per topic; markers are for what members just read. */
const RECENT_PER_TOPIC = 100;

export class RecentSends {
  private readonly byTopic = new Map<string, Map<string, SentIds>>();

  remember(topic: string, ids: SentIds, originId: string | undefined): void {
    const aliases = this.byTopic.get(topic) ?? new Map<string, SentIds>();
    this.byTopic.set(topic, aliases);
    for (const alias of [ids.stanzaId, ids.own, originId]) if (alias) aliases.set(alias, ids);
    // Each message has at most three aliases: drop the oldest entries beyond the bound.
    for (const oldest of aliases.keys()) {
      if (aliases.size <= RECENT_PER_TOPIC * 3) break;
      aliases.delete(oldest);
    }
  }

  find(topic: string, id: string): SentIds | undefined {
    return this.byTopic.get(topic)?.get(id);
  }

  forget(topic: string): void {
    this.byTopic.delete(topic);
  }
}
