// The limits every incoming stanza passes before any handler work (issue 7 §5): the per-sender
// rate, then the size. Nothing Manifold itself sends (its own domains) or the server sends (a local
// domain's own JID) is limited, and neither is leaving a room: dropping that would leave a ghost
// occupant behind. IQ answers never reach here (the router takes them first).
import type { Clock } from "../core/clock.js";
import type { Jid } from "../xmpp/jid.js";
import type { Element } from "../xmpp/xml.js";
import type { LimitError, LimitName } from "./limit-error.js";
import * as errors from "./errors.js";
import { SenderRate, type SenderRateSettings } from "./sender-rate.js";
import { largerThan } from "./stanza-size.js";

export interface IntakeSettings extends SenderRateSettings {
  readonly maxStanzaBytes: number;
}

export interface IntakeOptions {
  readonly settings: IntakeSettings;
  readonly clock: Clock;
  /** Manifold's component domains: whatever comes from them (any local part) is Manifold's own. */
  readonly ownDomains: readonly string[];
  /** The server's own domains: their bare domain JID is the server itself. */
  readonly serverDomains: readonly string[];
}

/** A refused stanza: the limit, and the error to answer, or none when it is dropped silently. */
export interface IntakeRefusal {
  readonly limit: Extract<LimitName, "sender-rate" | "stanza-size">;
  readonly error: LimitError | undefined;
}

export class Intake {
  private readonly senders: SenderRate;
  private readonly rateError: LimitError;
  private readonly sizeError: LimitError;

  constructor(private readonly options: IntakeOptions) {
    const { stanzasPerSecondPerSender: rate, senderBurst: burst, maxStanzaBytes } = options.settings;
    this.senders = new SenderRate(options.settings);
    this.rateError = errors.senderTooFast(rate, burst);
    this.sizeError = errors.stanzaTooLarge(maxStanzaBytes);
  }

  /** The limit `stanza` (from `from`, to `to`) breaks, if any. */
  check(stanza: Element, from: Jid, to: Jid): IntakeRefusal | undefined {
    if (this.isExempt(from)) return undefined;
    const now = this.options.clock.now();
    if (isLeavingRoom(stanza, to)) this.senders.charge(from.bare, now);
    else {
      const verdict = this.senders.check(from.bare, now);
      if (verdict !== "pass")
        return { limit: "sender-rate", error: verdict === "answer" ? this.rateError : undefined };
    }
    if (largerThan(stanza, this.options.settings.maxStanzaBytes))
      return { limit: "stanza-size", error: this.sizeError };
    return undefined;
  }

  private isExempt(from: Jid): boolean {
    if (this.options.ownDomains.includes(from.domain)) return true;
    return !from.local && this.options.serverDomains.includes(from.domain);
  }
}

/** Unavailable presence to an occupant JID (room/nick): leaving a room. */
function isLeavingRoom(stanza: Element, to: Jid): boolean {
  return stanza.name === "presence" && stanza.attrs.type === "unavailable" && !!to.local && !!to.resource;
}
