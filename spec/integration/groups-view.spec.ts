// How a room shows a group inside it, on a real server with real clients (docs/protocol.md, "Nested
// groups", What each occupant sees): outsiders see one occupant named after the group and never a
// member's JID, nick or occupant id; fellows see each other as "<group name>/<nick>".
import assert from "node:assert/strict";
import type { Element } from "ltx";
import { xml, type TestUser } from "../helpers/users.js";
import { MAM, MUC_ADMIN, codes, enter } from "../helpers/rooms.js";
import {
  SID,
  archive,
  barrier,
  bareOf,
  chat,
  discoInfo,
  discoItems,
  groupchat,
  isChatFrom,
  isGroupchatFrom,
  isOccupantPresence,
  itemOf,
} from "../helpers/topics.js";
import {
  DELAY,
  assertNoneOf,
  enterThrough,
  groupInRoom,
  groupsSuite,
  hex,
  occupantIdOf,
  occupantsSeen,
  recordAll,
  refusedEntry,
} from "../helpers/groups.js";

describe("groups: what each occupant of B sees of group A", function () {
  this.timeout(30000);
  const suite = groupsSuite();
  /** Alice owns A (bob and dave are members); carol owns B; erin and frank are plain members of B. */
  let alice: TestUser, bob: TestUser, carol: TestUser, dave: TestUser, erin: TestUser, frank: TestUser;
  let a: string, b: string, name: string;
  /** Distinctive nicks, so that a leak is found by a text search. */
  let bobNick: string, daveNick: string;
  /** Everything carol, erin and frank receive once A is in B. */
  let atCarol: Element[], atErin: Element[], atFrank: Element[];

  beforeEach(async () => {
    [alice, bob, carol, dave, erin, frank] = await suite.people(
      "alice",
      "bob",
      "carol",
      "dave",
      "erin",
      "frank",
    );
    ({ a, b, name } = await groupInRoom(alice, carol, [bob, dave], [erin, frank]));
    bobNick = `Bobby${hex()}`;
    daveNick = `Davey${hex()}`;
    atCarol = recordAll(carol);
    atErin = recordAll(erin);
    atFrank = recordAll(frank);
  });

  /** What no outsider may ever receive: the fellows' JIDs and nicks (plus any occupant ids given). */
  const secrets = (...ids: (string | undefined)[]) => [bob.bare, dave.bare, bobNick, daveNick, ...ids];

  /** Erin enters as herself, then bob and dave through A; resolves with the fellows' own occupant ids. */
  async function everyoneIn(): Promise<{ bobId: string; daveId: string }> {
    await enter(erin, b, "Erin");
    const bobSelf = await enterThrough(bob, b, name, bobNick);
    const daveSelf = await enterThrough(dave, b, name, daveNick);
    const daveAtBob = await bob.waitFor(isOccupantPresence(b, `${name}/${daveNick}`));
    const bobAtDave = await dave.waitFor(isOccupantPresence(b, `${name}/${bobNick}`));
    assert.equal(occupantIdOf(daveAtBob), occupantIdOf(daveSelf), "fellows see each other's own occupant id");
    assert.equal(occupantIdOf(bobAtDave), occupantIdOf(bobSelf));
    const [bobId, daveId] = [occupantIdOf(bobSelf), occupantIdOf(daveSelf)];
    assert.ok(
      bobId && daveId && bobId !== daveId,
      `each fellow has their own occupant id: ${bobId}, ${daveId}`,
    );
    return { bobId, daveId };
  }

  it("shows outsiders one occupant named after the group, fellows each other by '<name>/<nick>'", async () => {
    const { bobId, daveId } = await everyoneIn();

    const groupAtErin = await erin.waitFor(isOccupantPresence(b, name));
    assert.equal(itemOf(groupAtErin)?.attrs.affiliation, "member", groupAtErin.toString());
    assert.equal(itemOf(groupAtErin)?.attrs.role, "participant", groupAtErin.toString());
    assert.equal(itemOf(groupAtErin)?.attrs.jid, undefined, "B is semi-anonymous to a participant");
    const groupAtCarol = await carol.waitFor(isOccupantPresence(b, name));
    assert.equal(
      bareOf(itemOf(groupAtCarol)?.attrs.jid ?? ""),
      a,
      `the moderator sees A's room JID as the real JID: ${groupAtCarol.toString()}`,
    );

    await barrier(erin, b);
    await barrier(carol, b);
    assert.deepEqual(occupantsSeen(atErin, b), [`${b}/${name}`, `${b}/Carol`, `${b}/Erin`].sort());
    assertNoneOf(atErin, secrets(bobId, daveId), "erin");
    assertNoneOf(atCarol, secrets(bobId, daveId), "carol (B's owner)");
  });

  it("shows outsiders a fellow's reply to and mention of a fellow as naming the group (PROTOCOL §5)", async () => {
    const { bobId, daveId } = await everyoneIn();
    await dave.send(xml("message", { to: b, type: "groupchat", id: "dave-1" }, xml("body", {}, "Tea?")));
    const davesAtBob = await bob.waitFor(isGroupchatFrom(b, `${name}/${daveNick}`, "Tea?"));
    const sid = davesAtBob.getChild("stanza-id", SID)!.attrs.id!;
    const daveInRoom = `${name}/${daveNick}`;
    const quote = `> ${daveInRoom}: Tea?\n`;
    const text = `${quote}${daveInRoom}: yes please`;
    const begin = text.lastIndexOf(daveInRoom);
    await bob.send(
      xml(
        "message",
        { to: b, type: "groupchat", id: "bob-reply" },
        xml("body", {}, text),
        xml("reply", { xmlns: "urn:xmpp:reply:0", to: `${b}/${daveInRoom}`, id: sid }),
        xml(
          "fallback",
          { xmlns: "urn:xmpp:fallback:0", for: "urn:xmpp:reply:0" },
          xml("body", { start: "0", end: String(quote.length) }),
        ),
        xml("reference", {
          xmlns: "urn:xmpp:reference:0",
          type: "mention",
          begin: String(begin),
          end: String(begin + daveInRoom.length),
          uri: `xmpp:${dave.bare}`,
        }),
      ),
    );
    const shownToErin = await erin.waitFor(isGroupchatFrom(b, name, `> ${name}: Tea?\n${name}: yes please`));
    assert.equal(shownToErin.getChild("reply", "urn:xmpp:reply:0")?.attrs.to, `${b}/${name}`);
    const atDave = await dave.waitFor(isGroupchatFrom(b, `${name}/${bobNick}`, text));
    assert.equal(
      atDave.getChild("reply", "urn:xmpp:reply:0")?.attrs.to,
      `${b}/${daveInRoom}`,
      "fellows get it as written",
    );
    await barrier(erin, b);
    await barrier(carol, b);
    assertNoneOf(atErin, secrets(bobId, daveId), "erin");
    assertNoneOf(atCarol, secrets(bobId, daveId), "carol (B's owner)");
  });

  it("gives a fellow status 110 and 210 with the nick '<name>/<nick>'", async () => {
    const self = await enterThrough(bob, b, name, bobNick);
    assert.ok(codes(self).includes(110) && codes(self).includes(210), self.toString());
  });

  it("makes fellows speak as the group: echo from one's own nick, a colleague's never from it", async () => {
    const { bobId, daveId } = await everyoneIn();

    await bob.send(xml("message", { to: b, type: "groupchat", id: "from-bob" }, xml("body", {}, "Hello B")));
    const echo = await bob.waitFor(isGroupchatFrom(b, `${name}/${bobNick}`, "Hello B"));
    assert.equal(echo.attrs.id, "from-bob", "the echo keeps the sender's id");
    assert.equal(echo.getChild("stanza-id", SID)?.attrs.by, b);
    await dave.waitFor(isGroupchatFrom(b, `${name}/${bobNick}`, "Hello B"));
    const bobsAtErin = await erin.waitFor(isGroupchatFrom(b, name, "Hello B"));
    await carol.waitFor(isGroupchatFrom(b, name, "Hello B"));

    await groupchat(dave, b, "Hello from the other one");
    await bob.waitFor(isGroupchatFrom(b, `${name}/${daveNick}`, "Hello from the other one"));
    await dave.waitFor(isGroupchatFrom(b, `${name}/${daveNick}`, "Hello from the other one"));
    const davesAtErin = await erin.waitFor(isGroupchatFrom(b, name, "Hello from the other one"));
    assert.ok(occupantIdOf(bobsAtErin), `an occupant id for the group: ${bobsAtErin.toString()}`);
    assert.equal(occupantIdOf(davesAtErin), occupantIdOf(bobsAtErin), "one occupant id for the group");

    await groupchat(erin, b, "marker");
    for (const fellow of [bob, dave]) await fellow.waitFor(isGroupchatFrom(b, "Erin", "marker"));
    await carol.waitFor(isGroupchatFrom(b, "Erin", "marker"));
    const copies = (user: TestUser, body: string) =>
      user.inbox.filter((el) => el.name === "message" && el.getChildText("body") === body);
    assert.deepEqual(
      copies(bob, "Hello from the other one"),
      [],
      "bob got dave's message once, from dave's nick",
    );
    assert.deepEqual(copies(bob, "Hello B"), [], "bob got his echo once");
    assert.deepEqual(copies(erin, "Hello B"), [], "erin got bob's message once");
    assertNoneOf(atErin, secrets(bobId, daveId), "erin");
    assertNoneOf(atCarol, secrets(bobId, daveId), "carol (B's owner)");
  });

  it("keeps the fellows out of history, the archive, role lists and disco", async () => {
    const { bobId, daveId } = await everyoneIn();
    await groupchat(bob, b, "first");
    await erin.waitFor(isGroupchatFrom(b, name, "first"));
    await groupchat(dave, b, "second");
    await erin.waitFor(isGroupchatFrom(b, name, "second"));

    await enter(frank, b, "Frank", { maxstanzas: "10" }); // waits for the subject, after the history
    const history = atFrank.filter(
      (el) =>
        el.name === "message" &&
        el.getChild("delay", DELAY) &&
        ["first", "second"].includes(el.getChildText("body") ?? ""),
    );
    assert.deepEqual(
      history.map((el) => `${el.attrs.from ?? ""} ${el.getChildText("body") ?? ""}`),
      [`${b}/${name} first`, `${b}/${name} second`],
    );
    assert.ok(occupantsSeen(atFrank, b).includes(`${b}/${name}`), "frank sees the group as an occupant");

    const archived = await archive(erin, b);
    const mine = archived.filter((m) => ["first", "second"].includes(m.getChildText("body") ?? ""));
    assert.deepEqual(
      mine.map((m) => m.attrs.from),
      [`${b}/${name}`, `${b}/${name}`],
      "the archive shows the group as the sender",
    );

    await discoInfo(erin, b);
    await discoItems(erin, b);
    await carol.iq(
      xml(
        "iq",
        { type: "get", to: b },
        xml("query", { xmlns: MUC_ADMIN }, xml("item", { role: "participant" })),
      ),
    );
    await carol.iq(
      xml(
        "iq",
        { type: "get", to: b },
        xml("query", { xmlns: MUC_ADMIN }, xml("item", { affiliation: "member" })),
      ),
    );
    await carol.iq(xml("iq", { type: "set", to: b }, xml("query", { xmlns: MAM, queryid: "carols" })));
    await barrier(carol, b);
    await barrier(frank, b);

    for (const [who, seen] of [
      ["erin", atErin],
      ["carol (B's owner)", atCarol],
      ["frank", atFrank],
    ] as const)
      assertNoneOf(seen, secrets(bobId, daveId), who);
  });

  it("routes private messages by the views: to the group reaches every fellow, a fellow's comes from the group", async () => {
    const { bobId, daveId } = await everyoneIn();
    await chat(erin, `${b}/${name}`, "psst, group");
    for (const fellow of [bob, dave]) {
      const pm = await fellow.waitFor(
        (el) => el.name === "message" && el.getChildText("body") === "psst, group",
      );
      assert.equal(pm.attrs.from, `${b}/Erin`, "from the sender's occupant");
    }
    await chat(bob, `${b}/Erin`, "psst, erin");
    await erin.waitFor(isChatFrom(`${b}/${name}`, "psst, erin"));
    await barrier(erin, b);
    assertNoneOf(atErin, secrets(bobId, daveId), "erin");
  });

  it("reserves the group's name, and '<name>/…', as nicks in B (conflict)", async () => {
    assert.equal(await refusedEntry(erin, b, name), "conflict");
    assert.equal(await refusedEntry(erin, b, `${name}/${bobNick}`), "conflict");
  });
});
