// The per-sender rate limit (issue 7 §5): every stanza from one bare JID spends a token of its
// bucket. Over the limit, the first refusal in a second is answered and the others are dropped
// without a word, so a flood is never reflected back at the server stanza for stanza.
import { TokenBuckets } from "./token-buckets.js";

export interface SenderRateSettings {
  readonly stanzasPerSecondPerSender: number;
  readonly senderBurst: number;
}

/** pass: handle it; answer: refuse with an error; drop: refuse silently (an error went out lately). */
export type SenderVerdict = "pass" | "answer" | "drop";

/** At most one error per sender in this window. */
export const ANSWER_WINDOW_MS = 1000;
/** Past this many remembered answers, those older than the window are forgotten. */
const FORGET_ABOVE = 1000;

export class SenderRate {
  private readonly buckets: TokenBuckets;
  /** When each sender was last answered with an error. */
  private readonly answered = new Map<string, number>();

  constructor(settings: SenderRateSettings) {
    this.buckets = new TokenBuckets({
      capacity: settings.senderBurst,
      perSecond: settings.stanzasPerSecondPerSender,
    });
  }

  check(sender: string, now: number): SenderVerdict {
    if (this.buckets.take(sender, now)) return "pass";
    const last = this.answered.get(sender);
    if (last !== undefined && now - last < ANSWER_WINDOW_MS) return "drop";
    if (this.answered.size > FORGET_ABOVE) this.forget(now);
    this.answered.set(sender, now);
    return "answer";
  }

  /** Spends a token if there is one, never refusing (stanzas that must pass still count). */
  charge(sender: string, now: number): void {
    this.buckets.take(sender, now);
  }

  private forget(now: number): void {
    for (const [sender, at] of this.answered) if (now - at >= ANSWER_WINDOW_MS) this.answered.delete(sender);
  }
}
