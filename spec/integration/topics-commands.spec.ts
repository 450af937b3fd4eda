// Topic commands on a real server with real clients (docs/protocol.md, "Topic service:
// lists.localhost": Commands and text equivalents, Discovery): XEP-0050 on lists.localhost, the
// text forms, and who sees which topics.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { xml, type TestUser } from "../helpers/users.js";
import { MUC, codes, enter } from "../helpers/rooms.js";
import {
  COMMANDS,
  LISTS_DOMAIN,
  addMembers,
  chat,
  createByCommand,
  createTopic,
  discoItems,
  errorOf,
  executeCommand,
  failsWith,
  formOf,
  freshTopic,
  isChatFrom,
  isSubscriptionFrom,
  leaveRoom,
  localPart,
  memberList,
  castOfThree,
  runCommand,
  submitCommand,
  visibleFields,
} from "../helpers/topics.js";

const hex = () => randomBytes(4).toString("hex");

describe("topics: commands and discovery on lists.localhost", function () {
  this.timeout(30000);
  const cast = castOfThree();
  let alice: TestUser, bob: TestUser, carol: TestUser;

  beforeEach(() => {
    ({ alice, bob, carol } = cast);
  });

  it("creates a topic with the create command, named after its name, with its members", async () => {
    const suffix = hex();
    const topic = `badminton-club-${suffix}@${LISTS_DOMAIN}`;
    await createByCommand(alice, `Badminton Club! ${suffix}`, [bob.bare, carol.bare], true);
    assert.deepEqual(await memberList(alice, topic), [bob.bare, carol.bare].sort());
    await bob.waitFor(isSubscriptionFrom(topic, "subscribe"));
    await carol.waitFor(isSubscriptionFrom(topic, "subscribe"));
    const self = await enter(alice, topic, "Alice");
    assert.ok(!codes(self).includes(201), "the topic exists before its owner joins");
  });

  it("makes topics created by command persistent by default", async () => {
    const suffix = hex();
    const topic = `quiz-${suffix}@${LISTS_DOMAIN}`;
    await createByCommand(alice, `Quiz ${suffix}`, [bob.bare]);
    await enter(alice, topic, "Alice");
    await leaveRoom(alice, topic);
    const self = await enter(alice, topic, "Alice");
    assert.ok(!codes(self).includes(201), "still there after its owner left");
    assert.deepEqual(await memberList(alice, topic), [bob.bare]);
  });

  it("lists a topic in its owner's disco#items only", async () => {
    const byCommand = `choir-${hex()}@${LISTS_DOMAIN}`;
    await createByCommand(alice, localPart(byCommand), [bob.bare]);
    const byJoin = freshTopic("x");
    await createTopic(alice, byJoin);
    await addMembers(alice, byJoin, bob);

    const alices = await discoItems(alice, LISTS_DOMAIN);
    assert.ok(alices.includes(byCommand) && alices.includes(byJoin), alices.join(", "));
    for (const other of [bob, carol]) {
      const theirs = await discoItems(other, LISTS_DOMAIN);
      assert.ok(!theirs.includes(byCommand) && !theirs.includes(byJoin), theirs.join(", "));
    }
  });

  it("shows the owner's topics with the list command", async () => {
    const topic = `chess-${hex()}@${LISTS_DOMAIN}`;
    await createByCommand(alice, localPart(topic));
    const listed = await runCommand(alice, LISTS_DOMAIN, "list");
    assert.ok(listed.toString().includes(localPart(topic)), listed.toString());
    const bobs = await runCommand(bob, LISTS_DOMAIN, "list");
    assert.ok(!bobs.toString().includes(localPart(topic)), bobs.toString());
  });

  it("deletes a topic with the delete command", async () => {
    const topic = `darts-${hex()}@${LISTS_DOMAIN}`;
    await createByCommand(alice, localPart(topic), [bob.bare]);
    const first = await executeCommand(alice, LISTS_DOMAIN, "delete");
    const form = formOf(first);
    assert.ok(form, `delete asks which topic: ${first.toString()}`);
    const field = visibleFields(form)[0];
    assert.ok(field?.attrs.var, `a field for the topic: ${first.toString()}`);
    const options = field.getChildren("option").map((o) => o.getChildText("value") ?? "");
    const value = options.find((o) => o === topic || o === localPart(topic)) ?? topic;
    if (options.length > 0) assert.ok(options.includes(value), `offers the topic: ${options.join(", ")}`);
    const done = await submitCommand(alice, LISTS_DOMAIN, first, { [field.attrs.var]: value });
    assert.equal(done.attrs.status, "completed", done.toString());

    assert.ok(!(await discoItems(alice, LISTS_DOMAIN)).includes(topic));
    const listed = await runCommand(alice, LISTS_DOMAIN, "list");
    assert.ok(!listed.toString().includes(localPart(topic)), listed.toString());
    await createTopic(alice, topic); // status 201: the name is free again, and the new topic is empty
    assert.deepEqual(await memberList(alice, topic), []);
  });

  it("refuses a name owned by someone else: conflict on create, registration-required on join", async () => {
    const topic = `golf-${hex()}@${LISTS_DOMAIN}`;
    await createByCommand(alice, localPart(topic));
    await assert.rejects(createByCommand(bob, localPart(topic)), failsWith("conflict"));
    await assert.rejects(createByCommand(alice, localPart(topic)), failsWith("conflict"), "already hers");

    await bob.send(xml("presence", { to: `${topic}/Bob` }, xml("x", { xmlns: MUC })));
    const refusal = await bob.waitFor(
      (el) => el.name === "presence" && el.attrs.type === "error" && el.attrs.from === `${topic}/Bob`,
    );
    assert.equal(errorOf(refusal).condition, "registration-required", refusal.toString());

    const joined = freshTopic("x");
    await createTopic(alice, joined);
    await assert.rejects(createByCommand(bob, localPart(joined)), failsWith("conflict"));
  });

  it("offers each user only the commands they may run", async () => {
    const nodes = await discoItems(alice, LISTS_DOMAIN, COMMANDS);
    for (const node of ["create", "list", "delete"]) assert.ok(nodes.includes(node), nodes.join(", "));
    const topic = freshTopic("x");
    await createTopic(alice, topic);
    await addMembers(alice, topic, bob);
    const bobs = await discoItems(bob, topic, COMMANDS);
    assert.ok(bobs.includes("leave"), bobs.join(", "));
    const carols = await discoItems(carol, topic, COMMANDS).catch(() => [] as string[]);
    assert.ok(!carols.includes("leave"), carols.join(", "));
  });

  it("answers the text commands create, list and delete, and help for anything else", async () => {
    const topic = `tennis-${hex()}@${LISTS_DOMAIN}`;
    await chat(alice, LISTS_DOMAIN, `create ${localPart(topic)} ${bob.bare} ${carol.bare}`);
    const created = await alice.waitFor(isChatFrom(LISTS_DOMAIN));
    assert.ok((await discoItems(alice, LISTS_DOMAIN)).includes(topic), created.toString());
    assert.deepEqual(await memberList(alice, topic), [bob.bare, carol.bare].sort(), created.toString());

    await chat(alice, LISTS_DOMAIN, "list");
    const listed = await alice.waitFor(isChatFrom(LISTS_DOMAIN));
    assert.ok(listed.getChildText("body")!.toLowerCase().includes(localPart(topic)), listed.toString());

    await chat(alice, LISTS_DOMAIN, `delete ${topic}`);
    await alice.waitFor(isChatFrom(LISTS_DOMAIN));
    assert.ok(!(await discoItems(alice, LISTS_DOMAIN)).includes(topic));

    await chat(alice, LISTS_DOMAIN, "what can you do?");
    const help = await alice.waitFor(isChatFrom(LISTS_DOMAIN));
    assert.match(help.getChildText("body")!, /create/, "the help names the commands");
  });
});
