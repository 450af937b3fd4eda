// The refusals of the limits every stanza passes (issue 7 §5), one catalogue: each entry builds the
// LimitError clients get, with its limit's name (counted in manifold_limit_refusals_total), its
// condition, type and text. The refusals of the feature limits (members, topics per owner, nesting,
// pending requests) are in their features' catalogues, whose words they speak.
import { LimitError } from "./limit-error.js";

// On arrival, before any handler work (intake.ts): raised by the service, whatever was addressed

export const senderTooFast = (stanzasPerSecond: number, burst: number) =>
  new LimitError(
    "sender-rate",
    "policy-violation",
    `You are sending too fast: this service takes at most ${stanzasPerSecond} stanzas a second from one user (bursts of ${burst}). Stanzas over the limit are not handled; wait a moment before sending more.`,
    { type: "wait" },
  );

export const stanzaTooLarge = (maxStanzaBytes: number) =>
  new LimitError(
    "stanza-size",
    "policy-violation",
    `Stanza larger than ${maxStanzaBytes} bytes, the most this service accepts; it was not handled.`,
  );

// On a topic's send paths (topic-rate.ts): raised by the topic

export const topicTooBusy = (messagesPerMinute: number) =>
  new LimitError(
    "topic-rate",
    "policy-violation",
    `This topic takes at most ${messagesPerMinute} messages a minute, from its owner and its members together. Nothing was sent; try again in a moment.`,
    { type: "wait" },
  );
