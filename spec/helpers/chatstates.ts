// Chat-state shorthands for integration specs (docs/protocol.md, "Chat states, receipts and markers
// (both services)"): sending XEP-0085 states, recognising what arrives, the `preferences` command
// and its text form, the metric counters, and a topic whose members Manifold knows to be online.
// No sleeps: to prove that something did not arrive, a spec records everything a user receives and
// checks what came before a sentinel that travelled the same path.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Element } from "ltx";
import type { XmppServer } from "../../scripts/lib/xmpp-server.js";
import { GROUPS_DOMAIN, LISTS_DOMAIN, useServer } from "./server.js";
import { startManifold, type RunningManifold } from "./manifold.js";
import { xml, type TestUser } from "./users.js";
import {
  answerSubscription,
  barrier,
  chat,
  createPersistentTopic,
  executeCommand,
  fetchRoster,
  formOf,
  isAvailableFrom,
  isChatFrom,
  isSubscriptionFrom,
  notesOf,
  people,
  reconnect,
  submitCommand,
  addMembers as addTopicMembers,
} from "./topics.js";
import { fieldValues, formTypeOf, hex, recordAll } from "./groups.js";

export { GROUPS_DOMAIN, LISTS_DOMAIN, recordAll };
export const CHATSTATES = "http://jabber.org/protocol/chatstates";
export const HINTS = "urn:xmpp:hints";
export const PREFERENCES = "urn:x-manifold:0#preferences";
export const SEND = "send-chat-states";
export const RECEIVE = "receive-chat-states";

export type ChatState = "active" | "composing" | "paused" | "inactive" | "gone";
export const STATES: readonly ChatState[] = ["active", "composing", "paused", "inactive", "gone"];

// ---------------------------------------------------------------------------------------------
// What a stanza carries

/** The XEP-0085 state a stanza carries, if any (the first one). */
export const stateOf = (el: Element): string | undefined =>
  el.getChildElements().find((c) => c.attrs.xmlns === CHATSTATES)?.name;

/** Whether a stanza carries a XEP-0334 `<no-store/>` hint. */
export const hasNoStore = (el: Element): boolean => el.getChild("no-store", HINTS) !== undefined;

/** A message with a chat state and no body: what a typing indicator looks like. */
export const isStateOnly = (el: Element): boolean =>
  el.name === "message" && stateOf(el) !== undefined && el.getChild("body") === undefined;

/** A message from exactly `from` carrying `state` (any state when omitted), of `type` when given. */
export const isStateFrom =
  (from: string, state?: ChatState, type?: string) =>
  (el: Element): boolean =>
    el.name === "message" &&
    el.attrs.from === from &&
    el.attrs.type !== "error" &&
    (type === undefined || el.attrs.type === type) &&
    (state === undefined ? stateOf(el) !== undefined : el.getChild(state, CHATSTATES) !== undefined);

/** A message with a body from exactly `from` (this body, when given), of `type` when given. */
export const isBodyFrom =
  (from: string, body?: string, type?: string) =>
  (el: Element): boolean =>
    el.name === "message" &&
    el.attrs.from === from &&
    el.attrs.type !== "error" &&
    (type === undefined || el.attrs.type === type) &&
    el.getChild("body") !== undefined &&
    (body === undefined || el.getChildText("body") === body);

/** Asserts what a relayed state alone must look like: that state, no body, a `<no-store/>` hint. */
export function assertStateOnly(el: Element, state: ChatState, what: string): void {
  assert.equal(stateOf(el), state, `${what}: the ${state} state: ${el.toString()}`);
  assert.equal(el.getChild("body"), undefined, `${what}: a state alone, no body: ${el.toString()}`);
  assert.ok(hasNoStore(el), `${what}: a state alone carries <no-store/>: ${el.toString()}`);
}

/** Asserts that a message carries its body and no chat state at all. */
export function assertBodyWithoutState(el: Element, body: string, what: string): void {
  assert.equal(el.getChildText("body"), body, `${what}: the body is kept: ${el.toString()}`);
  assert.equal(stateOf(el), undefined, `${what}: no chat state: ${el.toString()}`);
}

// ---------------------------------------------------------------------------------------------
// Sending

/** A chat state, optionally with a body and more children, as a message of `type` to `to`. */
export function stateMessage(
  to: string,
  type: "chat" | "groupchat" | "normal",
  state: ChatState,
  options: { body?: string; id?: string; extra?: Element[] } = {},
): Element {
  return xml(
    "message",
    { to, type, ...(options.id === undefined ? {} : { id: options.id }) },
    options.body === undefined ? null : xml("body", {}, options.body),
    xml(state, { xmlns: CHATSTATES }),
    ...(options.extra ?? []),
  );
}

/** Sends a state alone (no body) as a message of `type` to `to`. */
export const sendState = (user: TestUser, to: string, type: "chat" | "groupchat", state: ChatState) =>
  user.send(stateMessage(to, type, state));

/** Sends a body together with a state, as a message of `type` to `to`. */
export const sendBodyWithState = (
  user: TestUser,
  to: string,
  type: "chat" | "groupchat",
  body: string,
  state: ChatState,
) => user.send(stateMessage(to, type, state, { body }));

// ---------------------------------------------------------------------------------------------
// Proving absence: what arrived before a sentinel

/**
 * Waits for the first stanza matching `sentinel` and returns it with everything `seen` (a recordAll
 * list, in arrival order) holds before it: what travelled the same path earlier has arrived by then.
 */
export async function untilSentinel(
  user: TestUser,
  seen: readonly Element[],
  sentinel: (el: Element) => boolean,
): Promise<{ sentinel: Element; before: Element[] }> {
  const found = await user.waitFor(sentinel);
  const at = seen.indexOf(found);
  assert.ok(at !== -1, `the sentinel was recorded: ${found.toString()}`);
  return { sentinel: found, before: seen.slice(0, at) };
}

/** Fails naming the stanza when any of `stanzas` matches `unwanted`. */
export function assertNone(stanzas: readonly Element[], unwanted: (el: Element) => boolean, what: string) {
  const hit = stanzas.find(unwanted);
  if (hit) assert.fail(`${what}, but got ${hit.toString()}`);
}

// ---------------------------------------------------------------------------------------------
// One Manifold per spec file (optionally with a chatStates config file), users stopped after each test.

export interface ChatStatesSuite {
  server: XmppServer;
  /** The old name of `server`, kept for specs written before the suite ran on ejabberd. */
  readonly prosody: XmppServer;
  manifold: RunningManifold;
  /** Registers and logs in one user per base name (unique names); they are stopped after the test. */
  people<const N extends readonly string[]>(...bases: N): Promise<{ [K in keyof N]: TestUser }>;
  /** A new session of a user made by people(), stopped after the test. */
  reconnect(user: TestUser): Promise<TestUser>;
  /** A metric counter once Manifold has handled everything it received. Stanzas still on their way
   *  through the server are not counted: a barrier() from the sender to the same JID first lets them in. */
  dropped(reason: DropReason): Promise<number>;
  delivered(): Promise<number>;
  /** Messages the server sent back undelivered (ejabberd bounces a state sent to an offline user). */
  bounces(): Promise<number>;
}

export type DropReason =
  "sender-off" | "receiver-off" | "offline" | "fanout" | "coalesced" | "gone-in-room" | "guest";

export interface ChatStatesConfig {
  maxRecipients?: number;
  coalesceMs?: number;
}

/** Registers the hooks of a chat-states spec block; `config` goes to Manifold through a YAML file. */
export function chatStatesSuite(config?: ChatStatesConfig): ChatStatesSuite {
  const sessions: TestUser[] = [];
  let configDir: string | undefined;
  const counter = async (name: string, labels: Record<string, string> = {}) => {
    await suite.manifold.app.idle();
    return suite.manifold.app.metrics.count(name, labels);
  };
  const suite: ChatStatesSuite = {
    server: undefined as unknown as XmppServer,
    get prosody() {
      return suite.server;
    },
    manifold: undefined as unknown as RunningManifold,
    async people<const N extends readonly string[]>(...bases: N) {
      const users = await people(suite.server, ...bases);
      sessions.push(...users);
      return users as { [K in keyof N]: TestUser };
    },
    async reconnect(user: TestUser) {
      const again = await reconnect(suite.server, user);
      sessions.push(again);
      return again;
    },
    dropped: (reason) => counter("manifold_chat_states_dropped_total", { reason }),
    delivered: () => counter("manifold_chat_states_delivered_total"),
    bounces: () => counter("manifold_bounces_total"),
  };
  before(async () => {
    suite.server = await useServer();
    const env: Record<string, string> = {};
    if (config) {
      configDir = mkdtempSync(join(tmpdir(), "manifold-chatstates-"));
      const path = join(configDir, "manifold.yaml");
      const lines = Object.entries(config).map(([key, value]) => `  ${key}: ${String(value)}`);
      writeFileSync(path, `chatStates:\n${lines.join("\n")}\n`);
      env.MANIFOLD_CONFIG = path;
    }
    suite.manifold = await startManifold(suite.server, { env });
  });
  after(async () => {
    await (suite.manifold as RunningManifold | undefined)?.stop();
    if (configDir) rmSync(configDir, { recursive: true, force: true });
  });
  afterEach(() => Promise.all(sessions.splice(0).map((u) => u.stop())));
  return suite;
}

// ---------------------------------------------------------------------------------------------
// Preferences: the ad-hoc command on either service JID, and its text form

export interface Preferences {
  send: boolean;
  receive: boolean;
}

const asBoolean = (value: string | undefined, field: string): boolean => {
  assert.ok(
    value === "1" || value === "0" || value === "true" || value === "false",
    `${field} is a boolean value: ${String(value)}`,
  );
  return value === "1" || value === "true";
};

/** Runs `preferences` up to its form; checks the form and returns the values it shows. */
export async function showPreferences(
  user: TestUser,
  service: string = LISTS_DOMAIN,
): Promise<Preferences & { command: Element }> {
  const command = await executeCommand(user, service, "preferences");
  assert.equal(command.attrs.status, "executing", `the first stage shows a form: ${command.toString()}`);
  const form = formOf(command);
  assert.ok(form, `a form: ${command.toString()}`);
  assert.equal(formTypeOf(form), PREFERENCES, `the form type: ${form.toString()}`);
  for (const name of [SEND, RECEIVE]) {
    const field: Element | undefined = form.getChildren("field").find((f) => f.attrs.var === name);
    assert.equal(field?.attrs.type, "boolean", `${name} is a boolean field: ${form.toString()}`);
  }
  return {
    command,
    send: asBoolean(fieldValues(form, SEND)[0], SEND),
    receive: asBoolean(fieldValues(form, RECEIVE)[0], RECEIVE),
  };
}

/**
 * Sets preferences as a client does: runs `preferences`, submits its form with every field (the
 * ones not given keep the value shown), and returns the note of the completed command.
 */
export async function setPreferences(
  user: TestUser,
  wanted: Partial<Preferences>,
  service: string = LISTS_DOMAIN,
): Promise<string> {
  const shown = await showPreferences(user, service);
  const done = await submitCommand(user, service, shown.command, {
    [SEND]: wanted.send ?? shown.send,
    [RECEIVE]: wanted.receive ?? shown.receive,
  });
  assert.equal(done.attrs.status, "completed", `preferences completes: ${done.toString()}`);
  const notes = notesOf(done).join(" ");
  assert.ok(notes.length > 0, `a note saying what is in force: ${done.toString()}`);
  return notes;
}

/** Sends a text command (`preferences …`) to a service JID and resolves with the answer's body. */
export async function preferencesText(user: TestUser, text: string, service: string): Promise<string> {
  await chat(user, service, text);
  // The service also writes to room owners about requests: the answer is the chat about chat states.
  const answer = await user.waitFor(
    (el) => isChatFrom(service)(el) && /chat-states|chat states/i.test(el.getChildText("body") ?? ""),
  );
  return answer.getChildText("body") ?? "";
}

/** A note or text that states both settings with their values (`on`/`off`, or true/false, 1/0). */
export function assertStatesInForce(text: string, expected: Preferences): void {
  for (const [name, on] of [
    [SEND, expected.send],
    [RECEIVE, expected.receive],
  ] as const) {
    const match = new RegExp(
      `${name}\\W{0,3}(?:is\\W{1,3})?(on|off|true|false|yes|no|enabled|disabled)\\b`,
      "i",
    ).exec(text);
    assert.ok(match, `the text names ${name} and its value: ${JSON.stringify(text)}`);
    const value = match[1]!.toLowerCase();
    assert.equal(
      ["on", "true", "1", "yes", "enabled"].includes(value),
      on,
      `${name} is ${on ? "on" : "off"}: ${JSON.stringify(text)}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Topics whose members Manifold knows to be online

/**
 * A member accepts the topic's subscription request (their server then sends the topic their
 * presence) and shows a new status; resolves once the topic has handled both, i.e. once Manifold
 * knows the member is online.
 */
export async function memberOnline(member: TestUser, topic: string): Promise<void> {
  await answerSubscription(member, topic, "subscribed");
  await member.send(xml("presence", {}, xml("status", {}, `here ${hex()}`)));
  await barrier(member, topic);
}

/**
 * The owner creates a persistent topic by joining it (nick Alice), adds `members`, and each member
 * accepts the subscription request and is known online. The owner stays in the room.
 */
export async function topicWithOnlineMembers(
  owner: TestUser,
  topic: string,
  ...members: TestUser[]
): Promise<void> {
  await createPersistentTopic(owner, topic);
  await addTopicMembers(owner, topic, ...members);
  for (const member of members) await memberOnline(member, topic);
}

/** The owner accepts the service's subscription request, so topics follow her presence. */
export async function followOwner(owner: TestUser): Promise<void> {
  await answerSubscription(owner, LISTS_DOMAIN, "subscribed");
  await barrier(owner, LISTS_DOMAIN); // the service has handled her presence
}

/** A member subscribes to the topic's presence and waits until the topic shows available. */
export async function watchTopic(member: TestUser, topic: string): Promise<void> {
  await fetchRoster(member); // so that the server hands this session the `subscribed` answer
  await member.send(xml("presence", { to: topic, type: "subscribe" }));
  await member.waitFor(isSubscriptionFrom(topic, "subscribed"));
  await member.waitFor(isAvailableFrom(topic));
}
