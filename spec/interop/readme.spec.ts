// README "The two commands", steps 2–5, followed as written by Gajim users on nbxmpp: alice, bob,
// carol and dave of the demo (with unique names), each promise of the README asserted on what
// nbxmpp parsed. Steps 2–3 open step 5 again, since each test starts with fresh users.
import assert from "node:assert/strict";
import type { DataForm, ParsedMessage, ParsedPresence, ParsedStanza } from "./helpers/parsed.js";
import type { InteropUser } from "./helpers/user.js";
import { interopSuite } from "./helpers/suite.js";
import { uniqueName } from "../helpers/users.js";
import {
  GROUPS_DOMAIN,
  LISTS_DOMAIN,
  MUC_ROOMCONFIG,
  createRoom,
  fieldOf,
  formMessageFrom,
  freshRoom,
  freshTopic,
  groupchatFrom,
  invitationFrom,
  isMessage,
  localPart,
  outcomeFor,
  presenceFrom,
  roomMessage,
  say,
  valuesOf,
} from "./helpers/flows.js";

const PERSISTENT = "muc#roomconfig_persistentroom";
const MEMBERS_ONLY = "muc#roomconfig_membersonly";
const GROUP_REQUEST = "urn:x-manifold:0#group-request";
const MUC_REGISTER = "http://jabber.org/protocol/muc#register";
/** XEP-0045 status codes the README names or implies. */
const SELF = 110;
const REMOVED = 321;
const NOT_A_MEMBER_ANYMORE = 322;
const NICK_ASSIGNED = 210;

/** The occupant nick a topic gives a member added without one: their JID's local part. */
const topicNick = (user: InteropUser): string => localPart(user.bare);

/** A chat with a body from `from` whose body matches every pattern. */
const chatSaying =
  (from: string, ...patterns: RegExp[]) =>
  (e: ParsedStanza): e is ParsedMessage =>
    isMessage(e) && e.type === "chat" && e.from === from && patterns.every((p) => p.test(e.body ?? ""));

/** A pattern matching `text` as it is (JIDs hold dots). */
const literally = (text: string): RegExp => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));

describe("interop (nbxmpp): the README's demo, steps 2–5", function () {
  this.timeout(30000);
  const suite = interopSuite();

  // -------------------------------------------------------------------------------------------
  // Steps, each asserting what the README says it does

  /** Step 2: joining a new room creates it with alice as owner; the default config is persistent. */
  async function stepTwo(alice: InteropUser, tea: string): Promise<void> {
    const created = await createRoom(alice, tea, "alice"); // 201, owner, instant config accepted
    assert.ok("error" in created.disco, "the room did not exist before alice joined it");
    assertPersistentByDefault(await alice.getConfig(tea), tea);
    await assertAdvertisedPersistent(alice, tea);
  }

  function assertPersistentByDefault(form: DataForm | null, room: string): void {
    assert.equal(form?.formType, MUC_ROOMCONFIG, `${room}: the room configuration form`);
    const persistent = fieldOf(form, PERSISTENT);
    assert.equal(persistent.type, "boolean", JSON.stringify(persistent));
    assert.equal(persistent.value, true, `${room} is persistent by default: ${JSON.stringify(persistent)}`);
  }

  async function assertAdvertisedPersistent(user: InteropUser, room: string): Promise<void> {
    const info = await user.discoInfo(room);
    assert.ok(info.features.includes("muc_persistent"), `${room}: muc_persistent ${JSON.stringify(info)}`);
    assert.ok(!info.features.includes("muc_temporary"), `${room}: not muc_temporary`);
  }

  /** Step 3: bob joins the same room and they talk. */
  async function stepThree(alice: InteropUser, bob: InteropUser, tea: string): Promise<void> {
    const entered = await bob.join(tea, "bob");
    assert.deepEqual(
      entered.occupants.map((p) => p.mucNickname),
      ["alice"],
      "bob finds alice in the room",
    );
    await alice.waitFor(presenceFrom(`${tea}/bob`));
    await say(bob, tea, "bob", "Hello alice");
    await alice.waitFor(groupchatFrom(`${tea}/bob`, "Hello alice"));
    await say(alice, tea, "alice", "Hi bob");
    await bob.waitFor(groupchatFrom(`${tea}/alice`, "Hi bob"));
  }

  /** "Make it members-only (room configuration)", in the config form as Gajim shows it. */
  async function makeMembersOnly(owner: InteropUser, room: string): Promise<void> {
    await owner.configure(room, { [MEMBERS_ONLY]: true });
    const info = await owner.discoInfo(room);
    assert.ok(info.features.includes("muc_membersonly"), `${room} is members-only: ${JSON.stringify(info)}`);
  }

  /** Lists the commands of `jid`, finds `node` under the name the README gives, and runs it. */
  async function runCommand(user: InteropUser, jid: string, node: string, name: string) {
    const offered = await user.listCommands(jid);
    const item = offered.find((c) => c.node === node);
    assert.ok(item, `${jid} offers ${node} to ${user.bare}: ${JSON.stringify(offered)}`);
    assert.equal(item.name, name, `the command's name, as the README calls it`);
    const first = await user.executeCommand(jid, node);
    assert.equal(first.status, "executing", `${node} shows a form first: ${JSON.stringify(first)}`);
    return first;
  }

  /**
   * An invitation to `room` as both kinds of client read it: nbxmpp's mediated one (Gajim) naming
   * `inviter`, and the XEP-0249 one (Converse.js) naming the room.
   */
  async function expectInvitation(user: InteropUser, room: string, inviter: string): Promise<ParsedMessage> {
    const message = await user.waitFor(invitationFrom(room));
    const { invite, directInvite, body } = message;
    const what = JSON.stringify(message);
    assert.ok(invite && directInvite, `a mediated and a XEP-0249 invitation in one message: ${what}`);
    assert.equal(invite.room, room, `the mediated invitation is to ${room}: ${what}`);
    assert.equal(invite.from, inviter, `on behalf of ${inviter}: ${what}`);
    assert.equal(directInvite.type, "direct", what);
    assert.equal(directInvite.room, room, `the XEP-0249 invitation names ${room}: ${what}`);
    assert.ok(body, `a body for clients that show neither: ${what}`);
    return message;
  }

  // -------------------------------------------------------------------------------------------

  it("steps 2–3: joining tea creates it, alice its owner, persistent; bob joins and they talk", async () => {
    const [alice, bob] = await suite.people("alice", "bob");
    const tea = freshRoom("tea");
    await stepTwo(alice, tea);
    await stepThree(alice, bob, tea);

    // "They stay when everyone has left": a temporary room would be gone (item-not-found).
    await bob.leave(tea, "bob");
    await alice.leave(tea, "alice");
    await assertAdvertisedPersistent(bob, tea);
  });

  /**
   * Step 4 up to the answers: alice creates badminton by joining it (and gets her "Your topics"
   * request), invites bob and carol (each gets a request from the topic), and writes; bob answers.
   * No request is answered yet: "neither is needed for messages to flow".
   */
  async function stepFour(alice: InteropUser, bob: InteropUser, carol: InteropUser): Promise<string> {
    const badminton = freshTopic("badminton");
    await createRoom(alice, badminton, "alice");
    assertPersistentByDefault(await alice.getConfig(badminton), badminton);
    const ownerRequest = await alice.waitFor(presenceFrom(LISTS_DOMAIN, "subscribe"));
    assert.equal(ownerRequest.nickname, "Your topics", `its XEP-0172 nick: ${JSON.stringify(ownerRequest)}`);

    // "Manifold adds them without forwarding it": the room confirms, the member is an occupant.
    for (const member of [bob, carol]) {
      await alice.invite(badminton, member.bare);
      await alice.waitFor(roomMessage(badminton, literally(member.bare)));
      const occupant = await alice.waitFor(presenceFrom(`${badminton}/${topicNick(member)}`));
      assert.equal(occupant.mucUser?.jid, member.bare, "the occupant carries the member's real JID");
    }
    const topicName = `${localPart(alice.bare)} · ${localPart(badminton)}`; // "alice · badminton"
    for (const member of [bob, carol]) {
      const request = await member.waitFor(presenceFrom(badminton, "subscribe"));
      assert.equal(request.nickname, topicName, `its XEP-0172 nick: ${JSON.stringify(request)}`);
    }

    await say(alice, badminton, "alice", "Training at 7?");
    for (const member of [bob, carol]) {
      const chat = await member.waitFor(chatSaying(badminton, /^Training at 7\?$/));
      assert.equal(chat.mucPrivateMessage, false, `a private 1:1 chat: ${JSON.stringify(chat)}`);
      assert.ok(!member.inbox.some((e) => isMessage(e) && e.invite !== null), "no invitation forwarded");
    }
    await bob.send(badminton, "chat", "Count me in");
    await alice.waitFor(groupchatFrom(`${badminton}/${topicNick(bob)}`, "Count me in"));
    return badminton;
  }

  /** Bob accepts the topic's request: alice then sees his own presence on his occupant. */
  async function bobAccepts(alice: InteropUser, bob: InteropUser, badminton: string): Promise<void> {
    // A status of his own, so that what alice sees is his presence, not the occupant's default.
    await bob.setStatus({ show: "away", status: "On court" });
    await bob.answerSubscription(badminton, true);
    const mirrored = await alice.waitFor(
      (e): e is ParsedPresence =>
        presenceFrom(`${badminton}/${topicNick(bob)}`)(e) && e.status === "On court",
    );
    assert.equal(mirrored.show, "away", `bob's own show: ${JSON.stringify(mirrored)}`);
    assert.equal(mirrored.mucUser?.jid, bob.bare, JSON.stringify(mirrored));
  }

  it("step 4: a topic; bob accepts its contact request and sees the topic while alice is in it", async () => {
    const [alice, bob, carol] = await suite.people("alice", "bob", "carol");
    const badminton = await stepFour(alice, bob, carol);
    await bobAccepts(alice, bob, badminton);
    // "…and shows them when the topic is active": alice is in her topic's room.
    await bob.waitFor(presenceFrom(badminton)).catch((err: Error) => {
      throw new Error(`bob was not shown the topic available while alice is in it: ${err.message}`);
    });
  });

  it("step 4: carol declines and leaves the list; alice accepts hers and her topic follows her", async () => {
    const [alice, bob, carol] = await suite.people("alice", "bob", "carol");
    const badminton = await stepFour(alice, bob, carol);

    await carol.answerSubscription(badminton, false);
    const gone = await alice.waitFor(presenceFrom(`${badminton}/${topicNick(carol)}`, "unavailable"));
    assert.ok(gone.mucStatusCodes.includes(REMOVED), `321, off the list: ${JSON.stringify(gone)}`);
    await alice.waitFor(roomMessage(badminton, literally(carol.bare))); // "and alice is told"
    const members = await alice.getAffiliation(badminton, "member");
    assert.deepEqual(
      members.map((m) => m.jid),
      [bob.bare],
      "carol is no longer a member",
    );

    // Bob accepts his; then alice accepts hers: her topic shows bob whether she is online.
    await bobAccepts(alice, bob, badminton);
    await alice.answerSubscription(LISTS_DOMAIN, true);
    await alice.setStatus({ show: "dnd", status: "In a meeting" });
    const topic = await bob.waitFor(
      (e): e is ParsedPresence => presenceFrom(badminton)(e) && e.show === "dnd",
    );
    assert.equal(topic.status, "In a meeting", `the topic repeats alice's status: ${JSON.stringify(topic)}`);
  });

  it("step 4 without a group-chat view: `create Badminton bob carol` as a chat, then a chat to the topic", async () => {
    const [alice, bob, carol] = await suite.people("alice", "bob", "carol");
    const name = uniqueName("Badminton");
    await alice.send(LISTS_DOMAIN, "chat", `create ${name} ${bob.bare} ${carol.bare}`);
    // The topic's address: the name in lower case (docs/protocol.md, "Create by command").
    const badminton = `${name.toLowerCase()}@${LISTS_DOMAIN}`;
    await alice.waitFor(chatSaying(LISTS_DOMAIN, literally(badminton)));
    for (const member of [bob, carol]) {
      const request = await member.waitFor(presenceFrom(badminton, "subscribe"));
      assert.equal(request.nickname, `${localPart(alice.bare)} · ${name}`, JSON.stringify(request));
    }

    await alice.send(badminton, "chat", "Training at 7?");
    for (const member of [bob, carol]) await member.waitFor(chatSaying(badminton, /^Training at 7\?$/));
    await bob.send(badminton, "chat", "Count me in");
    // Alice is not in a room: the answer comes as a chat from the topic, marked with its author.
    await alice.waitFor(chatSaying(badminton, /Count me in/, literally(topicNick(bob))));
  });

  it("step 5: tea members-only, players joins it as a group, dave is reached at once", async () => {
    const [alice, bob, carol, dave] = await suite.people("alice", "bob", "carol", "dave");
    const tea = freshRoom("tea");
    const players = freshRoom("players");
    const playersName = localPart(players);
    await stepTwo(alice, tea);
    await stepThree(alice, bob, tea);

    // As alice, make tea members-only: bob, inside but not a member, is shown leaving (322).
    await makeMembersOnly(alice, tea);
    const left = await bob.waitFor(presenceFrom(`${tea}/bob`, "unavailable"));
    assert.ok(left.mucStatusCodes.includes(NOT_A_MEMBER_ANYMORE), `322: ${JSON.stringify(left)}`);
    assert.ok(left.mucStatusCodes.includes(SELF), `110, about himself: ${JSON.stringify(left)}`);
    const seenLeaving = await alice.waitFor(presenceFrom(`${tea}/bob`, "unavailable"));
    assert.ok(seenLeaving.mucStatusCodes.includes(NOT_A_MEMBER_ANYMORE), JSON.stringify(seenLeaving));

    // Then invite bob: the owner's invitation makes him a member, and he enters again from it.
    await alice.invite(tea, bob.bare);
    await expectInvitation(bob, tea, alice.bare);
    const back = await bob.join(tea, "bob");
    assert.equal(back.self.mucUser?.affiliation, "member", `bob is a member: ${JSON.stringify(back.self)}`);

    // As carol, join players (a new room, carol its owner) and make it members-only.
    await createRoom(carol, players, "carol");
    await makeMembersOnly(carol, players);

    // Still as carol, ask for players to join tea.
    const ask = await runCommand(carol, tea, "join-as-group", "Ask for one of your groups to join this room");
    const asked = await carol.submitCommand(ask.sessionid!, { group: players });
    assert.equal(asked.status, "completed", JSON.stringify(asked));

    // Alice gets a chat from groups.localhost naming the request (and the request as a form).
    await alice.waitFor(chatSaying(GROUPS_DOMAIN, literally(players), /pending-requests/));
    const form = await alice.waitFor(formMessageFrom(tea, GROUP_REQUEST));
    const request = form.forms.find((f) => f?.formType === GROUP_REQUEST);
    assert.deepEqual(valuesOf(fieldOf(request, "group")), [players]);
    assert.deepEqual(valuesOf(fieldOf(request, "requester")), [carol.bare]);

    // She answers by running "Answer requests of groups to join this room" on tea.
    const pending = await runCommand(
      alice,
      tea,
      "pending-requests",
      "Answer requests of groups to join this room",
    );
    const option = fieldOf(pending.form, "approve").options?.find((o) => o.value === players);
    assert.ok(option?.label.includes(playersName), `labelled with the group: ${JSON.stringify(option)}`);
    const settled = await alice.submitCommand(pending.sessionid!, { approve: [players] });
    assert.equal(settled.status, "completed", JSON.stringify(settled));

    // Carol is invited to tea, on behalf of players.
    await carol.waitFor(outcomeFor(tea, /approved/));
    await expectInvitation(carol, tea, players);

    // Now, as carol, invite dave to players: he becomes a member of it (members-only), and as a new
    // member of a group inside tea he is invited to tea at once.
    await carol.invite(players, dave.bare);
    await expectInvitation(dave, players, carol.bare);
    const playersMembers = await carol.getAffiliation(players, "member");
    assert.ok(
      playersMembers.some((m) => m.jid === dave.bare),
      `dave is a member of players: ${JSON.stringify(playersMembers)}`,
    );
    await expectInvitation(dave, tea, players);

    // Inside tea, carol and dave see each other as players/carol and players/dave.
    const carolIn = await carol.join(tea, "carol");
    assert.equal(carolIn.self.from, `${tea}/${playersName}/carol`, JSON.stringify(carolIn.self));
    assert.ok(carolIn.self.mucStatusCodes.includes(NICK_ASSIGNED), "210: the room set her nick");
    const daveIn = await dave.join(tea, "dave");
    assert.equal(daveIn.self.from, `${tea}/${playersName}/dave`, JSON.stringify(daveIn.self));
    assert.ok(
      daveIn.occupants.some((p) => p.from === `${tea}/${playersName}/carol`),
      `dave sees carol as ${playersName}/carol: ${JSON.stringify(daveIn.occupants.map((p) => p.from))}`,
    );
    await carol.waitFor(presenceFrom(`${tea}/${playersName}/dave`));

    // Alice and bob see one occupant, players. Dave's message proves they were sent everything
    // before it; nothing may name carol or dave.
    const face = await alice.waitFor(presenceFrom(`${tea}/${playersName}`));
    assert.equal(
      face.mucUser?.jid,
      players,
      `as the owner sees real JIDs, the group's: ${JSON.stringify(face)}`,
    );
    await bob.waitFor(presenceFrom(`${tea}/${playersName}`));
    await say(dave, tea, `${playersName}/dave`, "Hello tea");
    await carol.waitFor(groupchatFrom(`${tea}/${playersName}/dave`, "Hello tea"));
    for (const viewer of [alice, bob]) {
      await viewer.waitFor(groupchatFrom(`${tea}/${playersName}`, "Hello tea"));
      const leaks = viewer.inbox.filter(
        (e) =>
          (e.from ?? "").startsWith(`${tea}/${playersName}/`) ||
          [carol.bare, dave.bare].includes(e.mucUser?.jid ?? ""),
      );
      assert.deepEqual(leaks, [], `${viewer.bare} sees the group, not its members`);
    }
  });

  it("a registration request with members-only tea (§9.9) is answered with pending-registrations", async () => {
    const [alice, dave] = await suite.people("alice", "dave");
    const tea = freshRoom("tea");
    await stepTwo(alice, tea);
    await makeMembersOnly(alice, tea);

    // Dave registers with the room (XEP-0077 on its JID, the muc#register form).
    const offered = await dave.registrationForm(tea);
    assert.equal(offered.registered, false, JSON.stringify(offered));
    assert.equal(offered.form?.formType, MUC_REGISTER, JSON.stringify(offered));
    fieldOf(offered.form, "muc#register_roomnick");
    await dave.register(tea, { "muc#register_roomnick": "Dave" }); // unlike his JID, capitalised

    // Alice is told by a chat from groups.localhost naming the request and the command.
    await alice.waitFor(chatSaying(GROUPS_DOMAIN, literally(dave.bare), /pending-registrations/));
    await alice.waitFor(formMessageFrom(tea, MUC_REGISTER));

    const pending = await runCommand(
      alice,
      tea,
      "pending-registrations",
      "Answer requests to become a member",
    );
    const approve = fieldOf(pending.form, "approve");
    assert.equal(approve.type, "list-multi", JSON.stringify(approve));
    const option = approve.options?.find((o) => o.value === dave.bare);
    assert.ok(option, `dave's request is offered: ${JSON.stringify(approve)}`);
    assert.notEqual(
      option.label,
      option.value,
      `the option has a label of its own: ${JSON.stringify(option)}`,
    );
    assert.ok(option.label.includes("Dave"), `naming the nick asked for: ${option.label}`);
    const settled = await alice.submitCommand(pending.sessionid!, { approve: [dave.bare] });
    assert.equal(settled.status, "completed", JSON.stringify(settled));

    // Dave is told by a message from the room, and is a member.
    await dave.waitFor(outcomeFor(tea, /approved/));
    const members = await alice.getAffiliation(tea, "member");
    assert.ok(
      members.some((m) => m.jid === dave.bare),
      `dave is a member: ${JSON.stringify(members)}`,
    );
    const entered = await dave.join(tea, "Dave");
    assert.equal(entered.self.mucUser?.affiliation, "member", JSON.stringify(entered.self));
  });
});
