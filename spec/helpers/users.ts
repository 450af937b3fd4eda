// Real XMPP users for integration specs: @xmpp/client 0.14 over plain TCP to the private server
// (Prosody or ejabberd; SASL PLAIN, no TLS). Every stanza received goes to an inbox; waitFor takes
// the first match that has arrived and not been taken yet, or waits for it, so specs never sleep.
import { randomBytes } from "node:crypto";
import { client, xml, type Client } from "@xmpp/client";
import type { Element } from "ltx";
import type { XmppServer } from "../../scripts/lib/xmpp-server.js";

export { xml };

/** What logging users in needs of a server; a `Prosody` from scripts/lib/prosody.ts has it too. */
export type UserHost = Pick<XmppServer, "host" | "c2sPort" | "domain" | "registerUsers">;

const STANZAS_NS = "urn:ietf:params:xml:ns:xmpp-stanzas";
const DEFAULT_TIMEOUT_MS = 10_000;

/** A type=error answer to TestUser.iq(): the defined condition and text, plus the stanza. */
export class StanzaErrorReply extends Error {
  override name = "StanzaErrorReply";
  constructor(
    readonly condition: string | undefined,
    readonly text: string | undefined,
    readonly stanza: Element,
  ) {
    super(`${condition ?? "undefined-condition"}${text ? `: ${text}` : ""}`);
  }
}

export function errorReply(stanza: Element): StanzaErrorReply {
  const error = stanza.getChild("error");
  const condition = error
    ?.getChildElements()
    .find((c) => c.getNS() === STANZAS_NS && c.name !== "text")?.name;
  return new StanzaErrorReply(condition, error?.getChildText("text", STANZAS_NS) ?? undefined, stanza);
}

interface Waiter {
  predicate: (el: Element) => boolean;
  resolve: (el: Element) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

interface PendingIq {
  resolve: (el: Element) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

/** Sessions not stopped yet: a failed spec may leave some, whose reconnecting would keep mocha alive. */
const liveUsers = new Set<TestUser>();

/** Stops every session still running (the root hook calls it once all specs are done). */
export async function stopAllUsers(): Promise<void> {
  await Promise.all([...liveUsers].map((user) => user.stop()));
}

export class TestUser {
  private readonly received: Element[] = [];
  private waiters: Waiter[] = [];
  private readonly pendingIqs = new Map<string, PendingIq>();
  private iqCounter = 0;
  /** Streams this session has had: @xmpp/client opens a new one by itself when the server closes
   * the last (its reconnect module), so a changed count means the server ended a stream. */
  streams = 1;

  constructor(
    readonly xmpp: Client,
    /** The full JID, with resource. */
    readonly jid: string,
  ) {
    xmpp.on("stanza", (el: Element) => this.receive(el));
    xmpp.on("online", () => void this.streams++);
    liveUsers.add(this);
  }

  get bare(): string {
    return this.jid.split("/")[0]!;
  }

  /** Stanzas received and not yet taken by waitFor, oldest first. */
  get inbox(): readonly Element[] {
    return this.received;
  }

  send(el: Element): Promise<void> {
    return this.xmpp.send(el);
  }

  /** Sends an IQ (an id is added if missing); resolves with the result, rejects with StanzaErrorReply. */
  iq(el: Element, timeout = DEFAULT_TIMEOUT_MS): Promise<Element> {
    const id = (el.attrs.id ??= `${this.bare.split("@")[0]}-iq-${++this.iqCounter}`);
    const answer = new Promise<Element>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pendingIqs.delete(id);
        reject(new Error(`${this.jid}: no answer to IQ ${id} in ${timeout} ms: ${el.toString()}`));
      }, timeout);
      this.pendingIqs.set(id, { resolve, reject, timer });
    });
    return this.send(el).then(
      () => answer,
      (err: unknown) => {
        const pending = this.pendingIqs.get(id);
        if (pending) clearTimeout(pending.timer);
        this.pendingIqs.delete(id);
        throw err;
      },
    );
  }

  /** The first stanza received (and not yet taken) that matches; waits for one if none has. */
  waitFor(predicate: (el: Element) => boolean, options: { timeout?: number } = {}): Promise<Element> {
    const index = this.received.findIndex(predicate);
    if (index !== -1) return Promise.resolve(this.received.splice(index, 1)[0]!);
    const timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          const inbox = this.received.map((s) => `  ${s.toString()}`).join("\n") || "  (empty)";
          reject(new Error(`${this.jid}: no matching stanza in ${timeout} ms; inbox:\n${inbox}`));
        }, timeout),
      };
      this.waiters.push(waiter);
    });
  }

  /** Forgets every stanza received so far. */
  drain(): void {
    this.received.length = 0;
  }

  async stop(): Promise<void> {
    liveUsers.delete(this);
    const stopped = new Error(`${this.jid}: stopped`);
    for (const w of this.waiters.splice(0)) {
      clearTimeout(w.timer);
      w.reject(stopped);
    }
    for (const [id, pending] of this.pendingIqs) {
      clearTimeout(pending.timer);
      pending.reject(stopped);
      this.pendingIqs.delete(id);
    }
    // Client.stop() leaves the reconnect module running: where the stream is already gone (the
    // server was killed), stop() fails, the status stays "disconnect", and the module would try
    // again every second for ever (which kept mocha alive after the last spec).
    this.xmpp.reconnect.stop();
    await this.xmpp.stop().catch(() => undefined);
  }

  private receive(el: Element): void {
    const id = el.attrs.id;
    const pending = el.name === "iq" && id !== undefined ? this.pendingIqs.get(id) : undefined;
    if (pending && (el.attrs.type === "result" || el.attrs.type === "error")) {
      clearTimeout(pending.timer);
      this.pendingIqs.delete(id!);
      if (el.attrs.type === "error") pending.reject(errorReply(el));
      else pending.resolve(el);
      return;
    }
    const waiter = this.waiters.find((w) => w.predicate(el));
    if (!waiter) {
      this.received.push(el);
      return;
    }
    clearTimeout(waiter.timer);
    this.waiters = this.waiters.filter((w) => w !== waiter);
    waiter.resolve(el);
  }
}

export const randomPassword = (): string => randomBytes(12).toString("base64url");

/** A username no other spec in this process uses: `${base}-${counter}${random}`. */
let nameCounter = 0;
export const uniqueName = (base: string): string =>
  `${base}-${++nameCounter}${randomBytes(3).toString("hex")}`;

/**
 * Logs a user in (registering it first, with a random password, when none is given), sends initial
 * presence and waits for the server to reflect it, so the user is available before this resolves.
 */
export async function connectUser(
  server: UserHost,
  name: string,
  password?: string,
  resource = `test-${randomBytes(3).toString("hex")}`,
): Promise<TestUser> {
  if (password === undefined) {
    password = randomPassword();
    await server.registerUsers([{ name, password }]);
  }
  const credentials = { username: name, password };
  const options = {
    service: `xmpp://${server.host}:${server.c2sPort}`,
    domain: server.domain,
    ...credentials,
    resource,
    // SASL PLAIN (allowed on this loopback-only server). xmpp.js would pick SCRAM-SHA-1 on a plain
    // socket, whose 10,000 WebCrypto HMAC rounds cost ~0.6 s of CPU per login. (`credentials` is
    // not in types/xmpp-client.d.ts, hence the options variable rather than an inline literal.)
    credentials: (authenticate: (creds: object, mechanism: string) => Promise<void>) =>
      authenticate(credentials, "PLAIN"),
  };
  const xmpp = client(options);
  ignoreDataAfterParserGone(xmpp);
  // Without a listener an 'error' event would crash the process; failures surface via start().
  xmpp.on("error", () => undefined);
  let address: { toString(): string };
  try {
    address = await xmpp.start();
  } catch (err) {
    await xmpp.stop().catch(() => undefined);
    throw new Error(`${name}@${server.domain} could not log in: ${(err as Error).message}`, { cause: err });
  }
  const user = new TestUser(xmpp, address.toString());
  await user.send(xml("presence"));
  await user.waitFor((el) => el.name === "presence" && el.attrs.from === user.jid && !el.attrs.type);
  return user;
}

/** The same server as seen by users of another of its hosts (one of `extraDomains`), for connectUser. */
export function onDomain(
  server: Pick<XmppServer, "host" | "c2sPort" | "registerUsers">,
  domain: string,
): UserHost {
  return {
    host: server.host,
    c2sPort: server.c2sPort,
    domain,
    registerUsers: (accounts) => server.registerUsers(accounts, domain),
  };
}

/** Registers users with random passwords and logs them all in, in parallel. */
export async function registerAndConnect(server: UserHost, names: readonly string[]): Promise<TestUser[]> {
  const accounts = names.map((name) => ({ name, password: randomPassword() }));
  await server.registerUsers(accounts);
  return Promise.all(accounts.map((a) => connectUser(server, a.name, a.password)));
}

/**
 * @xmpp/connection 0.14 keeps reading its socket after a stream error has torn its parser down
 * (ejabberd writes after closing a stream the fuzz layer broke) and throws from the socket callback,
 * which fails whatever test is running. Such data belongs to a dead stream: drop it. Must run before
 * start(), which binds the handler.
 */
function ignoreDataAfterParserGone(xmpp: object): void {
  interface Connection {
    parser: unknown;
    _onData: (this: Connection, data: Buffer) => void;
  }
  const connection = xmpp as Connection;
  const onData = connection._onData;
  connection._onData = function (data) {
    if (this.parser) onData.call(this, data);
  };
}
