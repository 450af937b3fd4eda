// The per-topic rate limit (issue 7 §5): lasting messages into one topic, from its owner and the
// replies of its members together, per minute. It bounds what one topic can put in its archive
// and in its owner's inbox, whoever writes; chat states, receipts and markers are not counted.
import type { Clock } from "../core/clock.js";
import * as errors from "./errors.js";
import { TokenBuckets } from "./token-buckets.js";

export class TopicRate {
  private readonly buckets: TokenBuckets;

  constructor(readonly messagesPerMinute: number) {
    this.buckets = new TokenBuckets({ capacity: messagesPerMinute, perSecond: messagesPerMinute / 60 });
  }

  /** Spends one message of `topic`'s minute; throws the refusal when it has none left. */
  take(topic: string, now: number): void {
    if (this.buckets.take(topic, now)) return;
    throw errors.topicTooBusy(this.messagesPerMinute);
  }
}

/** What checkTopicRate needs of a topic handler's context (TopicsContext has it). */
export interface TopicRateContext {
  readonly clock: Clock;
  readonly topics: { readonly rate: TopicRate };
}

/**
 * The check for the topic send paths: call it with the topic before a lasting message is stored
 * or sent (the owner's in topics/send.ts, members' replies in topics/replies.ts).
 */
export function checkTopicRate(ctx: TopicRateContext, topic: { readonly jid: string }): void {
  ctx.topics.rate.take(topic.jid, ctx.clock.now());
}
