// The N receivers: real @xmpp/client 0.14 sessions r1…rN@localhost over loopback TCP, logged in
// with SASL PLAIN (SCRAM costs ~0.6 s of CPU per login), connected in parallel batches as N grows.
// Every message body they get goes to the Tally; nothing else is kept, so memory stays flat.
import { client, xml, type Client } from "@xmpp/client";
import type { Element } from "ltx";
import type { XmppServer } from "../scripts/lib/server-interface.js";
import type { Tally } from "./tally.js";

const BATCH = 50;
export const RECEIVER_PASSWORD = "bench-receiver";

export interface Receiver {
  /** 0-based: r1 is 0. */
  index: number;
  bare: string;
  full: string;
  xmpp: Client;
}

export const receiverName = (index: number): string => `r${index + 1}`;

/** What receivers need of the server (Prosody or ejabberd): where to log in, and accounts. */
export type ReceiverHost = Pick<XmppServer, "host" | "c2sPort" | "domain" | "registerUsers">;

/** Grows `receivers` in place to `count` sessions (r<length+1>…r<count>), BATCH at a time. */
export async function connectReceivers(
  server: ReceiverHost,
  receivers: Receiver[],
  count: number,
  tally: Tally,
): Promise<void> {
  const names = Array.from({ length: Math.max(0, count - receivers.length) }, (_, i) =>
    receiverName(receivers.length + i),
  );
  await server.registerUsers(names.map((name) => ({ name, password: RECEIVER_PASSWORD })));
  while (receivers.length < count) {
    const first = receivers.length;
    const batch = Array.from({ length: Math.min(BATCH, count - first) }, (_, i) =>
      connectOne(server, first + i, tally),
    );
    const settled = await Promise.allSettled(batch);
    for (const result of settled) if (result.status === "fulfilled") receivers.push(result.value);
    const failed = settled.find((result) => result.status === "rejected");
    if (failed) throw failed.reason;
  }
}

/** Logs one receiver in with PLAIN and sends initial presence. */
export async function connectOne(server: ReceiverHost, index: number, tally: Tally): Promise<Receiver> {
  const credentials = { username: receiverName(index), password: RECEIVER_PASSWORD };
  const options = {
    service: `xmpp://${server.host}:${server.c2sPort}`,
    domain: server.domain,
    resource: "bench",
    ...credentials,
    credentials: (authenticate: (creds: object, mechanism: string) => Promise<void>) =>
      authenticate(credentials, "PLAIN"),
  };
  const xmpp = client(options);
  xmpp.on("error", () => undefined); // failures surface through start()
  xmpp.on("stanza", (el: Element) => {
    if (el.name !== "message") return;
    const body = el.getChildText("body");
    if (body) tally.deliver(index, body, performance.now());
  });
  let address: { toString(): string };
  try {
    address = await xmpp.start();
  } catch (err) {
    await xmpp.stop().catch(() => undefined);
    throw new Error(`${credentials.username} could not log in: ${(err as Error).message}`, { cause: err });
  }
  await xmpp.send(xml("presence"));
  const full = address.toString();
  return { index, bare: full.split("/")[0]!, full, xmpp };
}

export async function stopReceivers(receivers: readonly Receiver[]): Promise<void> {
  for (let start = 0; start < receivers.length; start += BATCH * 4) {
    await Promise.all(
      receivers.slice(start, start + BATCH * 4).map((r) => r.xmpp.stop().catch(() => undefined)),
    );
  }
}

/** The next stanza the receiver gets that matches; call it before sending what it answers. */
export function nextStanza(
  receiver: Receiver,
  predicate: (el: Element) => boolean,
  timeoutMs: number,
): Promise<Element> {
  return new Promise((resolve, reject) => {
    const onStanza = (el: Element) => {
      if (!predicate(el)) return;
      clearTimeout(timer);
      receiver.xmpp.off("stanza", onStanza);
      resolve(el);
    };
    const timer = setTimeout(() => {
      receiver.xmpp.off("stanza", onStanza);
      reject(new Error(`${receiver.full}: no matching stanza within ${timeoutMs} ms`));
    }, timeoutMs);
    receiver.xmpp.on("stanza", onStanza);
  });
}
