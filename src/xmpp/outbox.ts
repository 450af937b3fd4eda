// The sending side handlers use. Fan-out serialises a stanza once and splices in each recipient's
// address, so sending one message to N sessions costs N string concatenations, not N serialisations.
import { xml, type Element } from "./xml.js";

const MARK = "\u0001to\u0001";

export interface Transport {
  /** Queues serialised stanzas; false when the bounded queue refused one. */
  write(data: string): boolean;
}

export class Outbox {
  constructor(
    private readonly transport: Transport,
    /** Told of every stanza written (its kind, how many addressees), for the metrics. */
    private readonly onSent: (kind: string, count: number) => void = () => {},
  ) {}

  send(el: Element): boolean {
    this.onSent(el.name, 1);
    return this.transport.write(el.toString());
  }

  /** Sends `el` to each address in `to` (el.attrs.to is ignored). */
  sendEach(el: Element, to: Iterable<string>): void {
    const saved = el.attrs.to;
    el.attrs.to = MARK;
    const text = el.toString();
    el.attrs.to = saved;
    const at = text.indexOf(MARK);
    const head = text.slice(0, at);
    const tail = text.slice(at + MARK.length);
    let count = 0;
    for (const address of to) {
      this.transport.write(head + xml.escapeXML(address) + tail);
      count++;
    }
    if (count) this.onSent(el.name, count);
  }
}
