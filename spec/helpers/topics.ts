// Topic shorthands for integration specs (docs/protocol.md, "Topic service: lists.localhost"): what an
// owner's MUC client and a member's 1:1 chat client do, and what they wait for. No sleeps: every
// helper waits for the stanza that proves the step happened.
import assert from "node:assert/strict";
import type { Element } from "ltx";
import type { XmppServer } from "../../scripts/lib/xmpp-server.js";
import { LISTS_DOMAIN, useServer } from "./server.js";
import { startManifold, type RunningManifold } from "./manifold.js";
import { MAM, MUC_ADMIN, MUC_USER, codes, configure, enter } from "./rooms.js";
import {
  StanzaErrorReply,
  connectUser,
  randomPassword,
  uniqueName,
  xml,
  type TestUser,
  type UserHost,
} from "./users.js";

export { LISTS_DOMAIN };
export const COMMANDS = "http://jabber.org/protocol/commands";
export const ADDRESS = "http://jabber.org/protocol/address";
export const NICK = "http://jabber.org/protocol/nick";
export const RECEIPTS = "urn:xmpp:receipts";
export const MARKERS = "urn:xmpp:chat-markers:0";
export const DISCO_INFO = "http://jabber.org/protocol/disco#info";
export const DISCO_ITEMS = "http://jabber.org/protocol/disco#items";
export const SID = "urn:xmpp:sid:0";
export const DATA = "jabber:x:data";
export const STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";

export const bareOf = (jid: string): string => jid.split("/")[0]!;
export const localPart = (jid: string): string => bareOf(jid).split("@")[0]!;
/** A topic JID no other spec uses. */
export const freshTopic = (base = "topic"): string => `${uniqueName(base)}@${LISTS_DOMAIN}`;
/** The occupant nick a member gets when added without one: the local part of their JID. */
export const nickOf = (user: TestUser): string => localPart(user.bare);

// ---------------------------------------------------------------------------------------------
// Users whose passwords the spec knows, so they can log out and back in.

const passwords = new Map<string, string>();

/** Registers and logs in one user per base name (unique names), remembering their passwords. */
export async function people(server: UserHost, ...bases: string[]): Promise<TestUser[]> {
  const accounts = bases.map((base) => ({ name: uniqueName(base), password: randomPassword() }));
  await server.registerUsers(accounts);
  for (const a of accounts) passwords.set(`${a.name}@${server.domain}`, a.password);
  return Promise.all(accounts.map((a) => connectUser(server, a.name, a.password)));
}

/** Logs a user made by people() in again (a new session, sending initial presence). */
export function reconnect(server: UserHost, user: TestUser): Promise<TestUser> {
  const password = passwords.get(user.bare);
  if (password === undefined) throw new Error(`${user.bare} was not made by people()`);
  const again = connectUser(server, localPart(user.bare), password);
  void again.then((u) => reconnected.add(u));
  return again;
}

/** Sessions made by reconnect(), stopped after each test by castOfThree() with the cast. */
const reconnected = new Set<TestUser>();

// ---------------------------------------------------------------------------------------------
// Predicates

export const isMessage = (el: Element): boolean => el.name === "message";
export const isError = (el: Element): boolean => el.attrs.type === "error";

/** A `chat` from the bare topic JID (with this body, when given). */
export const isChatFrom =
  (from: string, body?: string) =>
  (el: Element): boolean =>
    el.name === "message" &&
    el.attrs.type === "chat" &&
    el.attrs.from === from &&
    el.getChild("body") !== undefined &&
    (body === undefined || el.getChildText("body") === body);

/** A `groupchat` from the topic's occupant `nick` (with this body, when given). */
export const isGroupchatFrom =
  (topic: string, nick: string, body?: string) =>
  (el: Element): boolean =>
    el.name === "message" &&
    el.attrs.type === "groupchat" &&
    el.attrs.from === `${topic}/${nick}` &&
    (body === undefined || el.getChildText("body") === body);

/** A message-error from the topic (bare or occupant JID). */
export const isMessageErrorFrom =
  (topic: string) =>
  (el: Element): boolean =>
    el.name === "message" &&
    el.attrs.type === "error" &&
    (el.attrs.from === topic || el.attrs.from?.startsWith(`${topic}/`) === true);

/** A presence from the topic's occupant `nick`, of this type (undefined: available). */
export const isOccupantPresence =
  (topic: string, nick: string, type?: string) =>
  (el: Element): boolean =>
    el.name === "presence" && el.attrs.from === `${topic}/${nick}` && el.attrs.type === type;

/** A subscription presence (subscribe, subscribed, unsubscribed…) from `from`. */
export const isSubscriptionFrom =
  (from: string, type: string) =>
  (el: Element): boolean =>
    el.name === "presence" && el.attrs.from === from && el.attrs.type === type;

/** A room status message: a `groupchat` from the bare topic JID whose body matches every pattern. */
export const isRoomMessage =
  (topic: string, ...patterns: (RegExp | string)[]) =>
  (el: Element): boolean => {
    if (el.name !== "message" || el.attrs.type !== "groupchat" || el.attrs.from !== topic) return false;
    const body = el.getChildText("body");
    return body !== null && patterns.every((p) => (typeof p === "string" ? body.includes(p) : p.test(body)));
  };

/** An available presence (no type) from exactly `from`. */
export const isAvailableFrom =
  (from: string) =>
  (el: Element): boolean =>
    el.name === "presence" && el.attrs.from === from && el.attrs.type === undefined;

/** An unavailable presence from exactly `from`. */
export const isUnavailableFrom =
  (from: string) =>
  (el: Element): boolean =>
    el.name === "presence" && el.attrs.from === from && el.attrs.type === "unavailable";

/** The defined condition, text and type of a stanza's `<error/>`. */
export function errorOf(el: Element): { condition?: string; text?: string; type?: string } {
  const error = el.getChild("error");
  const condition = error?.getChildElements().find((c) => c.getNS() === STANZAS && c.name !== "text")?.name;
  return {
    condition,
    text: error?.getChildText("text", STANZAS) ?? undefined,
    type: error?.attrs.type,
  };
}

/** The `muc#user` item of an occupant presence. */
export const itemOf = (el: Element): Element | undefined => el.getChild("x", MUC_USER)?.getChild("item");

/** XEP-0033 addresses of a stanza, as `type bare-jid` strings. */
export const addressesOf = (el: Element): string[] =>
  (el.getChild("addresses", ADDRESS)?.getChildren("address") ?? []).map(
    (a) => `${a.attrs.type ?? ""} ${bareOf(a.attrs.jid ?? "")}`,
  );

/** An assert.rejects validator: a StanzaErrorReply with this condition and a human text. */
export const failsWith =
  (condition: string, type?: string) =>
  (err: unknown): boolean => {
    if (!(err instanceof StanzaErrorReply)) return false;
    const errorType = err.stanza.getChild("error")?.attrs.type;
    assert.equal(err.condition, condition, `expected ${condition}, got ${err.message}`);
    assert.ok(err.text, `the ${condition} error carries a text`);
    if (type) assert.equal(errorType, type, `the error type is ${type}`);
    return true;
  };

/** A XEP-0033 `<addresses>` element with one `to` address per JID. */
export const toAddresses = (...jids: string[]): Element =>
  xml("addresses", { xmlns: ADDRESS }, ...jids.map((jid) => xml("address", { type: "to", jid })));

// ---------------------------------------------------------------------------------------------
// Owner side

/** Creates a topic by joining it (asserting 201) and accepting the instant configuration (or `fields`). */
export async function createTopic(
  owner: TestUser,
  topic: string,
  nick = "Alice",
  fields: Record<string, string> = {},
): Promise<Element> {
  const self = await enter(owner, topic, nick);
  assert.deepEqual(
    codes(self).filter((c) => c === 201),
    [201],
    `joining a new topic creates it (201): ${self.toString()}`,
  );
  await configure(owner, topic, fields);
  return self;
}

/** Creates a persistent topic by joining it. */
export const createPersistentTopic = (owner: TestUser, topic: string, nick = "Alice") =>
  createTopic(owner, topic, nick, { "muc#roomconfig_persistentroom": "1" });

/** Leaves the topic room and waits for the owner's own unavailable presence. */
export async function leaveRoom(owner: TestUser, topic: string, nick = "Alice"): Promise<void> {
  await owner.send(xml("presence", { to: `${topic}/${nick}`, type: "unavailable" }));
  await owner.waitFor(isOccupantPresence(topic, nick, "unavailable"));
}

export interface AdminItem {
  jid?: string;
  nick?: string;
  affiliation?: string;
  role?: string;
}

/** A muc#admin set on the topic; resolves with the result, rejects with StanzaErrorReply. */
export function admin(owner: TestUser, topic: string, ...items: AdminItem[]): Promise<Element> {
  return owner.iq(
    xml(
      "iq",
      { type: "set", to: topic },
      xml("query", { xmlns: MUC_ADMIN }, ...items.map((item) => xml("item", { ...item }))),
    ),
  );
}

/** Adds members through the admin list (affiliation member), without nicks. */
export const addMembers = (owner: TestUser, topic: string, ...members: TestUser[]) =>
  admin(owner, topic, ...members.map((m) => ({ jid: m.bare, affiliation: "member" })));

/** The member list (muc#admin, affiliation member) as bare JIDs, sorted. */
export async function memberList(owner: TestUser, topic: string): Promise<string[]> {
  const result = await owner.iq(
    xml(
      "iq",
      { type: "get", to: topic },
      xml("query", { xmlns: MUC_ADMIN }, xml("item", { affiliation: "member" })),
    ),
  );
  return (result.getChild("query", MUC_ADMIN)?.getChildren("item") ?? [])
    .map((item) => bareOf(item.attrs.jid ?? ""))
    .sort();
}

/** Sends a mediated invitation (XEP-0045 §7.8.2) to the topic. */
export const invite = (owner: TestUser, topic: string, jid: string) =>
  owner.send(xml("message", { to: topic }, xml("x", { xmlns: MUC_USER }, xml("invite", { to: jid }))));

/** Sends a groupchat to the topic (extra children: XEP-0033 addresses, origin-id…). */
export const groupchat = (owner: TestUser, topic: string, body: string, ...extra: Element[]) =>
  owner.send(xml("message", { to: topic, type: "groupchat" }, xml("body", {}, body), ...extra));

/** Sends a groupchat and waits for its reflection to the owner (from `topic/ownerNick`). */
export async function sendToAll(owner: TestUser, topic: string, body: string, ownerNick = "Alice") {
  await groupchat(owner, topic, body);
  return owner.waitFor(isGroupchatFrom(topic, ownerNick, body));
}

/** Sends a `chat` to a JID (a topic, an occupant, the service). */
export const chat = (user: TestUser, to: string, body: string, ...extra: Element[]) =>
  user.send(xml("message", { to, type: "chat" }, xml("body", {}, body), ...extra));

/** The first message with a body from the bare topic JID that the member has not taken yet. */
export const nextChat = (member: TestUser, topic: string) => member.waitFor(isChatFrom(topic));

// ---------------------------------------------------------------------------------------------
// Presence subscription

/** Waits for the topic's subscription request and answers it (`subscribed` or `unsubscribed`). */
export async function answerSubscription(
  member: TestUser,
  topic: string,
  answer: "subscribed" | "unsubscribed",
): Promise<Element> {
  const request = await member.waitFor(isSubscriptionFrom(topic, "subscribe"));
  await member.send(xml("presence", { to: topic, type: answer }));
  return request;
}

/** Fetches the roster, as every client does at login: the server then counts the session as
 *  "interested" and delivers it roster pushes and subscription answers (subscribed, unsubscribed). */
export async function fetchRoster(user: TestUser): Promise<void> {
  await user.iq(xml("iq", { type: "get" }, xml("query", { xmlns: "jabber:iq:roster" })));
}

/**
 * Makes `watcher` subscribe to `target`'s presence through the server (a plain roster subscription),
 * so that the watcher sees the target go offline: a signal that the server has ended its session.
 */
export async function watchPresence(watcher: TestUser, target: TestUser): Promise<void> {
  await watcher.send(xml("presence", { to: target.bare, type: "subscribe" }));
  await target.waitFor(isSubscriptionFrom(watcher.bare, "subscribe"));
  await target.send(xml("presence", { to: watcher.bare, type: "subscribed" }));
  await watcher.waitFor(isAvailableFrom(target.jid));
}

// ---------------------------------------------------------------------------------------------
// Ad-hoc commands (XEP-0050) with data forms (XEP-0004)

export type FieldValue = string | string[] | boolean;

/** `execute` a command; resolves with the `<command/>` answer. */
export async function executeCommand(user: TestUser, to: string, node: string): Promise<Element> {
  const result = await user.iq(
    xml("iq", { type: "set", to }, xml("command", { xmlns: COMMANDS, node, action: "execute" })),
  );
  const command = result.getChild("command", COMMANDS);
  assert.ok(command, `a <command/> answer to ${node}: ${result.toString()}`);
  return command;
}

/** The form of an executing command. */
export const formOf = (command: Element): Element | undefined => command.getChild("x", DATA);

/** Fields of a form that a user fills in (not hidden, not fixed). */
export const visibleFields = (form: Element): Element[] =>
  form.getChildren("field").filter((f) => f.attrs.type !== "hidden" && f.attrs.type !== "fixed");

/** Submits the form of an executing command with `values` (hidden fields such as FORM_TYPE are echoed). */
export async function submitCommand(
  user: TestUser,
  to: string,
  command: Element,
  values: Record<string, FieldValue>,
): Promise<Element> {
  const form = formOf(command);
  const hidden = (form?.getChildren("field") ?? []).filter((f) => f.attrs.type === "hidden");
  const field = (name: string, value: FieldValue) =>
    xml(
      "field",
      { var: name },
      ...(Array.isArray(value) ? value : [typeof value === "boolean" ? (value ? "1" : "0") : value]).map(
        (v) => xml("value", {}, v),
      ),
    );
  const actions = command.getChild("actions");
  const action = !actions || actions.getChild("complete") ? "complete" : (actions.attrs.execute ?? "execute");
  const result = await user.iq(
    xml(
      "iq",
      { type: "set", to },
      xml(
        "command",
        { xmlns: COMMANDS, node: command.attrs.node, sessionid: command.attrs.sessionid, action },
        xml(
          "x",
          { xmlns: DATA, type: "submit" },
          ...hidden.map((f) =>
            field(
              f.attrs.var ?? "",
              f.getChildren("value").map((v) => v.getText()),
            ),
          ),
          ...Object.entries(values).map(([name, value]) => field(name, value)),
        ),
      ),
    ),
  );
  const answer = result.getChild("command", COMMANDS);
  assert.ok(answer, `a <command/> answer: ${result.toString()}`);
  return answer;
}

/** Runs a command to completion: execute, then (unless it completed at once) submit `values`. */
export async function runCommand(
  user: TestUser,
  to: string,
  node: string,
  values: Record<string, FieldValue> = {},
): Promise<Element> {
  const first = await executeCommand(user, to, node);
  if (first.attrs.status === "completed") return first;
  assert.ok(formOf(first), `${node} answers with a form or completes: ${first.toString()}`);
  const done = await submitCommand(user, to, first, values);
  assert.equal(done.attrs.status, "completed", `${node} completed: ${done.toString()}`);
  return done;
}

/** The texts of a command's notes. */
export const notesOf = (command: Element): string[] => command.getChildren("note").map((n) => n.getText());

/** Creates a topic with the `create` command on lists.localhost. */
export const createByCommand = (
  owner: TestUser,
  name: string,
  members: string[] = [],
  persistent?: boolean,
) =>
  runCommand(owner, LISTS_DOMAIN, "create", {
    name,
    members,
    ...(persistent === undefined ? {} : { persistent }),
  });

// ---------------------------------------------------------------------------------------------
// Service discovery and archive

export async function discoInfo(
  user: TestUser,
  jid: string,
): Promise<{ identities: string[]; features: string[]; names: string[]; stanza: Element }> {
  const result = await user.iq(xml("iq", { type: "get", to: jid }, xml("query", { xmlns: DISCO_INFO })));
  const query = result.getChild("query", DISCO_INFO)!;
  const identities = query.getChildren("identity");
  return {
    identities: identities.map((i) => `${i.attrs.category ?? ""}/${i.attrs.type ?? ""}`),
    names: identities.map((i) => i.attrs.name ?? ""),
    features: query.getChildren("feature").map((f) => f.attrs.var ?? ""),
    stanza: result,
  };
}

/** disco#items of a JID (and node): the items' JIDs, or their nodes when `node` is given. */
export async function discoItems(user: TestUser, jid: string, node?: string): Promise<string[]> {
  const result = await user.iq(
    xml("iq", { type: "get", to: jid }, xml("query", { xmlns: DISCO_ITEMS, node })),
  );
  return (result.getChild("query", DISCO_ITEMS)?.getChildren("item") ?? []).map((item) =>
    node ? (item.attrs.node ?? "") : (item.attrs.jid ?? ""),
  );
}

/** A XEP-0313 query of the whole archive; resolves with the archived messages, oldest first. */
export async function archive(user: TestUser, jid: string, queryid = uniqueName("q")): Promise<Element[]> {
  const fin = await user.iq(xml("iq", { type: "set", to: jid }, xml("query", { xmlns: MAM, queryid })));
  assert.ok(fin.getChild("fin", MAM), `a <fin/>: ${fin.toString()}`);
  const results: Element[] = [];
  for (;;) {
    const index = user.inbox.findIndex((el) => el.getChild("result", MAM)?.attrs.queryid === queryid);
    if (index === -1) break;
    const result = await user.waitFor((el) => el.getChild("result", MAM)?.attrs.queryid === queryid);
    results.push(result.getChild("result", MAM)!.getChild("forwarded")!.getChild("message")!);
  }
  return results;
}

/**
 * A round trip to Manifold through the topic JID (a disco#info query from `user`): once it is
 * answered, everything Manifold sent `user` before handling the query has arrived.
 */
export async function barrier(user: TestUser, jid: string): Promise<void> {
  await discoInfo(user, jid).catch(() => undefined); // an error answer is as good a round trip
}

/** Bodies of the messages from `from` still in a user's inbox. */
export const bodiesInInbox = (user: TestUser, from: string): string[] =>
  user.inbox
    .filter((el) => el.name === "message" && bareOf(el.attrs.from ?? "") === from)
    .map((el) => el.getChildText("body") ?? "")
    .filter((b) => b !== "");

/** Alice, bob and carol, fresh for each test, against one Manifold per spec file. */
export interface Cast {
  server: XmppServer;
  /** The old name of `server`, kept for specs written before the suite ran on ejabberd. */
  readonly prosody: XmppServer;
  alice: TestUser;
  bob: TestUser;
  carol: TestUser;
}

/** Registers the hooks that fill `Cast`: call it at the top of a describe block. */
export function castOfThree(): Cast {
  const cast = {
    get prosody() {
      return this.server;
    },
  } as Cast;
  let manifold: RunningManifold | undefined;
  before(async () => {
    cast.server = await useServer();
    manifold = await startManifold(cast.server);
  });
  after(() => manifold?.stop());
  beforeEach(async () => {
    [cast.alice, cast.bob, cast.carol] = (await people(cast.server, "alice", "bob", "carol")) as [
      TestUser,
      TestUser,
      TestUser,
    ];
  });
  afterEach(async () => {
    const sessions = [cast.alice, cast.bob, cast.carol, ...reconnected];
    reconnected.clear();
    await Promise.all(sessions.map((u) => u.stop()));
  });
  return cast;
}

/** A fresh topic of alice's with bob and carol as members, made before each spec of the block. */
export interface TopicOfThree {
  alice: TestUser;
  bob: TestUser;
  carol: TestUser;
  topic: string;
}

/** Registers the cast's hooks and, before each spec, a new topic (named from `base`) with bob and
 * carol as members; call it at the top of a describe block and read the world from what it returns. */
export function useTopicOfThree(base: string): () => TopicOfThree {
  const cast = castOfThree();
  let current: TopicOfThree | undefined;
  beforeEach(async () => {
    const { alice, bob, carol } = cast;
    const topic = freshTopic(base);
    await createTopic(alice, topic);
    await addMembers(alice, topic, bob, carol);
    current = { alice, bob, carol, topic };
  });
  return () => current!;
}
