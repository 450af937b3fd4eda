// An Outbox that sends nothing: it records each serialised form and its addressees, so a fan-out
// built by the usual code (chat-state policy, nick for newcomers) can be journaled before it goes.
import { Outbox } from "../xmpp/outbox.js";
import type { FanoutPart } from "./journal.js";

export class RecordingOutbox extends Outbox {
  readonly parts: FanoutPart[] = [];

  constructor() {
    super({ write: () => false });
  }

  protected override writeEach(head: string, tail: string, to: Iterable<string>): number {
    const addresses = [...to];
    if (addresses.length) this.parts.push({ head, tail, to: addresses });
    return addresses.length;
  }
}
