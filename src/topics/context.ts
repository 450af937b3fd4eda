// What topic handlers receive: the room service's context plus the topic service's own state.
import type { Config } from "../config/load.js";
import type { MucContext } from "../muc/context.js";
import type { Element } from "../xmpp/xml.js";
import { countRefusal, type RefusalCounter } from "../limits/limit-error.js";
import { TopicRate } from "../limits/topic-rate.js";
import { RateLimiter } from "./rate-limit.js";
import { RecentSends } from "./recent-sends.js";
import type { TopicStore } from "./store.js";

export type ListsSettings = Config["lists"];
export type LimitsSettings = Config["limits"];

export class TopicState {
  /** Owners' available sessions (full JID → presence), from their subscription to the service JID. */
  readonly owners = new Map<string, Map<string, Element>>();
  /** Owners whose presence the service receives: for them it alone decides the topics' presence. */
  readonly followed = new Set<string>();
  /** Per owner, per topic: members told the topic is available, to be told when it is not. */
  readonly audience = new Map<string, Map<string, Set<string>>>();
  /** Owners probed since start, so their presence is known again after a restart. */
  readonly probedOwners = new Set<string>();
  /** Owners' lasting messages per minute over all their topics (lists.messagesPerMinute). */
  readonly sends: Pick<RateLimiter, "take">;
  /** Lasting messages into each topic per minute, owner and members together (limits/topic-rate.ts). */
  readonly rate: TopicRate;
  /** Last recorded use of topics that end when idle, to write it at most once a minute. */
  readonly touched = new Map<string, number>();
  /** The owner's recent messages under every id members' receipts and markers may name. */
  readonly recent = new RecentSends();

  constructor(
    /** Owners' topics and idle clocks, beside the stored rooms. */
    readonly store: TopicStore,
    readonly lists: ListsSettings,
    limits: LimitsSettings,
    metrics: RefusalCounter,
  ) {
    const perOwner = new RateLimiter(lists.messagesPerMinute, 60_000);
    // The refusal itself is thrown by the send path (send.ts); it is counted where it is decided.
    this.sends = {
      take(owner, now) {
        const allowed = perOwner.take(owner, now);
        if (!allowed) countRefusal(metrics, "owner-rate");
        return allowed;
      },
    };
    this.rate = new TopicRate(limits.topicMessagesPerMinute);
  }
}

export interface TopicsContext extends MucContext {
  topics: TopicState;
}
