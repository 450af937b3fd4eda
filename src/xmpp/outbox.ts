// The sending side handlers use. Fan-out serialises a stanza once and splices in each recipient's
// address, so sending one message to N sessions costs N string concatenations, not N serialisations.
import { xml, type Element } from "./xml.js";

const MARK = "\u0001to\u0001";

export interface Transport {
  /** Queues serialised stanzas; false when the bounded queue refused one. */
  write(data: string): boolean;
}

/** Writes one rendering's copies, local ones as stanzas the server expands (delivery/expansion.ts). */
export interface Expander {
  writeCopies(
    head: string,
    tail: string,
    to: readonly string[],
    write: (data: string) => boolean,
  ): { stanzas: number; refused: number };
}

export class Outbox {
  /** Set once the connection's expansion is known; without it every copy is its own stanza. */
  expander: Expander | undefined;

  constructor(
    private readonly transport: Transport,
    /** Told of every stanza written (its kind, how many addressees), for the metrics. */
    private readonly onSent: (kind: string, count: number) => void = () => {},
    /** Told of every stanza the bounded queue refused: it is lost, so it must at least be counted. */
    private readonly onRefused: (kind: string) => void = () => {},
  ) {}

  send(el: Element): boolean {
    this.onSent(el.name, 1);
    const ok = this.transport.write(el.toString());
    if (!ok) this.onRefused(el.name);
    return ok;
  }

  /** Sends `el` to each address in `to` (el.attrs.to is ignored). */
  sendEach(el: Element, to: Iterable<string>): void {
    const { head, tail } = template(el);
    if (this.expander) {
      const all = [...to];
      const { stanzas, refused } = this.expander.writeCopies(head, tail, all, (d) => this.transport.write(d));
      if (stanzas) this.onSent(el.name, stanzas);
      for (let i = 0; i < refused; i++) this.onRefused(el.name);
      return;
    }
    const count = this.writeEach(head, tail, to, el.name);
    if (count) this.onSent(el.name, count);
  }

  /** Writes head + address + tail for each address; returns how many were written. */
  private writeEach(head: string, tail: string, to: Iterable<string>, kind: string): number {
    let count = 0;
    for (const address of to) {
      if (!this.transport.write(head + xml.escapeXML(address) + tail)) this.onRefused(kind);
      count++;
    }
    return count;
  }
}

/**
 * A stanza serialised once, split where its `to` goes: head + escaped address + tail is a copy.
 * The marker goes on a shell sharing the element's name and children, never on the element itself:
 * plans hand the same element to several senders, and builders never mutate a stanza (habit 4).
 */
export function template(el: Element): { head: string; tail: string } {
  // Spreading keeps attribute order: an existing `to` stays in place, a new one comes last.
  const shell = new xml.Element(el.name, { ...el.attrs, to: MARK });
  shell.children = el.children;
  const text = shell.toString();
  const at = text.indexOf(MARK);
  return { head: text.slice(0, at), tail: text.slice(at + MARK.length) };
}
