// Abuse limits (docs/protocol.md "Limits"): each answers its XMPP error with a text naming the
// limit, is counted in manifold_limit_refusals_total, and leaves nothing stored or sent behind.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join as joinPath } from "node:path";
import { GROUPS, LISTS, world, type World } from "./helpers/world.js";
import { MUC_ADMIN, TEA, createRoom, errorOf, join, room } from "./helpers/muc.js";
import {
  ALICE,
  ALPHA,
  BOB,
  CAROL,
  CLUB,
  DAN,
  EVE,
  MAM,
  command,
  noteOf,
  persistentRoom,
  setAffiliations,
} from "./helpers/groups.js";
import {
  BADMINTON,
  BOB_JID,
  CAROL_JID,
  OWNER,
  addMembers,
  badminton,
  runCommand,
  topic,
} from "./helpers/topics.js";
import type { Element } from "../../src/xmpp/xml.js";

const REFUSALS = "manifold_limit_refusals_total";
const CHATSTATES = "http://jabber.org/protocol/chatstates";

/** A world whose operator file holds `yaml` (small limits). */
function limitedWorld(yaml: string): Promise<World> {
  const file = joinPath(mkdtempSync(joinPath(tmpdir(), "manifold-limits-")), "config.yaml");
  writeFileSync(file, yaml);
  return world({ env: { MANIFOLD_CONFIG: file } });
}

const refusals = (w: World, limit: string) => w.app.metrics.count(REFUSALS, { limit });
const ping = (from: string, id: string, to = GROUPS) =>
  `<iq type="get" id="${id}" from="${from}" to="${to}"><ping xmlns="urn:xmpp:ping"/></iq>`;
const answersTo = (out: Element[], id: string) => out.filter((el) => el.attrs.id === id);
const later = (w: World, ms: number) => w.clock.set(w.clock.now() + ms);

/** Bodies the archive of `jid` holds, as `reader` gets them (XEP-0313). */
async function archived(w: World, reader: string, jid: string): Promise<string[]> {
  await w.send(`<iq type="set" id="mam" from="${reader}" to="${jid}"><query xmlns="${MAM}"/></iq>`);
  return w
    .take()
    .filter((el) => el.name === "message" && el.getChild("result", MAM))
    .map(
      (el) =>
        el.getChild("result", MAM)!.getChild("forwarded")!.getChild("message")!.getChildText("body") ?? "",
    );
}

/** The member list of a room or topic, as its owner reads it. */
async function memberList(w: World, owner: string, jid: string): Promise<string[]> {
  await w.send(
    `<iq type="get" id="list" from="${owner}" to="${jid}"><query xmlns="${MUC_ADMIN}"><item affiliation="member"/></query></iq>`,
  );
  const iq = w.take().find((el) => el.attrs.id === "list")!;
  return iq
    .getChild("query", MUC_ADMIN)!
    .getChildren("item")
    .map((i) => i.attrs.jid!)
    .sort();
}

/** An admin IQ adding `count` members, then one item whose JID is malformed. */
function hugeMemberList(from: string, to: string, count: number): string {
  let items = "";
  for (let i = 0; i < count; i++) items += `<item affiliation="member" jid="user${i}@localhost"/>`;
  items += `<item affiliation="member" jid="not a jid@@"/>`;
  return `<iq type="set" id="huge" from="${from}" to="${to}"><query xmlns="${MUC_ADMIN}">${items}</query></iq>`;
}

const groupchatBodies = (out: Element[], to: string) =>
  out
    .filter((el) => el.attrs.to === to && el.attrs.type === "groupchat")
    .map((el) => el.getChildText("body"));

describe("limits: per-sender rate (limits.stanzasPerSecondPerSender, senderBurst)", () => {
  let w: World;
  beforeEach(async () => {
    w = await limitedWorld("limits: { stanzasPerSecondPerSender: 1, senderBurst: 3 }\n");
  });
  afterEach(() => w.stop());

  it("answers the first stanza past the burst with policy-violation (wait) naming the rate, drops the rest, counts all", async () => {
    for (let i = 1; i <= 6; i++) await w.send(ping(EVE, `p${i}`));
    const out = w.take();
    for (const id of ["p1", "p2", "p3"]) assert.equal(answersTo(out, id)[0]?.attrs.type, "result", id);
    const [refusal] = answersTo(out, "p4");
    assert.equal(errorOf(refusal).condition, "policy-violation");
    assert.equal(errorOf(refusal).type, "wait");
    assert.match(errorOf(refusal).text!, /at most 1 stanzas a second from one user \(bursts of 3\)/);
    assert.deepEqual([...answersTo(out, "p5"), ...answersTo(out, "p6")], [], "one error a second, no more");
    assert.equal(await refusals(w, "sender-rate"), 3);

    later(w, 1000);
    await w.send(ping(EVE, "p7"));
    await w.send(ping(EVE, "p8"));
    const next = w.take();
    assert.equal(answersTo(next, "p7")[0]?.attrs.type, "result", "a second later, one more stanza passes");
    assert.equal(errorOf(answersTo(next, "p8")[0]).condition, "policy-violation", "and a new error may go");
  });

  it("handles nothing of a refused message: no occupant gets it and the archive does not keep it", async () => {
    await createRoom(w, ALICE, TEA, "Alice");
    await join(w, BOB, TEA, "Bob");
    for (const body of ["m1", "m2", "m3"])
      await w.send(
        `<message type="groupchat" id="${body}" from="${BOB}" to="${TEA}"><body>${body}</body></message>`,
      );
    const out = w.take();
    assert.deepEqual(groupchatBodies(out, ALICE), ["m1", "m2"]);
    assert.equal(errorOf(answersTo(out, "m3")[0]).condition, "policy-violation");
    later(w, 10_000);
    assert.deepEqual(await archived(w, ALICE, TEA), ["m1", "m2"]);
  });

  it("serves other users normally while one floods", async () => {
    for (let i = 0; i < 20; i++) await w.send(ping(EVE, `flood${i}`));
    w.take();
    await w.send(ping(ALICE, "mine"));
    assert.equal(answersTo(w.take(), "mine")[0]?.attrs.type, "result");
  });

  it("limits nothing Manifold or the server itself sends, nor answers to IQs", async () => {
    for (let i = 0; i < 10; i++) {
      await w.send(ping(LISTS, `own${i}`));
      await w.send(ping("localhost", `server${i}`));
      await w.send(`<iq type="result" id="answer${i}" from="${EVE}" to="${GROUPS}"/>`);
    }
    const out = w.take();
    assert.equal(out.filter((el) => el.attrs.type === "result").length, 20);
    assert.equal(await refusals(w, "sender-rate"), 0);
    await w.send(ping(EVE, "after"));
    assert.equal(answersTo(w.take(), "after")[0]?.attrs.type, "result", "IQ answers spent no budget");
  });

  it("always lets a user leave a room, even past the limit", async () => {
    await createRoom(w, ALICE, TEA, "Alice");
    await join(w, BOB, TEA, "Bob");
    for (let i = 0; i < 5; i++) await w.send(ping(BOB, `b${i}`, TEA));
    w.take();
    await w.send(`<presence type="unavailable" from="${BOB}" to="${TEA}/Bob"/>`);
    const left = w.take().find((el) => el.attrs.to === ALICE && el.attrs.type === "unavailable");
    assert.equal(left?.attrs.from, `${TEA}/Bob`, "alice sees bob leave");
  });
});

describe("limits: stanza size (limits.maxStanzaBytes)", () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
    await createRoom(w, ALICE, TEA, "Alice");
    await join(w, BOB, TEA, "Bob");
    w.take();
  });
  afterEach(() => w.stop());

  it("defaults to Prosody's 256 KiB c2s limit: a larger stanza is refused with policy-violation naming it", async () => {
    assert.equal(w.config.limits.maxStanzaBytes, 262144);
    const big = "x".repeat(300 * 1024);
    await w.send(
      `<message type="groupchat" id="big" from="${BOB}" to="${TEA}"><body>${big}</body></message>`,
    );
    const out = w.take();
    assert.equal(out.length, 1, "only the error: nobody got the message");
    assert.equal(errorOf(out[0]).condition, "policy-violation");
    assert.match(errorOf(out[0]).text!, /^Stanza larger than 262144 bytes/);
    assert.ok(out[0]!.toString().length < 1000, "the error does not carry the stanza back");
    assert.equal(await refusals(w, "stanza-size"), 1);
    assert.deepEqual(await archived(w, ALICE, TEA), []);
  });

  it("takes a stanza under the limit", async () => {
    const body = "x".repeat(200 * 1024);
    await w.send(
      `<message type="groupchat" id="ok" from="${BOB}" to="${TEA}"><body>${body}</body></message>`,
    );
    assert.equal(groupchatBodies(w.take(), ALICE)[0]?.length, body.length);
    assert.equal(await refusals(w, "stanza-size"), 0);
  });
});

describe("limits: messages into one topic (limits.topicMessagesPerMinute)", () => {
  let w: World;
  beforeEach(async () => {
    w = await limitedWorld("limits: { topicMessagesPerMinute: 2 }\n");
    await badminton(w);
  });
  afterEach(() => w.stop());

  const reply = (from: string, body: string) =>
    w.send(
      `<message type="chat" id="${body}" from="${from}/x" to="${BADMINTON}"><body>${body}</body></message>`,
    );

  it("refuses members' replies past the topic's rate with policy-violation (wait); the owner gets nothing of it", async () => {
    await reply(BOB_JID, "one");
    await reply(CAROL_JID, "two");
    await reply(BOB_JID, "three");
    const out = w.take();
    assert.deepEqual(groupchatBodies(out, OWNER), ["one", "two"]);
    const refusal = answersTo(out, "three")[0];
    assert.equal(refusal?.attrs.to, `${BOB_JID}/x`);
    assert.equal(errorOf(refusal).condition, "policy-violation");
    assert.equal(errorOf(refusal).type, "wait");
    assert.match(errorOf(refusal).text!, /at most 2 messages a minute/);
    assert.equal(await refusals(w, "topic-rate"), 1);
    assert.deepEqual(await archived(w, OWNER, BADMINTON), ["one", "two"]);

    later(w, 30_000);
    await reply(CAROL_JID, "four");
    assert.deepEqual(groupchatBodies(w.take(), OWNER), ["four"], "half a minute later, one more");
  });

  it("does not count chat states", async () => {
    await reply(BOB_JID, "one");
    await reply(BOB_JID, "two");
    w.take();
    await w.send(
      `<message type="chat" from="${BOB_JID}/x" to="${BADMINTON}"><composing xmlns="${CHATSTATES}"/></message>`,
    );
    const state = w.take().find((el) => el.attrs.to === OWNER);
    assert.ok(state?.getChild("composing", CHATSTATES), "the state reached the owner");
    assert.equal(await refusals(w, "topic-rate"), 0);
  });
});

describe("limits: an owner's messages (lists.messagesPerMinute)", () => {
  it("counts each refusal as owner-rate", async () => {
    const w = await limitedWorld("lists: { messagesPerMinute: 2 }\n");
    await badminton(w);
    for (const body of ["a", "b", "c"])
      await w.send(
        `<message type="groupchat" id="${body}" from="${OWNER}" to="${BADMINTON}"><body>${body}</body></message>`,
      );
    assert.equal(errorOf(answersTo(w.take(), "c")[0]).condition, "policy-violation");
    assert.equal(await refusals(w, "owner-rate"), 1);
    await w.stop();
  });
});

describe("limits: caps on topics", () => {
  let w: World;
  beforeEach(async () => {
    w = await limitedWorld("lists: { maxMembers: 2, maxTopicsPerOwner: 1 }\n");
  });
  afterEach(() => w.stop());

  it("refuses an admin list past lists.maxMembers from its item count, before reading its items", async () => {
    await createRoom(w, OWNER, BADMINTON, "Alice");
    await w.send(hugeMemberList(OWNER, BADMINTON, 1000));
    const [refusal] = w.take();
    // The last item's JID is malformed: the count was checked before any item was read.
    assert.equal(errorOf(refusal).condition, "resource-constraint");
    assert.equal(errorOf(refusal).type, "cancel");
    assert.match(errorOf(refusal).text!, /at most 2 members/);
    assert.equal(await refusals(w, "topic-members"), 1);
    assert.deepEqual(await memberList(w, OWNER, BADMINTON), []);
  });

  it("refuses a member list one past the limit whole: nobody is added, nobody is told", async () => {
    await createRoom(w, OWNER, BADMINTON, "Alice");
    const out = await addMembers(w, OWNER, BADMINTON, [BOB_JID, CAROL_JID, "dave@localhost"]);
    assert.equal(out.length, 1, "only the error");
    assert.equal(errorOf(out[0]).condition, "resource-constraint");
    assert.deepEqual(await memberList(w, OWNER, BADMINTON), []);
  });

  it("refuses mediated invitations past the limit whole", async () => {
    await createRoom(w, OWNER, BADMINTON, "Alice");
    const invites = [BOB_JID, CAROL_JID, "dave@localhost"].map((j) => `<invite to="${j}"/>`).join("");
    await w.send(
      `<message id="inv" from="${OWNER}" to="${BADMINTON}"><x xmlns="http://jabber.org/protocol/muc#user">${invites}</x></message>`,
    );
    assert.equal(errorOf(answersTo(w.take(), "inv")[0]).condition, "resource-constraint");
    assert.deepEqual(await memberList(w, OWNER, BADMINTON), []);
  });

  it("refuses a create command with too many members, creating nothing", async () => {
    const iq = await runCommand(w, OWNER, LISTS, "create", {
      name: "Crowd",
      members: [BOB_JID, CAROL_JID, "dave@localhost"],
    });
    assert.equal(errorOf(iq).condition, "resource-constraint");
    assert.equal(await refusals(w, "topic-members"), 1);
    const list = await runCommand(w, OWNER, LISTS, "list");
    assert.match(noteOf(list), /no topics/);
  });

  it("refuses a topic past lists.maxTopicsPerOwner, by join and by the text command, counting both", async () => {
    await createRoom(w, OWNER, BADMINTON, "Alice");
    const [error] = await join(w, OWNER, topic("second"), "Alice");
    assert.equal(errorOf(error).condition, "resource-constraint");
    assert.match(errorOf(error).text!, /1 topics, the most one user may own/);
    await w.send(`<message type="chat" from="${OWNER}" to="${LISTS}"><body>create Third</body></message>`);
    assert.match(w.take()[0]!.getChildText("body")!, /^Sorry: .*1 topics/);
    assert.equal(await refusals(w, "topics-per-owner"), 2);
  });
});

describe("limits: caps on rooms", () => {
  let w: World;
  beforeEach(async () => {
    w = await limitedWorld("groups: { maxMembers: 3, maxNestingLevels: 2, maxPendingRequests: 2 }\n");
  });
  afterEach(() => w.stop());

  it("refuses an admin list past groups.maxMembers from its item count, adding nobody", async () => {
    await createRoom(w, ALICE, TEA, "Alice");
    await w.send(hugeMemberList(ALICE, TEA, 1000));
    const [refusal] = w.take();
    assert.equal(errorOf(refusal).condition, "not-allowed");
    assert.match(errorOf(refusal).text!, /limit of 3 members/);
    assert.equal(await refusals(w, "room-members"), 1);
    assert.deepEqual(await memberList(w, ALICE, TEA), []);
  });

  it("refuses nesting past groups.maxNestingLevels, naming the limit", async () => {
    for (const name of ["a", "b", "c"]) await persistentRoom(w, ALICE, room(name), "Alice");
    const ok = await setAffiliations(w, ALICE, room("a"), [[room("b"), "member"]]);
    assert.equal(ok.find((el) => el.name === "iq")?.attrs.type, "result");
    const [refusal] = await setAffiliations(w, ALICE, room("b"), [[room("c"), "member"]]);
    assert.equal(errorOf(refusal).condition, "not-allowed");
    assert.match(errorOf(refusal).text!, /at most 2 levels/);
    assert.equal(await refusals(w, "nesting-depth"), 1);
    assert.deepEqual(await memberList(w, ALICE, room("b")), []);
  });

  it("refuses a request past groups.maxPendingRequests and stores nothing of it", async () => {
    await persistentRoom(w, ALICE, CLUB, "Alice");
    await persistentRoom(w, DAN, ALPHA, "Dan", [BOB]);
    await persistentRoom(w, CAROL, room("beta"), "Carol");
    await persistentRoom(w, EVE, room("gamma"), "Eve");
    await command(w, BOB, CLUB, "join-as-group", { group: ALPHA });
    await command(w, CAROL, CLUB, "join-as-group", { group: room("beta") });
    const { iq } = await command(w, EVE, CLUB, "join-as-group", { group: room("gamma") });
    assert.equal(errorOf(iq).condition, "resource-constraint");
    assert.equal(errorOf(iq).type, "wait");
    assert.match(errorOf(iq).text!, /2 requests waiting for an answer, the most a room may have/);
    assert.equal(await refusals(w, "pending-requests"), 1);
    const pending = await command(w, ALICE, CLUB, "pending-requests");
    const options = pending.iq
      .getChild("command")!
      .getChild("x")!
      .getChildren("field")[0]!
      .getChildren("option");
    assert.deepEqual(options.map((o) => o.getChildText("value")).sort(), [ALPHA, room("beta")].sort());
  });

  it("counts a refusal answered in a command's note: approving past groups.maxMembers", async () => {
    await persistentRoom(w, ALICE, CLUB, "Alice", [BOB]);
    await persistentRoom(w, DAN, ALPHA, "Dan", [CAROL]);
    await persistentRoom(w, EVE, room("beta"), "Eve", [CAROL]);
    await command(w, CAROL, CLUB, "join-as-group", { group: ALPHA });
    await command(w, CAROL, CLUB, "join-as-group", { group: room("beta") });
    const { iq } = await command(w, ALICE, CLUB, "pending-requests", { approve: [ALPHA, room("beta")] });
    assert.match(noteOf(iq), /Not done, .*limit of 3 members/);
    assert.equal(await refusals(w, "room-members"), 1);
  });
});
