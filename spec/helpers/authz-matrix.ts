// The authorization matrix (issue 7 §4): every operation a client can attempt on Manifold, by every
// role, with the answer the protocol requires (../shared/PROTOCOL.md, docs/protocol.md, and where
// both are silent XEP-0045 and XEP-0050). The table is data; each operation also says how to do it
// through a Driver, so the same cells run in-process (spec/stanza/authz.spec.ts) and against a real
// server with real clients (spec/integration/authz.spec.ts).
//
// The cast: `owner` owns the members-only, persistent room R, the group G (a member of R) and the
// topic T. `admin`, `member`, `peer` and `target` are affiliated with R and in it; `group-member` is a
// member of G and in R through it; `guest` is an outsider R talks to (contact-as-group); `outcast` is
// banned from R; `outsider` and `remote` (a user of another domain) have no affiliation. In T,
// `member` is the one member. `peer` receives what others send and makes the groups cells need;
// `target` is who gets kicked.
import assert from "node:assert/strict";
import { Element } from "ltx";

export const ROOM_ROLES = [
  "owner",
  "admin",
  "member",
  "group-member",
  "guest",
  "outsider",
  "outcast",
  "remote",
] as const;
export const TOPIC_ROLES = ["owner", "member", "outsider", "remote"] as const;
export type Role = (typeof ROOM_ROLES)[number];
export type Person = Role | "peer" | "target";
export const PEOPLE: readonly Person[] = [...ROOM_ROLES, "peer", "target"];

/** What a cell must answer: allowed, a stanza error condition, or (text commands) a refusal in words. */
export type Expected = "allowed" | "refused" | Condition;
export type Condition =
  | "bad-request"
  | "feature-not-implemented"
  | "forbidden"
  | "item-not-found"
  | "not-acceptable"
  | "not-allowed"
  | "registration-required"
  | "service-unavailable";
/** What a cell did answer: the same words, or whatever other condition came. */
export type Outcome = string;

// ---------------------------------------------------------------------------------------------
// Drivers: how cells reach Manifold (an in-process world, or real clients of a real server)

export interface Driver {
  /** The users' domain, another domain (not in localDomains), and Manifold's two services. */
  readonly local: string;
  readonly remote: string;
  readonly groups: string;
  readonly lists: string;
  /** A name no other cell uses, lower case (room and topic local parts, fresh users, ids). */
  unique(base: string): string;
  /** The full JID `person` is connected as. */
  jid(person: Person): string;
  send(person: Person, stanza: Element): Promise<void>;
  /** Sends an IQ and resolves with its answer, result or error. */
  iq(person: Person, stanza: Element): Promise<Element>;
  /** The first stanza `person` received and nobody took yet that matches; waits for it if need be. */
  waitFor(person: Person, match: (el: Element) => boolean, what: string): Promise<Element>;
  /** Takes the first matching stanza already received, without waiting. */
  take(person: Person, match: (el: Element) => boolean): Element | undefined;
  /** Forgets what `person` has received so far. */
  clear(person: Person): void;
}

/** The addresses every cell works on (made by setUpFixture). */
export interface Fixture {
  room: string;
  group: string;
  topic: string;
  /** Nicks in R: of everyone inside, and of the guest (an occupant without a session). */
  nick: Partial<Record<Person, string>>;
  /** `member`'s nick in T. */
  topicNick: string;
}

export interface Cell {
  d: Driver;
  f: Fixture;
  role: Role;
  /** A word no other cell uses, for bodies and names, so no stale stanza can pass for an answer. */
  token: string;
}

export interface Operation {
  /** What is attempted, as test names say it: "kick an occupant". */
  name: string;
  /** Which roles it is checked for: the room R's (all) or the topic T's. */
  on: "room" | "topic";
  /** The protocol's answer for each of those roles. */
  expected: Partial<Record<Role, Expected>>;
  /** Where the expectation comes from. */
  ref: string;
  /** Does it as `cell.role`, checks the evidence of success, and says what came back. */
  perform(cell: Cell): Promise<Outcome>;
}

// ---------------------------------------------------------------------------------------------
// Stanzas

const NS = {
  muc: "http://jabber.org/protocol/muc",
  mucUser: "http://jabber.org/protocol/muc#user",
  mucAdmin: "http://jabber.org/protocol/muc#admin",
  mucOwner: "http://jabber.org/protocol/muc#owner",
  roomConfig: "http://jabber.org/protocol/muc#roomconfig",
  mucRegister: "http://jabber.org/protocol/muc#register",
  mucRequest: "http://jabber.org/protocol/muc#request",
  register: "jabber:iq:register",
  mam: "urn:xmpp:mam:2",
  discoInfo: "http://jabber.org/protocol/disco#info",
  discoItems: "http://jabber.org/protocol/disco#items",
  commands: "http://jabber.org/protocol/commands",
  data: "jabber:x:data",
  address: "http://jabber.org/protocol/address",
  ping: "urn:xmpp:ping",
  stanzas: "urn:ietf:params:xml:ns:xmpp-stanzas",
  groupRequest: "urn:x-manifold:0#group-request",
  groupField: "urn:x-manifold:0#group",
} as const;

type Attrs = Record<string, string | undefined>;
type Fields = Record<string, string | string[]>;
type Child = Element | string | null | undefined;

/** An element; undefined attributes are left out, strings become text. */
function x(name: string, attrs: Attrs = {}, ...children: Child[]): Element {
  const defined = Object.fromEntries(Object.entries(attrs).filter(([, v]) => v !== undefined));
  const el = new Element(name, defined);
  for (const child of children) {
    if (typeof child === "string") el.t(child);
    else if (child) el.append(child);
  }
  return el;
}

const iq = (type: "get" | "set", to: string, payload: Element) => x("iq", { type, to }, payload);
const query = (xmlns: string, attrs: Attrs = {}, ...children: Child[]) =>
  x("query", { xmlns, ...attrs }, ...children);
const chat = (to: string, body: string, type = "chat") => x("message", { to, type }, x("body", {}, body));
const adminSet = (room: string, ...items: Attrs[]) =>
  iq("set", room, query(NS.mucAdmin, {}, ...items.map((i) => x("item", i))));
const adminGet = (room: string, affiliation: string) =>
  iq("get", room, query(NS.mucAdmin, {}, x("item", { affiliation })));
const discoInfo = (to: string) => iq("get", to, query(NS.discoInfo));
const joinPresence = (room: string, nick: string, id: string) =>
  x("presence", { to: `${room}/${nick}`, id }, x("x", { xmlns: NS.muc }, x("history", { maxstanzas: "0" })));

/** A submitted data form; `formType` becomes the hidden FORM_TYPE field. */
function form(fields: Fields, formType?: string): Element {
  const all = formType ? { FORM_TYPE: formType, ...fields } : fields;
  const field = ([name, value]: [string, string | string[]]) =>
    x(
      "field",
      { var: name, type: name === "FORM_TYPE" ? "hidden" : undefined },
      ...[value].flat().map((v) => x("value", {}, v)),
    );
  return x("x", { xmlns: NS.data, type: "submit" }, ...Object.entries(all).map(field));
}

export const bareOf = (jid: string): string => jid.split("/")[0]!;
const localOf = (jid: string): string => bareOf(jid).split("@")[0]!;
const codes = (el: Element): number[] =>
  (el.getChild("x", NS.mucUser)?.getChildren("status") ?? []).map((s) => Number(s.attrs.code));
const itemsOf = (answer: Element, xmlns: string, attr: string) =>
  (answer.getChild("query", xmlns)?.getChildren("item") ?? []).map((i) => i.attrs[attr]);

/** The defined condition of an error stanza. */
function conditionOf(el: Element): Outcome {
  const error = el.getChild("error");
  const name = error?.getChildElements().find((c) => c.getNS() === NS.stanzas && c.name !== "text")?.name;
  return name ?? `an error without a condition: ${el.toString()}`;
}

const isError = (id: string) => (el: Element) => el.attrs.type === "error" && el.attrs.id === id;
const hasBody = (text: string) => (el: Element) =>
  el.name === "message" && (el.getChildText("body") ?? "").includes(text);
const fromRoom = (room: string) => (el: Element) =>
  el.attrs.from === room || (el.attrs.from ?? "").startsWith(`${room}/`);
const isSubjectFrom = (room: string) => (el: Element) => fromRoom(room)(el) && !!el.getChild("subject");
const selfPresenceOr = (room: string, id: string) => (el: Element) =>
  el.name === "presence" &&
  (isError(id)(el) || (fromRoom(room)(el) && el.attrs.type === undefined && codes(el).includes(110)));

// ---------------------------------------------------------------------------------------------
// Doing things the way a client does, and reading what comes back

/** A query Manifold answers after everything `person` sent to `jid`'s room or service before it (one
 *  queue per room, and per sender on a service), so any error for those has arrived by then. */
async function roundTrip(d: Driver, person: Person, jid: string): Promise<void> {
  await d.iq(person, x("iq", { type: "get", to: bareOf(jid), id: d.unique("rt") }, query(NS.discoInfo)));
}

/**
 * A stanza that is answered only when refused (a message): its error if one came before a round
 * trip through the same queue; else `allowed`, once the evidence of success has come.
 */
async function attempt(c: Cell, stanza: Element, evidence?: () => Promise<unknown>): Promise<Outcome> {
  const id = (stanza.attrs.id = c.d.unique("msg"));
  await c.d.send(c.role, stanza);
  await roundTrip(c.d, c.role, stanza.attrs.to!);
  const error = c.d.take(c.role, isError(id));
  if (error) return conditionOf(error);
  await evidence?.();
  return "allowed";
}

/** An IQ's outcome; on a result, `check` may look at what it holds. */
async function ask(
  d: Driver,
  person: Person,
  stanza: Element,
  check?: (answer: Element) => unknown,
): Promise<Outcome> {
  stanza.attrs.id = d.unique("iq");
  const answer = await d.iq(person, stanza);
  if (answer.attrs.type !== "result") return conditionOf(answer);
  await check?.(answer);
  return "allowed";
}

/** An IQ that must succeed (preparing a cell). */
async function must(d: Driver, person: Person, stanza: Element): Promise<Element> {
  stanza.attrs.id = d.unique("iq");
  const answer = await d.iq(person, stanza);
  assert.equal(answer.attrs.type, "result", `${person}: ${answer.toString()}`);
  return answer;
}

/** Joins (no history): the presence error, or `allowed` with the self-presence and the subject. */
async function join(
  d: Driver,
  person: Person,
  room: string,
  nick: string,
): Promise<{ outcome: Outcome; self?: Element }> {
  const id = d.unique("join");
  await d.send(person, joinPresence(room, nick, id));
  const self = await d.waitFor(person, selfPresenceOr(room, id), `the answer to joining ${room}`);
  if (self.attrs.type === "error") return { outcome: conditionOf(self) };
  await d.waitFor(person, isSubjectFrom(room), `the subject of ${room}`);
  return { outcome: "allowed", self };
}

async function enter(d: Driver, person: Person, room: string, nick: string): Promise<Element> {
  const { outcome, self } = await join(d, person, room, nick);
  assert.equal(outcome, "allowed", `${person} enters ${room}`);
  return self!;
}

/** Creating a room or topic by joining a new JID: 201, then leaving (which ends a new, locked one). */
async function createByJoining(c: Cell, service: string): Promise<Outcome> {
  const fresh = `${c.d.unique("new")}@${service}`;
  const { outcome, self } = await join(c.d, c.role, fresh, "Creator");
  if (outcome !== "allowed") return outcome;
  assert.ok(codes(self!).includes(201), `${fresh} is created (201): ${self!.toString()}`);
  await c.d.send(c.role, x("presence", { to: `${fresh}/Creator`, type: "unavailable" }));
  return outcome;
}

/** Creates a room (or topic) by joining it, and submits its configuration. */
async function createRoom(d: Driver, by: Person, room: string, config: Fields, nick = "Creator") {
  const self = await enter(d, by, room, nick);
  assert.ok(codes(self).includes(201), `${room} is created: ${self.toString()}`);
  await must(d, by, configForm(room, config));
}

const configForm = (room: string, fields: Fields) =>
  iq("set", room, query(NS.mucOwner, {}, form(fields, NS.roomConfig)));
const affiliate = (d: Driver, by: Person, room: string, jid: string, affiliation: string) =>
  must(d, by, adminSet(room, { jid, affiliation }));
const PERSISTENT_MEMBERS_ONLY = { "muc#roomconfig_persistentroom": "1", "muc#roomconfig_membersonly": "1" };

/**
 * Runs an ad-hoc command as a client does (XEP-0050): execute, then submit `values` in the form's
 * session (its hidden fields echoed). Without `values`, only the first stage.
 */
async function command(
  d: Driver,
  person: Person,
  to: string,
  node: string,
  values?: Fields,
): Promise<{ outcome: Outcome; answer?: Element }> {
  const execute = x("command", { xmlns: NS.commands, node, action: "execute" });
  const first = await d.iq(person, x("iq", { type: "set", to, id: d.unique("cmd") }, execute));
  if (first.attrs.type !== "result") return { outcome: conditionOf(first) };
  const stage = first.getChild("command", NS.commands)!;
  if (stage.attrs.status === "completed" || !values) return { outcome: "allowed", answer: stage };
  const fields = stage.getChild("x", NS.data)?.getChildren("field") ?? [];
  const hidden = fields
    .filter((f) => f.attrs.type === "hidden")
    .map((f) => [f.attrs.var!, f.getChildren("value").map((v) => v.getText())]);
  return submit(d, person, to, node, { ...Object.fromEntries(hidden), ...values }, stage.attrs.sessionid);
}

/** Submits a command's form, in a first stage's session or at once (Manifold keeps no sessions). */
async function submit(
  d: Driver,
  person: Person,
  to: string,
  node: string,
  values: Fields,
  sessionid = d.unique("session"),
): Promise<{ outcome: Outcome; answer?: Element }> {
  const complete = x("command", { xmlns: NS.commands, node, sessionid, action: "complete" }, form(values));
  const done = await d.iq(person, x("iq", { type: "set", to, id: d.unique("cmd") }, complete));
  if (done.attrs.type !== "result") return { outcome: conditionOf(done) };
  const answer = done.getChild("command", NS.commands)!;
  assert.equal(answer.attrs.status, "completed", `${node} completes: ${done.toString()}`);
  return { outcome: "allowed", answer };
}

async function run(c: Cell, to: string, node: string, values?: Fields): Promise<Outcome> {
  return (await command(c.d, c.role, to, node, values)).outcome;
}

async function mustRun(d: Driver, person: Person, to: string, node: string, values: Fields) {
  const { outcome, answer } = await command(d, person, to, node, values);
  assert.equal(outcome, "allowed", `${person} runs ${node} on ${to}`);
  return answer!;
}

/** A text command (a chat to a service), answered in words; a refusal starts with "Sorry". */
async function textCommand(c: Cell, to: string, text: string, success: RegExp): Promise<Outcome> {
  const outcome = await attempt(c, chat(to, text));
  if (outcome !== "allowed") return outcome;
  const answer = c.d.take(c.role, (el) => el.name === "message" && el.attrs.from === to);
  const body = answer?.getChildText("body") ?? "";
  if (body.startsWith("Sorry")) return "refused";
  assert.match(body, success, `${c.role}: the answer to "${text}"`);
  return "allowed";
}

// ---------------------------------------------------------------------------------------------
// The fixture, and what single cells prepare

export async function setUpFixture(d: Driver): Promise<Fixture> {
  const bare = (p: Person) => bareOf(d.jid(p));
  const group = `${d.unique("group")}@${d.groups}`;
  const room = `${d.unique("room")}@${d.groups}`;
  await createRoom(d, "owner", group, { ...PERSISTENT_MEMBERS_ONLY, "muc#roomconfig_roomname": "Grp" });
  await affiliate(d, "owner", group, bare("group-member"), "member");
  await createRoom(d, "owner", room, { ...PERSISTENT_MEMBERS_ONLY, "muc#roomconfig_roomname": "R" }, "Owner");
  const members = (["member", "peer", "target"] as const).map((p) => ({
    jid: bare(p),
    affiliation: "member",
  }));
  await must(
    d,
    "owner",
    adminSet(
      room,
      { jid: bare("admin"), affiliation: "admin" },
      ...members,
      { jid: bare("outcast"), affiliation: "outcast" },
      { jid: group, affiliation: "member" },
    ),
  );
  const nick: Fixture["nick"] = {
    owner: "Owner",
    admin: "Admin",
    member: "Member",
    peer: "Peer",
    target: "Target",
  };
  for (const p of ["admin", "member", "peer", "target"] as const) await enter(d, p, room, nick[p]!);
  // The group's member enters through G: the room names them "Grp/GroupMember".
  const self = await enter(d, "group-member", room, "GroupMember");
  nick["group-member"] = self.attrs.from!.slice(room.length + 1);
  nick.guest = await ensureGuest(d, room);

  const topic = `${d.unique("topic")}@${d.lists}`;
  await mustRun(d, "owner", d.lists, "create", { name: localOf(topic), members: bare("member") });
  await enter(d, "owner", topic, "Owner");
  for (const p of PEOPLE) d.clear(p);
  return { room, group, topic, nick, topicNick: localOf(bare("member")) };
}

/** Makes `guest` a guest of the room (again), as its owner; returns the guest's nick there. */
async function ensureGuest(d: Driver, room: string): Promise<string> {
  const guest = bareOf(d.jid("guest"));
  await mustRun(d, "owner", room, "contact-as-group", { jid: guest, message: d.unique("hello") });
  const presence = d.take(
    "owner",
    (el) => el.name === "presence" && fromRoom(room)(el) && el.getChildText("status") === "Guest",
  );
  // A guest already there is not announced again; a new one is named after its JID's local part.
  return presence ? presence.attrs.from!.slice(room.length + 1) : localOf(guest);
}

/**
 * A new persistent group with `person` as a member. `peer` makes (and owns) it, so that preparing
 * cells is not all one user's work: Manifold limits how much one user may send.
 */
async function groupOf(d: Driver, person: Person): Promise<string> {
  const group = `${d.unique("h")}@${d.groups}`;
  await createRoom(d, "peer", group, PERSISTENT_MEMBERS_ONLY);
  if (person !== "peer") await affiliate(d, "peer", group, bareOf(d.jid(person)), "member");
  return group;
}

/** A new room of the owner's in which `role` has the same place as in R (to be destroyed). */
async function roomWithRole(c: Cell): Promise<string> {
  const room = `${c.d.unique("doomed")}@${c.d.groups}`;
  await createRoom(c.d, "owner", room, PERSISTENT_MEMBERS_ONLY);
  const jid = bareOf(c.d.jid(c.role));
  if (c.role === "admin" || c.role === "member" || c.role === "outcast")
    await affiliate(c.d, "owner", room, jid, c.role);
  if (c.role === "group-member") await affiliate(c.d, "owner", room, c.f.group, "member");
  if (c.role === "guest") await ensureGuest(c.d, room);
  return room;
}

/** A group request waiting in R: `peer` asks for a new group of theirs. Returns the group. */
async function pendingRequest(c: Cell): Promise<string> {
  const group = await groupOf(c.d, "peer");
  await mustRun(c.d, "peer", c.f.room, "join-as-group", { group });
  return group;
}

/** A new topic of the owner's, made by command, with `member` in it (to be deleted or left). */
async function scratchTopic(c: Cell): Promise<string> {
  const name = c.d.unique("scratch");
  await mustRun(c.d, "owner", c.d.lists, "create", { name, members: bareOf(c.d.jid("member")) });
  return `${name}@${c.d.lists}`;
}

const freshJid = (c: Cell) => `${c.d.unique("someone")}@${c.d.local}`;
/** The nick a role has in R, or asks for when it is not inside. */
const nickOf = (c: Cell) => c.f.nick[c.role] ?? localOf(c.d.jid(c.role));

// ---------------------------------------------------------------------------------------------
// Expectations

type Expectations = Partial<Record<Role, Expected>>;

/** `allowed` for the roles named, `otherwise` for the others; then the exceptions. */
function rule(
  on: "room" | "topic",
  allowed: readonly Role[],
  otherwise: Expected,
  exceptions: Expectations = {},
): Expectations {
  const roles = on === "room" ? ROOM_ROLES : TOPIC_ROLES;
  return Object.fromEntries(
    roles.map((r) => [r, exceptions[r] ?? (allowed.includes(r) ? "allowed" : otherwise)]),
  );
}

const everyone = (on: "room" | "topic") => rule(on, ROOM_ROLES, "allowed");
const OWNER = ["owner"] as const;
const OWNERS_ADMINS = ["owner", "admin"] as const;
const AFFILIATED = ["owner", "admin", "member"] as const;
/** Who is in R: the affiliated occupants and the group's member (a guest has no session there). */
const OCCUPANTS = ["owner", "admin", "member", "group-member"] as const;
/** PROTOCOL §2 "Who may enter B": its own members, admins, owners, and members of groups inside it. */
const MAY_ENTER = OCCUPANTS;
const LOCAL_USERS = ["owner", "member", "outsider"] as const;
const AWAY: Expectations = {
  guest: "not-acceptable",
  outsider: "not-acceptable",
  outcast: "not-acceptable",
  remote: "not-acceptable",
};

// ---------------------------------------------------------------------------------------------
// The room R (groups service): every role

const roomOperations: Operation[] = [
  {
    name: "enter the room",
    on: "room",
    ref: "XEP-0045 §7.2.6 (members-only: registration-required), §7.2.7 (banned: forbidden); PROTOCOL §2 Who may enter B",
    expected: rule("room", MAY_ENTER, "registration-required", { outcast: "forbidden" }),
    perform: async (c) => (await join(c.d, c.role, c.f.room, nickOf(c))).outcome,
  },
  {
    name: "send a groupchat message",
    on: "room",
    ref: "XEP-0045 §7.4 (not an occupant: not-acceptable)",
    expected: rule("room", OCCUPANTS, "not-acceptable"),
    perform: (c) =>
      attempt(c, chat(c.f.room, c.token, "groupchat"), () =>
        c.d.waitFor(c.role, (el) => fromRoom(c.f.room)(el) && hasBody(c.token)(el), "the reflection"),
      ),
  },
  {
    name: "send a private message to an occupant",
    on: "room",
    ref: "XEP-0045 §7.5 (not an occupant: not-acceptable); private messages allowed to anyone (default)",
    expected: rule("room", OCCUPANTS, "not-acceptable"),
    perform: (c) =>
      attempt(c, chat(`${c.f.room}/${c.f.nick.peer}`, c.token), () =>
        c.d.waitFor("peer", (el) => fromRoom(c.f.room)(el) && hasBody(c.token)(el), "the message"),
      ),
  },
  {
    name: "change the subject",
    on: "room",
    ref: "XEP-0045 §8.1 (moderators only by default: forbidden), §7.4 (not an occupant: not-acceptable)",
    expected: rule("room", OWNERS_ADMINS, "forbidden", AWAY),
    perform: (c) =>
      attempt(c, x("message", { to: c.f.room, type: "groupchat" }, x("subject", {}, c.token)), () =>
        c.d.waitFor(
          c.role,
          (el) => isSubjectFrom(c.f.room)(el) && el.getChildText("subject") === c.token,
          "the subject",
        ),
      ),
  },
  {
    name: "invite someone (mediated invitation)",
    on: "room",
    ref: "XEP-0045 §7.8.2, §9.5 (members-only room, invitations by admins: forbidden); only occupants invite (not-acceptable)",
    expected: rule("room", OWNERS_ADMINS, "forbidden", AWAY),
    async perform(c) {
      const invitee = freshJid(c);
      const invite = x(
        "message",
        { to: c.f.room },
        x("x", { xmlns: NS.mucUser }, x("invite", { to: invitee })),
      );
      return attempt(c, invite, async () => {
        // docs/protocol.md Invitations: in a members-only room the invitee becomes a member.
        const list = await must(c.d, "owner", adminGet(c.f.room, "member"));
        assert.ok(itemsOf(list, NS.mucAdmin, "jid").includes(invitee), `${invitee} is a member now`);
      });
    },
  },
  {
    name: "kick an occupant",
    on: "room",
    ref: "XEP-0045 §8.2 (moderators only: forbidden)",
    expected: rule("room", OWNERS_ADMINS, "forbidden"),
    async perform(c) {
      await enter(c.d, "target", c.f.room, c.f.nick.target!);
      const outcome = await ask(c.d, c.role, adminSet(c.f.room, { nick: c.f.nick.target!, role: "none" }));
      if (outcome === "allowed") {
        const kicked = (el: Element) => el.attrs.type === "unavailable" && codes(el).includes(307);
        await c.d.waitFor("target", (el) => fromRoom(c.f.room)(el) && kicked(el), "the kick (307)");
      }
      return outcome;
    },
  },
  ...affiliationChanges(),
  ...(["member", "admin", "owner", "outcast"] as const).map((affiliation): Operation => ({
    name: `get the ${affiliation} list`,
    on: "room",
    ref: "docs/protocol.md Roles and affiliations (the four lists: owners and admins); XEP-0045 §9.2, §9.5",
    expected: rule("room", OWNERS_ADMINS, "forbidden"),
    perform: (c) =>
      ask(c.d, c.role, adminGet(c.f.room, affiliation), (answer) =>
        assert.ok(itemsOf(answer, NS.mucAdmin, "jid").length > 0, `R's ${affiliation} list has items`),
      ),
  })),
  {
    name: "get the configuration form",
    on: "room",
    ref: "XEP-0045 §10.2 (not an owner: forbidden)",
    expected: rule("room", OWNER, "forbidden"),
    perform: (c) => ask(c.d, c.role, iq("get", c.f.room, query(NS.mucOwner))),
  },
  {
    name: "submit the configuration form",
    on: "room",
    ref: "XEP-0045 §10.2 (not an owner: forbidden)",
    expected: rule("room", OWNER, "forbidden"),
    perform: (c) => ask(c.d, c.role, configForm(c.f.room, { "muc#roomconfig_roomdesc": c.token })),
  },
  {
    name: "destroy the room",
    on: "room",
    ref: "XEP-0045 §10.9 (not an owner: forbidden)",
    expected: rule("room", OWNER, "forbidden"),
    async perform(c) {
      const doomed = await roomWithRole(c);
      const destroy = iq("set", doomed, query(NS.mucOwner, {}, x("destroy", {}, x("reason", {}, c.token))));
      return ask(c.d, c.role, destroy, async () => {
        const info = await c.d.iq(c.role, discoInfo(doomed));
        assert.equal(conditionOf(info), "item-not-found", "the destroyed room is gone");
      });
    },
  },
  {
    name: "register a nickname",
    on: "room",
    ref: "XEP-0045 §7.10 (banned: forbidden); docs/protocol.md Registration (members-only room: a pending request)",
    expected: rule("room", ROOM_ROLES, "allowed", { outcast: "forbidden" }),
    perform: (c) =>
      ask(
        c.d,
        c.role,
        iq(
          "set",
          c.f.room,
          query(NS.register, {}, form({ "muc#register_roomnick": c.token }, NS.mucRegister)),
        ),
      ),
  },
  {
    name: "query the archive (MAM)",
    on: "room",
    ref: "PROTOCOL §2 Delivery (readable by everyone who may enter); docs/protocol.md Archive (forbidden)",
    expected: rule("room", MAY_ENTER, "forbidden"),
    perform: (c) =>
      ask(c.d, c.role, iq("set", c.f.room, query(NS.mam, { queryid: c.token })), (answer) =>
        assert.ok(answer.getChild("fin", NS.mam), `a <fin/>: ${answer.toString()}`),
      ),
  },
  {
    name: "disco#info of the room",
    on: "room",
    ref: "XEP-0045 §6.4 (anyone may ask)",
    expected: everyone("room"),
    perform: (c) => ask(c.d, c.role, discoInfo(c.f.room)),
  },
  {
    name: "disco#items of the room",
    on: "room",
    ref: "XEP-0045 §6.5 (occupants kept private: an empty list)",
    expected: everyone("room"),
    perform: (c) =>
      ask(c.d, c.role, iq("get", c.f.room, query(NS.discoItems)), (answer) =>
        assert.deepEqual(itemsOf(answer, NS.discoItems, "jid"), [], "no occupants are listed"),
      ),
  },
  {
    name: "disco#info of an occupant",
    on: "room",
    ref: "XEP-0045 §6.6 (from a non-occupant: bad-request, MUST); docs/protocol.md Self-ping (not relayed: service-unavailable)",
    expected: rule("room", [], "service-unavailable", {
      guest: "bad-request",
      outsider: "bad-request",
      outcast: "bad-request",
      remote: "bad-request",
    }),
    perform: (c) => ask(c.d, c.role, discoInfo(`${c.f.room}/${c.f.nick.peer}`)),
  },
  {
    name: "self-ping (XEP-0410)",
    on: "room",
    ref: "XEP-0410 §3.1 (not joined: not-acceptable)",
    expected: rule("room", OCCUPANTS, "not-acceptable"),
    perform: (c) => ask(c.d, c.role, iq("get", `${c.f.room}/${nickOf(c)}`, x("ping", { xmlns: NS.ping }))),
  },
  {
    name: "request voice",
    on: "room",
    ref: "XEP-0045 §7.13; Manifold has no voice requests, so feature-not-implemented (RFC 6120 §8.3.3.3)",
    expected: rule("room", [], "feature-not-implemented"),
    perform: (c) =>
      attempt(c, x("message", { to: c.f.room }, form({ "muc#role": "participant" }, NS.mucRequest))),
  },
  ...groupRequests(),
  ...guests(),
  {
    name: "create a room by joining it",
    on: "room",
    ref: "docs/protocol.md Create a room (only users of localDomains: not-allowed)",
    expected: rule("room", ROOM_ROLES, "allowed", { remote: "not-allowed" }),
    perform: (c) => createByJoining(c, c.d.groups),
  },
  ...preferences("room", "groups"),
];

/** Granting and revoking affiliations (XEP-0045 §9, §10), each on a user no one else uses. */
function affiliationChanges(): Operation[] {
  const change = (name: string, ref: string, by: readonly Role[], from: string, to: string): Operation => ({
    name,
    on: "room",
    ref,
    expected: rule("room", by, "forbidden"),
    async perform(c) {
      const jid = freshJid(c);
      if (from !== "none") await affiliate(c.d, "owner", c.f.room, jid, from);
      return ask(c.d, c.role, adminSet(c.f.room, { jid, affiliation: to }));
    },
  });
  return [
    change("ban a user", "XEP-0045 §9.1 (admins and owners: forbidden)", OWNERS_ADMINS, "none", "outcast"),
    change(
      "grant membership",
      "XEP-0045 §9.3 (admins and owners: forbidden)",
      OWNERS_ADMINS,
      "none",
      "member",
    ),
    change(
      "revoke membership",
      "XEP-0045 §9.4 (admins and owners: forbidden)",
      OWNERS_ADMINS,
      "member",
      "none",
    ),
    change("grant admin status", "XEP-0045 §10.6 (not an owner: MUST forbidden)", OWNER, "none", "admin"),
    change("revoke admin status", "XEP-0045 §10.7 (not an owner: MUST forbidden)", OWNER, "admin", "member"),
    change("grant owner status", "XEP-0045 §10.3 (not an owner: MUST forbidden)", OWNER, "none", "owner"),
    change("revoke owner status", "XEP-0045 §10.4 (not an owner: MUST forbidden)", OWNER, "owner", "admin"),
  ];
}

/** A group asking to join R, and R's owners and admins answering (PROTOCOL §2, docs Nested groups). */
function groupRequests(): Operation[] {
  const answered = (
    name: string,
    ref: string,
    approve: boolean,
    send: (c: Cell, group: string) => Promise<Outcome>,
  ): Operation => ({
    name,
    on: "room",
    ref,
    expected: rule("room", OWNERS_ADMINS, "forbidden"),
    async perform(c) {
      const group = await pendingRequest(c);
      const outcome = await send(c, group);
      const told = (el: Element) =>
        el.attrs.from === c.f.room.split("@")[1] && hasBody(approve ? "was approved" : "was declined")(el);
      if (outcome === "allowed") await c.d.waitFor("peer", told, "the requester is told");
      return outcome;
    },
  });
  return [
    {
      name: "ask for one's group to join (join-as-group)",
      on: "room",
      ref: "PROTOCOL §2 (any member of A may ask); XEP-0050 §4.4 (not allowed to execute the command: forbidden)",
      expected: rule("room", ROOM_ROLES, "allowed", { outcast: "forbidden" }),
      perform: async (c) => run(c, c.f.room, "join-as-group", { group: await groupOf(c.d, c.role) }),
    },
    {
      name: "ask for one's group to join by registration",
      on: "room",
      ref: "docs/protocol.md Ask by registration (same rules as the command); XEP-0045 §7.10 (banned: forbidden)",
      expected: rule("room", ROOM_ROLES, "allowed", { outcast: "forbidden" }),
      async perform(c) {
        const registration = form({ [NS.groupField]: await groupOf(c.d, c.role) }, NS.mucRegister);
        return ask(c.d, c.role, iq("set", c.f.room, query(NS.register, {}, registration)));
      },
    },
    {
      name: "list pending group requests (pending-requests)",
      on: "room",
      ref: "docs/protocol.md Pending requests (owners and admins); XEP-0050 §4.4 (not allowed to execute: forbidden)",
      expected: rule("room", OWNERS_ADMINS, "forbidden"),
      perform: (c) => run(c, c.f.room, "pending-requests"),
    },
    answered(
      "approve a group request (the request form sent back)",
      "PROTOCOL §2 (B's owners and admins answer the request form)",
      true,
      (c, group) => {
        const answer = form({ group, requester: bareOf(c.d.jid("peer")), approve: "1" }, NS.groupRequest);
        return attempt(c, x("message", { to: c.f.room, type: "normal" }, answer));
      },
    ),
    answered(
      "deny a group request (pending-requests)",
      "PROTOCOL §2 pending-requests on B; XEP-0050 §4.4 (not allowed to execute: forbidden)",
      false,
      (c, group) => run(c, c.f.room, "pending-requests", { deny: [group] }),
    ),
  ];
}

/** Talking to an outsider as the group (PROTOCOL §2, docs/protocol.md "Speaking to an outsider"). */
function guests(): Operation[] {
  const guestGets = (c: Cell, text: string) =>
    c.d.waitFor("guest", (el) => el.attrs.from === c.f.room && hasBody(text)(el), `"${text}" from the group`);
  // A cell that ended the guest's conversation invites the guest again for the cells that follow.
  const restoreGuest = async (c: Cell, outcome: Outcome) => {
    if (outcome === "allowed") c.f.nick.guest = await ensureGuest(c.d, c.f.room);
    return outcome;
  };
  return [
    {
      name: "talk to an outsider as the group (contact-as-group)",
      on: "room",
      ref: "PROTOCOL §2 (a member of A runs contact-as-group); XEP-0050 §4.4 (not allowed to execute: forbidden)",
      expected: rule("room", AFFILIATED, "forbidden"),
      perform: (c) => run(c, c.f.room, "contact-as-group", { jid: freshJid(c) }),
    },
    {
      name: "write to the group's address (the guest's reply)",
      on: "room",
      ref: "PROTOCOL §2 (F's replies appear in A); docs/protocol.md (anyone else: bad-request)",
      expected: rule("room", ["guest"], "bad-request"),
      perform: (c) =>
        attempt(c, chat(c.f.room, c.token), () => {
          const inRoom = (el: Element) =>
            el.attrs.from === `${c.f.room}/${c.f.nick.guest}` && hasBody(c.token)(el);
          return c.d.waitFor("peer", inRoom, "the guest's words in the room");
        }),
    },
    {
      name: "send a private message to the guest",
      on: "room",
      ref: "PROTOCOL §2 (a private message to the guest reaches F as the group); XEP-0045 §7.5 (not-acceptable)",
      expected: rule("room", OCCUPANTS, "not-acceptable"),
      perform: (c) => attempt(c, chat(`${c.f.room}/${c.f.nick.guest}`, c.token), () => guestGets(c, c.token)),
    },
    {
      name: "end the guest's conversation (kick the guest)",
      on: "room",
      ref: "docs/protocol.md End (a kick by a moderator of A); XEP-0045 §8.2 (not a moderator: forbidden)",
      expected: rule("room", OWNERS_ADMINS, "forbidden"),
      async perform(c) {
        const kick = adminSet(c.f.room, { nick: c.f.nick.guest!, role: "none" });
        return restoreGuest(c, await ask(c.d, c.role, kick, () => guestGets(c, "ended this conversation")));
      },
    },
    {
      name: "end the guest's conversation with /leave",
      on: "room",
      ref: "PROTOCOL §2 (F ends it with /leave); docs/protocol.md (anyone else: bad-request)",
      expected: rule("room", ["guest"], "bad-request"),
      async perform(c) {
        const outcome = await attempt(c, chat(c.f.room, "/leave"), () =>
          guestGets(c, "You left the conversation"),
        );
        return restoreGuest(c, outcome);
      },
    },
  ];
}

/** The chat-state preferences (PROTOCOL §3), command and text, on either service, for anyone. */
function preferences(on: "room" | "topic", service: "groups" | "lists"): Operation[] {
  const ref =
    "PROTOCOL §3 Privacy switch; docs/protocol.md Privacy preferences (any user who can reach the service)";
  return [
    {
      name: `chat-state preferences (command on the ${service} service)`,
      on,
      ref,
      expected: everyone(on),
      perform: (c) =>
        run(c, c.d[service], "preferences", { "send-chat-states": "1", "receive-chat-states": "1" }),
    },
    {
      name: `chat-state preferences (text to the ${service} service)`,
      on,
      ref,
      expected: everyone(on),
      perform: (c) => textCommand(c, c.d[service], "preferences", /^Chat states:/),
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// The topic T (lists service): owner, member, outsider, remote

const ownerOnly = rule("topic", OWNER, "forbidden");
const memberGets = (c: Cell, topic = c.f.topic, text = c.token) =>
  c.d.waitFor(
    "member",
    (el) => el.attrs.from === topic && el.attrs.type === "chat" && hasBody(text)(el),
    "a chat",
  );
/** The owner's settings: persistent (1) or temporary (0). */
const persistence = (topic: string, persistent: "0" | "1") =>
  configForm(topic, { "muc#roomconfig_persistentroom": persistent });

const topicOperations: Operation[] = [
  {
    name: "create a topic by joining it",
    on: "topic",
    ref: "PROTOCOL §1 Create (only users of the local domains own topics); docs/protocol.md (not-allowed)",
    expected: rule("topic", LOCAL_USERS, "not-allowed"),
    perform: (c) => createByJoining(c, c.d.lists),
  },
  {
    name: "create a topic (create command)",
    on: "topic",
    ref: "PROTOCOL §1 Create (local domains only); XEP-0050 §4.4 (not allowed to execute: forbidden)",
    expected: rule("topic", LOCAL_USERS, "forbidden"),
    perform: (c) => run(c, c.d.lists, "create", { name: c.d.unique("made") }),
  },
  {
    name: "create a topic (text command)",
    on: "topic",
    ref: "docs/protocol.md Commands and text equivalents (local domains only)",
    expected: rule("topic", LOCAL_USERS, "refused"),
    perform: (c) => textCommand(c, c.d.lists, `create ${c.d.unique("typed")}`, /^Created /),
  },
  {
    name: "enter the topic's room",
    on: "topic",
    ref: "docs/protocol.md Create by joining (a member: forbidden; anyone else: registration-required)",
    expected: rule("topic", OWNER, "registration-required", { member: "forbidden" }),
    perform: async (c) => (await join(c.d, c.role, c.f.topic, "Owner")).outcome,
  },
  {
    name: "add a member (admin list)",
    on: "topic",
    ref: "PROTOCOL §1 Members, §4 (only the owner manages a topic); XEP-0045 §9.3 (forbidden)",
    expected: ownerOnly,
    perform: (c) => ask(c.d, c.role, adminSet(c.f.topic, { jid: freshJid(c), affiliation: "member" })),
  },
  {
    name: "add a member (mediated invitation)",
    on: "topic",
    ref: "PROTOCOL §1 Members (the owner invites), §4 (only the owner manages a topic)",
    expected: ownerOnly,
    async perform(c) {
      const invitee = freshJid(c);
      const invite = x(
        "message",
        { to: c.f.topic },
        x("x", { xmlns: NS.mucUser }, x("invite", { to: invitee })),
      );
      return attempt(c, invite, () =>
        c.d.waitFor("owner", (el) => fromRoom(c.f.topic)(el) && hasBody(invitee)(el), "the room says so"),
      );
    },
  },
  {
    name: "remove a member (admin list)",
    on: "topic",
    ref: "PROTOCOL §1 Members (affiliation none), §4 (only the owner manages a topic)",
    expected: ownerOnly,
    async perform(c) {
      const jid = freshJid(c);
      await affiliate(c.d, "owner", c.f.topic, jid, "member");
      return ask(c.d, c.role, adminSet(c.f.topic, { jid, affiliation: "none" }));
    },
  },
  {
    name: "remove a member (kick)",
    on: "topic",
    ref: "PROTOCOL §1 Members (or a kick); XEP-0045 §8.2 (not a moderator in the room: forbidden)",
    expected: ownerOnly,
    async perform(c) {
      const jid = freshJid(c);
      await affiliate(c.d, "owner", c.f.topic, jid, "member");
      return ask(c.d, c.role, adminSet(c.f.topic, { nick: localOf(jid), role: "none" }));
    },
  },
  {
    name: "list the members",
    on: "topic",
    ref: "docs/protocol.md Member list (owner only)",
    expected: ownerOnly,
    perform: (c) => ask(c.d, c.role, adminGet(c.f.topic, "member")),
  },
  {
    name: "grant a topic admin status",
    on: "topic",
    ref: "docs/protocol.md Other affiliations (the owner: not-allowed); XEP-0045 §10.6 (not an owner: forbidden)",
    expected: rule("topic", [], "forbidden", { owner: "not-allowed" }),
    perform: (c) => ask(c.d, c.role, adminSet(c.f.topic, { jid: freshJid(c), affiliation: "admin" })),
  },
  {
    name: "send to all (groupchat)",
    on: "topic",
    ref: "PROTOCOL §1 Send to all; XEP-0045 §7.4 (not in the room: not-acceptable)",
    expected: rule("topic", OWNER, "not-acceptable"),
    perform: (c) => attempt(c, chat(c.f.topic, c.token, "groupchat"), () => memberGets(c)),
  },
  {
    name: "send to some (XEP-0033 addresses)",
    on: "topic",
    ref: "PROTOCOL §1 Send to some; XEP-0045 §7.4 (not in the room: not-acceptable)",
    expected: rule("topic", OWNER, "not-acceptable"),
    perform(c) {
      const to = x("address", { type: "to", jid: bareOf(c.d.jid("member")) });
      const message = chat(c.f.topic, c.token, "groupchat");
      message.append(x("addresses", { xmlns: NS.address }, to));
      return attempt(c, message, () => memberGets(c));
    },
  },
  {
    name: "send to one (private message to a member)",
    on: "topic",
    ref: "PROTOCOL §1 Send to one, §4 (only the owner can send to a topic: forbidden)",
    expected: ownerOnly,
    perform: (c) => attempt(c, chat(`${c.f.topic}/${c.f.topicNick}`, c.token), () => memberGets(c)),
  },
  {
    name: "write to the topic's address (the owner: to all; a member: a reply)",
    on: "topic",
    ref: "PROTOCOL §1 Without joining; Member side (a reply reaches the owner; not a member: forbidden)",
    expected: rule("topic", ["owner", "member"], "forbidden"),
    perform: (c) =>
      attempt(c, chat(c.f.topic, c.token), () => {
        if (c.role === "owner") return memberGets(c);
        const reply = (el: Element) =>
          el.attrs.from === `${c.f.topic}/${c.f.topicNick}` && hasBody(c.token)(el);
        return c.d.waitFor("owner", reply, "the reply in the owner's room");
      }),
  },
  {
    name: "make the topic permanent",
    on: "topic",
    ref: "PROTOCOL §1 Lifetime (room configuration); XEP-0045 §10.2 (not an owner: forbidden)",
    expected: ownerOnly,
    perform: (c) => ask(c.d, c.role, persistence(c.f.topic, "1")),
  },
  {
    name: "make the topic temporary",
    on: "topic",
    ref: "PROTOCOL §1 Lifetime (room configuration); XEP-0045 §10.2 (not an owner: forbidden)",
    expected: ownerOnly,
    async perform(c) {
      const outcome = await ask(c.d, c.role, persistence(c.f.topic, "0"));
      await must(c.d, "owner", persistence(c.f.topic, "1")); // T stays for the cells that follow
      return outcome;
    },
  },
  {
    name: "get the topic's configuration form",
    on: "topic",
    ref: "XEP-0045 §10.2 (not an owner: forbidden)",
    expected: ownerOnly,
    perform: (c) => ask(c.d, c.role, iq("get", c.f.topic, query(NS.mucOwner))),
  },
  {
    name: "destroy the topic",
    on: "topic",
    ref: "PROTOCOL §1 Lifetime (<destroy/>); XEP-0045 §10.9 (not an owner: forbidden)",
    expected: ownerOnly,
    perform: async (c) =>
      ask(c.d, c.role, iq("set", await scratchTopic(c), query(NS.mucOwner, {}, x("destroy")))),
  },
  {
    name: "delete the topic (delete command)",
    on: "topic",
    ref: "PROTOCOL §1 Lifetime (delete); another's topic: item-not-found, as topics are private; XEP-0050 §4.4 (forbidden)",
    expected: rule("topic", OWNER, "item-not-found", { remote: "forbidden" }),
    // Submitted at once: the first stage lists only the asker's own topics.
    perform: async (c) =>
      (await submit(c.d, c.role, c.d.lists, "delete", { topic: await scratchTopic(c) })).outcome,
  },
  {
    name: "delete the topic (text command)",
    on: "topic",
    ref: "docs/protocol.md Commands and text equivalents (delete NAME-OR-JID)",
    expected: rule("topic", OWNER, "refused"),
    perform: async (c) => textCommand(c, c.d.lists, `delete ${await scratchTopic(c)}`, /^Deleted /),
  },
  {
    name: "leave the topic (leave command)",
    on: "topic",
    ref: "PROTOCOL §1 (a member may leave: command leave); XEP-0050 §4.4 (not allowed to execute: forbidden)",
    expected: rule("topic", ["member"], "forbidden"),
    perform: async (c) => run(c, await scratchTopic(c), "leave"),
  },
  {
    name: "leave the topic with /leave (the owner's /leave is a message to all)",
    on: "topic",
    ref: "PROTOCOL §1 (a member's /leave; a chat from the owner fans out; not a member: forbidden)",
    expected: rule("topic", ["owner", "member"], "forbidden"),
    async perform(c) {
      const topic = await scratchTopic(c);
      return attempt(c, chat(topic, "/leave"), () =>
        c.role === "owner"
          ? memberGets(c, topic, "/leave")
          : c.d.waitFor(c.role, (el) => el.attrs.from === topic && hasBody("You have left")(el), "the note"),
      );
    },
  },
  {
    name: "list one's topics (list command)",
    on: "topic",
    ref: "docs/protocol.md Commands (list, for local users); XEP-0050 §4.4 (not allowed to execute: forbidden)",
    expected: rule("topic", LOCAL_USERS, "forbidden"),
    async perform(c) {
      const { outcome, answer } = await command(c.d, c.role, c.d.lists, "list");
      const note = answer?.getChildText("note") ?? "";
      if (outcome === "allowed") assert.equal(note.includes(c.f.topic), c.role === "owner", `T: ${note}`);
      return outcome;
    },
  },
  {
    name: "list one's topics (text command)",
    on: "topic",
    ref: "docs/protocol.md Commands and text equivalents (list, for local users)",
    expected: rule("topic", LOCAL_USERS, "refused"),
    perform: (c) => textCommand(c, c.d.lists, "list", /topics/),
  },
  {
    name: "disco#items of the topic service",
    on: "topic",
    ref: "PROTOCOL §1 (disco#items of lists lists only the requester's own topics)",
    expected: everyone("topic"),
    perform: (c) =>
      ask(c.d, c.role, iq("get", c.d.lists, query(NS.discoItems)), (answer) => {
        const jids = itemsOf(answer, NS.discoItems, "jid");
        assert.equal(
          jids.includes(c.f.topic),
          c.role === "owner",
          `T is listed to its owner only: ${jids.join()}`,
        );
      }),
  },
  {
    name: "list the commands of the topic service",
    on: "topic",
    ref: "docs/protocol.md Commands (listed only to those who may run them)",
    expected: everyone("topic"),
    perform: (c) =>
      ask(c.d, c.role, iq("get", c.d.lists, query(NS.discoItems, { node: NS.commands })), (answer) => {
        const nodes = itemsOf(answer, NS.discoItems, "node").sort();
        const mayRun = c.role === "remote" ? ["preferences"] : ["create", "delete", "list", "preferences"];
        assert.deepEqual(nodes, mayRun);
      }),
  },
  {
    name: "disco#info of the topic",
    on: "topic",
    ref: "PROTOCOL §1 (disco#info of a topic reveals nothing to non-owners beyond its name)",
    expected: everyone("topic"),
    perform: (c) =>
      ask(c.d, c.role, discoInfo(c.f.topic), (answer) => {
        const features = (answer.getChild("query", NS.discoInfo)?.getChildren("feature") ?? []).map(
          (f) => f.attrs.var,
        );
        assert.equal(
          features.includes(NS.muc),
          c.role === "owner",
          `MUC features to the owner only: ${features.join()}`,
        );
      }),
  },
  {
    name: "query the topic's archive (MAM)",
    on: "topic",
    ref: "PROTOCOL §4 (only the owner reads a topic's archive); docs/protocol.md History and archive (forbidden)",
    expected: ownerOnly,
    perform: (c) => ask(c.d, c.role, iq("set", c.f.topic, query(NS.mam, { queryid: c.token }))),
  },
  ...preferences("topic", "lists"),
];

/** Every operation, the room's first; the cells of one operation run in role order. */
export const MATRIX: readonly Operation[] = [...roomOperations, ...topicOperations];

/** The roles an operation is checked for. */
export const rolesOf = (op: Operation): readonly Role[] => (op.on === "room" ? ROOM_ROLES : TOPIC_ROLES);

/** A test name that says which cell failed: "kick an occupant by member → forbidden". */
export const cellName = (op: Operation, role: Role): string => `${op.name} by ${role} → ${op.expected[role]}`;

/** Runs one cell: clears the inboxes, performs, and returns what came back. */
export async function runCell(d: Driver, f: Fixture, op: Operation, role: Role): Promise<Outcome> {
  for (const p of PEOPLE) d.clear(p);
  return op.perform({ d, f, role, token: d.unique("token") });
}
