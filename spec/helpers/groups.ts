// Nested-group shorthands for integration specs (docs/protocol.md, "Nested groups: a room as a member
// of a room"): what the clients of a group's members, of a room's owner and of outsiders do, and the
// stanzas they wait for. No sleeps: every helper waits for the stanza that proves the step happened.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import type { Element } from "ltx";
import type { XmppServer } from "../../scripts/lib/xmpp-server.js";
import { GROUPS_DOMAIN, useServer } from "./server.js";
import { startManifold, type RunningManifold } from "./manifold.js";
import { MUC, MUC_ADMIN, MUC_USER, codes, configure, enter } from "./rooms.js";
import { uniqueName, xml, type TestUser } from "./users.js";
import { DATA, admin, bareOf, errorOf, localPart, people, runCommand } from "./topics.js";

export { GROUPS_DOMAIN };
/** The extension namespace: `<group xmlns='urn:x-manifold:0'/>` marks a group in member lists. */
export const MANIFOLD = "urn:x-manifold:0";
export const GROUP_REQUEST = "urn:x-manifold:0#group-request";
/** The registration form field naming the group that asks to join. */
export const GROUP_FIELD = "urn:x-manifold:0#group";
/** A's config field: who may ask for A to join a room (`members` or `admins`). */
export const GROUP_REQUESTS_CONFIG = "urn:x-manifold:0#group_requests";
export const MUC_REGISTER = "http://jabber.org/protocol/muc#register";
export const OCCUPANT_ID = "urn:xmpp:occupant-id:0";
export const DELAY = "urn:xmpp:delay";

/** A few random hex characters, for names no other spec uses. */
export const hex = (): string => randomBytes(3).toString("hex");
/** A room JID on groups.localhost no other spec uses; names sort by `base` first (JID order). */
export const freshRoom = (base = "g"): string => `${uniqueName(base)}@${GROUPS_DOMAIN}`;

// ---------------------------------------------------------------------------------------------
// One Manifold per spec file, and users made per test (stopped after each test).

export interface GroupsSuite {
  server: XmppServer;
  /** The old name of `server`, kept for specs written before the suite ran on ejabberd. */
  readonly prosody: XmppServer;
  /** Registers and logs in one user per base name (unique names); they are stopped after the test. */
  people<const N extends readonly string[]>(...bases: N): Promise<{ [K in keyof N]: TestUser }>;
}

/** Registers the hooks of a groups spec file: call it at the top of its describe block. */
export function groupsSuite(): GroupsSuite {
  let manifold: RunningManifold | undefined;
  const sessions: TestUser[] = [];
  const suite: GroupsSuite = {
    server: undefined as unknown as XmppServer,
    get prosody() {
      return suite.server;
    },
    async people<const N extends readonly string[]>(...bases: N) {
      const users = await people(suite.server, ...bases);
      sessions.push(...users);
      return users as { [K in keyof N]: TestUser };
    },
  };
  before(async () => {
    suite.server = await useServer();
    manifold = await startManifold(suite.server);
  });
  after(() => manifold?.stop());
  afterEach(() => Promise.all(sessions.splice(0).map((u) => u.stop())));
  return suite;
}

// ---------------------------------------------------------------------------------------------
// Rooms

/**
 * Creates a room by joining it (asserting 201) and submits its configuration: persistent and
 * members-only unless `fields` say otherwise, named `name` when given (else it keeps its local part).
 */
export async function createGroup(
  owner: TestUser,
  room: string,
  nick: string,
  options: { name?: string; fields?: Record<string, string> } = {},
): Promise<Element> {
  const self = await enter(owner, room, nick);
  assert.ok(codes(self).includes(201), `joining a new room creates it (201): ${self.toString()}`);
  await configure(owner, room, {
    "muc#roomconfig_persistentroom": "1",
    "muc#roomconfig_membersonly": "1",
    ...(options.name === undefined ? {} : { "muc#roomconfig_roomname": options.name }),
    ...options.fields,
  });
  return self;
}

/** Sets affiliations through the admin list (muc#admin), one item per JID. */
export const affiliate = (by: TestUser, room: string, affiliation: string, ...jids: string[]) =>
  admin(by, room, ...jids.map((jid) => ({ jid, affiliation })));

/** Adds users to a room as members through the admin list. */
export const addMembers = (by: TestUser, room: string, ...users: TestUser[]) =>
  affiliate(by, room, "member", ...users.map((u) => u.bare));

/** Adds group `group` to `room` through the admin list (affiliation member), as B's owner does. */
export const addGroup = (by: TestUser, room: string, group: string) => affiliate(by, room, "member", group);

/** The items of a room's affiliation list (muc#admin get). */
export async function affiliationList(user: TestUser, room: string, affiliation: string): Promise<Element[]> {
  const result = await user.iq(
    xml("iq", { type: "get", to: room }, xml("query", { xmlns: MUC_ADMIN }, xml("item", { affiliation }))),
  );
  return result.getChild("query", MUC_ADMIN)?.getChildren("item") ?? [];
}

/** The groups in a room's member list (items carrying `<group xmlns='urn:x-manifold:0'/>`), sorted. */
export async function groupsIn(user: TestUser, room: string): Promise<string[]> {
  return (await affiliationList(user, room, "member"))
    .filter((item) => item.getChild("group", MANIFOLD))
    .map((item) => bareOf(item.attrs.jid ?? ""))
    .sort();
}

// ---------------------------------------------------------------------------------------------
// Entering a room through a group

/** A presence error from `room` (bare or occupant JID). */
export const isPresenceErrorFrom =
  (room: string) =>
  (el: Element): boolean =>
    el.name === "presence" &&
    el.attrs.type === "error" &&
    (el.attrs.from === room || el.attrs.from?.startsWith(`${room}/`) === true);

/**
 * Enters `room` as a user who may enter only through group `groupName` (directly in the room):
 * asserts that the self-presence carries the rewritten nick `groupName/nick` with statuses 110 and
 * 210, then waits for the subject that ends the join. Resolves with the self-presence.
 */
export async function enterThrough(
  user: TestUser,
  room: string,
  groupName: string,
  nick: string,
  history?: Record<string, string>,
): Promise<Element> {
  await user.send(
    xml(
      "presence",
      { to: `${room}/${nick}` },
      xml("x", { xmlns: MUC }, history ? xml("history", history) : null),
    ),
  );
  const self = await user.waitFor(
    (el) =>
      (el.name === "presence" &&
        el.attrs.from?.startsWith(`${room}/`) === true &&
        el.attrs.type === undefined &&
        codes(el).includes(110)) ||
      isPresenceErrorFrom(room)(el),
  );
  assert.notEqual(self.attrs.type, "error", `${user.bare} may enter ${room}: ${self.toString()}`);
  assert.equal(self.attrs.from, `${room}/${groupName}/${nick}`, `the nick is rewritten: ${self.toString()}`);
  assert.ok(codes(self).includes(210), `status 210 (nick rewritten): ${self.toString()}`);
  await user.waitFor(
    (el) => el.name === "message" && el.attrs.from?.startsWith(room) === true && !!el.getChild("subject"),
  );
  return self;
}

/** Tries to enter `room` and resolves with the defined condition of the presence error that answers. */
export async function refusedEntry(user: TestUser, room: string, nick: string): Promise<string | undefined> {
  await user.send(xml("presence", { to: `${room}/${nick}` }, xml("x", { xmlns: MUC })));
  const answer = await user.waitFor(
    (el) =>
      isPresenceErrorFrom(room)(el) ||
      (el.name === "presence" &&
        el.attrs.from?.startsWith(`${room}/`) === true &&
        el.attrs.type === undefined &&
        codes(el).includes(110)),
  );
  assert.equal(answer.attrs.type, "error", `${user.bare} is refused entry to ${room}: ${answer.toString()}`);
  return errorOf(answer).condition;
}

/** An unavailable presence from exactly `from` carrying status `code`. */
export const isUnavailableWith =
  (from: string, code: number) =>
  (el: Element): boolean =>
    el.name === "presence" &&
    el.attrs.type === "unavailable" &&
    el.attrs.from === from &&
    codes(el).includes(code);

/** The XEP-0421 occupant id of a stanza, if any. */
export const occupantIdOf = (el: Element): string | undefined =>
  el.getChild("occupant-id", OCCUPANT_ID)?.attrs.id;

// ---------------------------------------------------------------------------------------------
// Asking, approving, adding

/** Runs `join-as-group` on `room` for `group`; resolves with the completed `<command/>`. */
export const joinAsGroup = (user: TestUser, room: string, group: string, reason?: string) =>
  runCommand(user, room, "join-as-group", { group, ...(reason === undefined ? {} : { reason }) });

/** Fields of a data form by name: their values. */
export function fieldValues(form: Element | undefined, name: string): string[] {
  const field = form?.getChildren("field").find((f) => f.attrs.var === name);
  return field ? field.getChildren("value").map((v) => v.getText()) : [];
}

/** The FORM_TYPE of a data form. */
export const formTypeOf = (form: Element | undefined): string | undefined =>
  fieldValues(form, "FORM_TYPE")[0];

/** A group-request message from `room` (for `group`, when given): a data form of that FORM_TYPE. */
export const isGroupRequest =
  (room: string, group?: string) =>
  (el: Element): boolean => {
    if (el.name !== "message" || el.attrs.from !== room || el.attrs.type === "error") return false;
    const form = el.getChild("x", DATA);
    return (
      formTypeOf(form) === GROUP_REQUEST && (group === undefined || fieldValues(form, "group")[0] === group)
    );
  };

/**
 * Answers a group-request message as an approver's client does: submits its form back to the room
 * as a message, every field echoed, with `approve` set.
 */
export async function answerGroupRequest(
  approver: TestUser,
  room: string,
  request: Element,
  approve: boolean,
): Promise<void> {
  const form = request.getChild("x", DATA);
  assert.ok(form, `the request carries a form: ${request.toString()}`);
  const fields = form
    .getChildren("field")
    .filter((f) => f.attrs.var && f.attrs.var !== "approve" && f.attrs.type !== "fixed")
    .map((f) =>
      xml("field", { var: f.attrs.var }, ...f.getChildren("value").map((v) => xml("value", {}, v.getText()))),
    );
  await approver.send(
    xml(
      "message",
      { to: room },
      xml(
        "x",
        { xmlns: DATA, type: "submit" },
        ...fields,
        xml("field", { var: "approve" }, xml("value", {}, approve ? "1" : "0")),
      ),
    ),
  );
}

/** The outcome of a request to `room`: a chat from the service JID naming the room (a message from
 * the room itself would land in the room's window in Converse, and crash Profanity). */
export const isOutcomeFor =
  (room: string, pattern?: RegExp) =>
  (el: Element): boolean =>
    el.name === "message" &&
    el.attrs.from === room.split("@")[1] &&
    el.attrs.type === "chat" &&
    (el.getChildText("body") ?? "").includes(room) &&
    (pattern === undefined || pattern.test(el.getChildText("body") ?? ""));

/** Words a requester reads when their group was approved / denied. */
export const APPROVED = /approv|accept/i;
export const DENIED = /deni|deny|declin|refus|reject/i;

/** A mediated invitation (XEP-0045 §7.8.2) from the bare room JID. */
export const isInvitationFrom =
  (room: string) =>
  (el: Element): boolean =>
    el.name === "message" &&
    el.attrs.from === room &&
    el.attrs.type !== "error" &&
    el.getChild("x", MUC_USER)?.getChild("invite") !== undefined;

/**
 * The request-and-approve path in one step: `requester` (a member of `group`) runs join-as-group on
 * `room`; `approver` (an owner of `room`) answers the request message with approve=1; resolves once
 * the requester has been told of the approval.
 */
export async function nest(
  requester: TestUser,
  approver: TestUser,
  room: string,
  group: string,
): Promise<void> {
  await joinAsGroup(requester, room, group);
  const request = await approver.waitFor(isGroupRequest(room, group));
  await answerGroupRequest(approver, room, request, true);
  await requester.waitFor(isOutcomeFor(room, APPROVED));
}

/** A registration request for `group` to join `room` (jabber:iq:register with the group field). */
export const registerGroup = (user: TestUser, room: string, group: string) =>
  user.iq(
    xml(
      "iq",
      { type: "set", to: room },
      xml(
        "query",
        { xmlns: "jabber:iq:register" },
        xml(
          "x",
          { xmlns: DATA, type: "submit" },
          xml("field", { var: "FORM_TYPE" }, xml("value", {}, MUC_REGISTER)),
          xml("field", { var: GROUP_FIELD }, xml("value", {}, group)),
        ),
      ),
    ),
  );

/** Runs `contact-as-group` on `group` to start a conversation with `jid` as the group. */
export const contactAsGroup = (user: TestUser, group: string, jid: string, message?: string) =>
  runCommand(user, group, "contact-as-group", { jid, ...(message === undefined ? {} : { message }) });

// ---------------------------------------------------------------------------------------------
// What an outsider may read

/** Starts recording every stanza `user` receives from now on (taken by waitFor or not). */
export function recordAll(user: TestUser): Element[] {
  const seen: Element[] = [];
  user.xmpp.on("stanza", (el: Element) => seen.push(el));
  return seen;
}

/** Fails naming the stanza when any recorded stanza contains any of `secrets`. */
export function assertNoneOf(
  seen: readonly Element[],
  secrets: readonly (string | undefined)[],
  who: string,
) {
  const wanted = secrets.filter((s): s is string => !!s);
  for (const el of seen) {
    const text = el.toString();
    const leaked = wanted.find((s) => text.includes(s));
    if (leaked !== undefined) assert.fail(`${who} received "${leaked}" in ${text}`);
  }
}

/** The occupant JIDs of `room` present at the end of what was recorded (available, not since gone). */
export function occupantsSeen(seen: readonly Element[], room: string): string[] {
  const present = new Set<string>();
  for (const el of seen) {
    const from = el.attrs.from;
    if (el.name !== "presence" || !from?.startsWith(`${room}/`)) continue;
    if (el.attrs.type === "unavailable") present.delete(from);
    else if (el.attrs.type === undefined) present.add(from);
  }
  return [...present].sort();
}

// ---------------------------------------------------------------------------------------------
// The usual arrangement: group A (with members) inside room B, and outsiders in B.

export interface GroupInRoom {
  /** A's JID; alice owns it. */
  a: string;
  /** A's room name: the nick the group has in B. */
  name: string;
  /** B's JID; carol owns it (members-only, semi-anonymous). */
  b: string;
}

/**
 * Alice creates group A named `Alpha-…` and makes `members` its members; carol creates room B
 * (members-only) and makes `outsiders` its members; alice asks for A to join B and carol approves.
 * Alice leaves neither room; nobody but carol is in B.
 */
export async function groupInRoom(
  alice: TestUser,
  carol: TestUser,
  members: TestUser[],
  outsiders: TestUser[] = [],
): Promise<GroupInRoom> {
  const a = freshRoom("alpha");
  const name = `Alpha-${hex()}`;
  const b = freshRoom("bravo");
  await createGroup(alice, a, "Alice", { name });
  if (members.length) await addMembers(alice, a, ...members);
  await createGroup(carol, b, "Carol");
  if (outsiders.length) await addMembers(carol, b, ...outsiders);
  await nest(alice, carol, b, a);
  return { a, name, b };
}

export { localPart };
