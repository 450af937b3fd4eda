// A receiving end for thousands of addresses: an XMPP component (XEP-0114, @xmpp/component) on the
// test server, so `m1@sink.localhost` … `m1000@sink.localhost` are real addresses the server routes
// to, without a thousand client logins. It records every message it receives, per addressee.
import { Component } from "@xmpp/component-core";
import type { Element } from "ltx";

export const SINK_DOMAIN = "sink.localhost";

export interface Sink {
  /** Messages received (not errors), per bare addressee, in order. */
  readonly messages: Map<string, Element[]>;
  /** Resolves once `predicate` holds, checked after every message (and now). */
  until(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** Connects the sink; after a server restart it connects again by itself (see `online`). */
export async function startSink(host: string, port: number, secret: string): Promise<Sink> {
  const messages = new Map<string, Element[]>();
  let waiters: { predicate: () => boolean; resolve: () => void }[] = [];
  let stopped = false;
  let entity: Component | undefined;
  const receive = (el: Element) => {
    if (el.name !== "message" || el.attrs.type === "error") return;
    const to = String(el.attrs.to).split("/")[0]!;
    let list = messages.get(to);
    if (!list) messages.set(to, (list = []));
    list.push(el);
    const ready = waiters.filter((w) => w.predicate());
    waiters = waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve();
  };
  const connect = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const c = new Component({ service: `xmpp://${host}:${port}`, domain: SINK_DOMAIN });
      entity = c;
      c.on("open", (el: Element) => void c.authenticate(String(el.attrs.id ?? ""), secret).catch(reject));
      c.on("online", () => resolve());
      c.on("stanza", receive);
      c.on("error", () => undefined); // a server killed under it is part of the spec, not a failure
      c.on("disconnect", () => {
        if (stopped || entity !== c) return;
        // The server went away: try again until it is back (a reconnect loop, not a test wait).
        const retry = () => void connect().catch(() => !stopped && setTimeout(retry, 100));
        setTimeout(retry, 100);
      });
      c.connect(c.options.service).then(() => c.open({ domain: SINK_DOMAIN }), reject);
    });
  await connect();
  return {
    messages,
    until(predicate, timeoutMs = 60_000) {
      if (predicate()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const waiter = {
          predicate,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        };
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== waiter);
          reject(
            new Error(
              `sink: condition not reached in ${timeoutMs} ms (${messages.size} addressees got messages)`,
            ),
          );
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    async stop() {
      stopped = true;
      await entity?.stop().catch(() => undefined);
    },
  };
}
