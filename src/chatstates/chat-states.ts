// The chat-state policy both services apply to everything they relay (PROTOCOL §3): the sender's
// and each recipient's privacy switch, `gone` kept out of rooms, the fan-out bound, coalescing of
// repeats, and `<no-store/>` on states alone. Manifold passes on states clients sent and never
// makes one (XEP-0085 §5.5), so every decision here removes, never adds.
import type { Clock } from "../core/clock.js";
import { sendPlan } from "../delivery/deliver.js";
import type { Metrics, StateDropReason } from "../metrics/metrics.js";
import type { PreferenceStore } from "../store/preferences.js";
import type { Outbox } from "../xmpp/outbox.js";
import type { Element } from "../xmpp/xml.js";
import { Coalescer } from "./coalescer.js";
import { isStateOnly, notStored, stateOf, withoutState } from "./states.js";
import { splitByPreference, type StateCounts } from "./split.js";

export interface ChatStateSettings {
  maxRecipients: number;
  coalesceMs: number;
}

/** One message on its way: who sends it, into which conversation, to how many. */
export interface Outgoing {
  /** The sender's bare JID (their preference, and one coalescing key per user). */
  sender: string;
  /** The conversation: a room or topic JID, or an occupant JID for private messages. */
  conversation: string;
  stanza: Element;
  /** Recipients the conversation has (members, other occupants, fellows): the fan-out bound. */
  size: number;
  /** A room's groupchat (or a topic member's reply): `gone` has no place there. */
  dropGone?: boolean;
}

export class ChatStates {
  private readonly recent: Coalescer;

  constructor(
    private readonly settings: ChatStateSettings,
    readonly preferences: PreferenceStore,
    clock: Clock,
    private readonly metrics: Metrics,
  ) {
    this.recent = new Coalescer(settings.coalesceMs, clock);
  }

  /**
   * The message as it may leave the sender: unchanged, without its state, or nothing at all
   * (undefined) when it was only a state that must not go. A state alone gains `<no-store/>`.
   */
  fromSender(m: Outgoing): Element | undefined {
    const state = stateOf(m.stanza);
    if (!state) {
      this.recent.forget(m.sender, m.conversation);
      return m.stanza;
    }
    const alone = isStateOnly(m.stanza);
    const reason = this.refusal(m, state, alone);
    if (reason) {
      this.drop(reason);
      if (alone) return undefined;
      this.recent.forget(m.sender, m.conversation);
      return withoutState(m.stanza);
    }
    this.recent.remember(m.sender, m.conversation, alone ? state : undefined);
    return alone ? notStored(m.stanza) : m.stanza;
  }

  private refusal(m: Outgoing, state: string, alone: boolean): StateDropReason | undefined {
    if (!this.preferences.get(m.sender).sendChatStates) return "sender-off";
    if (m.dropGone && state === "gone") return "gone-in-room";
    if (m.size > this.settings.maxRecipients) return "fanout";
    if (alone && this.recent.repeats(m.sender, m.conversation, state)) return "coalesced";
    return undefined;
  }

  /** A state that passed reached nobody (all offline): the next one like it is no repeat. */
  undelivered(sender: string, conversation: string): void {
    this.recent.forget(sender, conversation);
  }

  /** Whether a user wants others' states. */
  receives(jid: string): boolean {
    return this.preferences.get(withoutResource(jid)).receiveChatStates;
  }

  /**
   * Sends a relayed message to each address, honouring each recipient's switch (split.ts): those
   * who do not receive states get it without the state, or nothing when the state was all it said.
   */
  deliver(out: Outbox, message: Element, to: Iterable<string>): void {
    const split = splitByPreference(message, to, (address) => this.receives(address));
    sendPlan(split.renderings, out);
    this.count(split);
  }

  /** Counts what recipients' switches decided for a planned delivery, sent now or journaled. */
  count(states: StateCounts): void {
    if (states.delivered) this.metrics.chatStatesDelivered.inc(states.delivered);
    this.drop("receiver-off", states.dropped);
  }

  /** Counts states not sent for a reason decided elsewhere (offline members, guests). */
  drop(reason: StateDropReason, n = 1): void {
    if (n > 0) this.metrics.chatStatesDropped.inc({ reason }, n);
  }
}

/** Addresses here come from Manifold's own session lists, already normalised: on this hot path a
 * split is enough (parseJid would normalise again). */
function withoutResource(jid: string): string {
  const slash = jid.indexOf("/");
  return slash === -1 ? jid : jid.slice(0, slash);
}
