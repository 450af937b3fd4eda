// The stanza layer's fuzz generators (spec/stanza/fuzz/) through a real server, sent by real clients
// to a small scenario built through the normal protocol: every IQ sent gets exactly one answer
// (result, or an error with a defined condition, never internal-server-error), Manifold stays
// connected, the service still works afterwards, and its store is valid and reopens after a stop.
// The server stamps `from` and may refuse malformed stanzas itself, even close the sender's stream
// (the sender then logs in again): what is asserted is what the client sees. Stanzas are drawn with
// a printed seed (FUZZ_SEED replays a run); no shrinking, as the server's state carries over.
import assert from "node:assert/strict";
import fc from "fast-check";
import { Level } from "level";
import type { Element } from "ltx";
import { useServer } from "../helpers/server.js";
import { startManifold, type RunningManifold } from "../helpers/manifold.js";
import { people, reconnect } from "../helpers/topics.js";
import { errorReply, xml, type TestUser } from "../helpers/users.js";
import { MUC_ADMIN, codes, configure, enter } from "../helpers/rooms.js";
import type { XmppServer } from "../../scripts/lib/xmpp-server.js";
import { parseXml } from "../../src/xmpp/xml.js";
import { anyStanza, type FuzzStanza } from "../stanza/fuzz/arbitraries.js";
import { mutatedStanza } from "../stanza/fuzz/mutate.js";
import { isOwnAddress } from "../stanza/fuzz/addresses.js";
import { snapshot, storeProblems } from "../stanza/fuzz/invariants.js";
import { runs } from "../stanza/fuzz/runs.js";
import { ALPHA, BADMINTON, CLUB, GROUPS, LISTS, TEA } from "../stanza/fuzz/cast.js";

const STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";
const DISCO_INFO = "http://jabber.org/protocol/disco#info";
const DEFINED = new Set(
  "bad-request conflict feature-not-implemented forbidden gone internal-server-error item-not-found jid-malformed not-acceptable not-allowed not-authorized policy-violation recipient-unavailable redirect registration-required remote-server-not-found remote-server-timeout resource-constraint service-unavailable subscription-required undefined-condition unexpected-request".split(
    " ",
  ),
);

/** Generated stanzas, each with the index of the user who sends it. */
const fuzzed = fc.tuple(
  fc.oneof({ weight: 2, arbitrary: anyStanza }, { weight: 1, arbitrary: mutatedStanza }),
  fc.nat({ max: 2 }),
);

/** Only stanzas the server routes to Manifold: iq, message or presence, to one of its domains. */
function routable(stanza: FuzzStanza): boolean {
  const el = parseXml(stanza.xml);
  return ["iq", "message", "presence"].includes(el.name) && !el.attrs.xmlns && isOwnAddress(el.attrs.to);
}

async function adminSet(owner: TestUser, room: string, jid: string, affiliation: string) {
  const item = xml("item", { affiliation, jid });
  await owner.iq(xml("iq", { type: "set", to: room }, xml("query", { xmlns: MUC_ADMIN }, item)));
}

/** tea (alice's, bob and carol inside), badminton (alice's topic, bob and carol members), alpha
 * (carol's group, bob a member) inside club (alice's members-only room). */
async function buildScenario([alice, bob, carol]: TestUser[]): Promise<void> {
  const persistent = { "muc#roomconfig_persistentroom": "1" };
  await enter(alice!, TEA, "Alice");
  await configure(alice!, TEA, persistent);
  await enter(bob!, TEA, "Bob");
  await enter(carol!, TEA, "Carol");
  await enter(alice!, BADMINTON, "Alice");
  await configure(alice!, BADMINTON, persistent);
  await adminSet(alice!, BADMINTON, bob!.bare, "member");
  await adminSet(alice!, BADMINTON, carol!.bare, "member");
  await enter(carol!, ALPHA, "Carol");
  await configure(carol!, ALPHA, { ...persistent, "muc#roomconfig_roomname": "Alpha" });
  await adminSet(carol!, ALPHA, bob!.bare, "member");
  await enter(alice!, CLUB, "Alice");
  await configure(alice!, CLUB, { ...persistent, "muc#roomconfig_membersonly": "1" });
  await adminSet(alice!, CLUB, ALPHA, "member");
}

/** The answer's condition ("result" for a result, "none" for no answer) and what is wrong with it. */
async function ask(user: TestUser, iq: Element): Promise<{ answer: string; problems: string[] }> {
  try {
    await user.iq(iq, 10_000);
    return { answer: "result", problems: [] };
  } catch (err) {
    const reply = (err as { stanza?: Element }).stanza;
    if (!reply) return { answer: "none", problems: [] };
    const condition = errorReply(reply).condition ?? "undefined";
    const problems: string[] = [];
    if (!DEFINED.has(condition)) problems.push(`an error without a defined condition: ${reply.toString()}`);
    if (condition === "internal-server-error") problems.push(`internal-server-error for ${iq.toString()}`);
    if (isOwnAddress(reply.attrs.from) && !reply.getChild("error")?.getChildText("text", STANZAS))
      problems.push(`an error without a <text>: ${reply.toString()}`);
    return { answer: condition, problems };
  }
}

/** Whether the server still serves this session (it closes streams on some malformed stanzas). */
async function alive(user: TestUser): Promise<boolean> {
  if (user.xmpp.status !== "online") return false;
  return user
    .iq(
      xml("iq", { type: "get", to: user.bare.split("@")[1] }, xml("ping", { xmlns: "urn:xmpp:ping" })),
      5000,
    )
    .then(
      () => true,
      (err: { stanza?: Element }) => !!err.stanza,
    );
}

async function pingService(user: TestUser, service: string): Promise<void> {
  const reply = await user.iq(
    xml("iq", { type: "get", to: service }, xml("ping", { xmlns: "urn:xmpp:ping" })),
  );
  assert.equal(reply.attrs.type, "result", `${service} answers a ping`);
}

describe("fuzz through a real server", function () {
  const cases = runs(200, 0.5);
  const seed = Number(process.env.FUZZ_SEED) || Date.now() % 2 ** 31;
  this.timeout(120_000 + cases * 2000);
  let server: XmppServer;
  let manifold: RunningManifold;
  let users: TestUser[] = [];
  const online = async (i: number): Promise<TestUser> => {
    if (!(await alive(users[i]!))) {
      await users[i]!.stop();
      users[i] = await reconnect(server, users[i]!);
    }
    return users[i]!;
  };

  before(async () => {
    server = await useServer();
    manifold = await startManifold(server);
    users = await people(server, "alice", "bob", "carol");
    await buildScenario(users);
  });
  after(async () => {
    await Promise.all(users.map((u) => u.stop()));
    await manifold.stop();
  });

  it(`answers every IQ once, stays connected and keeps working (${cases} stanzas, seed ${seed})`, async () => {
    const drawn = fc
      .sample(fuzzed, { numRuns: cases * 4, seed })
      .filter(([s]) => routable(s))
      .slice(0, cases);
    const problems: string[] = [];
    const answers = new Map<string, number>();
    const asked = new Set<string>();
    let closed = 0;
    for (const [index, [stanza, who]] of drawn.entries()) {
      const user = users[who]!;
      const el = parseXml(stanza.xml);
      delete el.attrs.from; // the server stamps it
      if (el.name !== "iq" || (el.attrs.type !== "get" && el.attrs.type !== "set")) {
        await user.send(el).catch(() => undefined);
        continue;
      }
      el.attrs.id = `fuzz-${index}`;
      asked.add(el.attrs.id);
      const asker = await online(who);
      const streams = asker.streams;
      const { answer, problems: found } = await ask(asker, el);
      answers.set(answer, (answers.get(answer) ?? 0) + 1);
      problems.push(...found);
      if (answer !== "none") continue;
      // The server may end the stream over a stanza it will not take (ejabberd: one past its c2s
      // max_stanza_size, after parsing it), and @xmpp/client then reconnects by itself: the stanza
      // never reached Manifold.
      if (asker.streams === streams && (await alive(asker)))
        problems.push(`no answer to ${el.toString().slice(0, 400)}`);
      else closed++;
      await online(who);
    }
    // A second answer to any IQ would be in an inbox once a later answer has come.
    for (const i of users.keys()) await pingService(await online(i), GROUPS);
    for (const user of users)
      for (const el of user.inbox)
        if (el.name === "iq" && asked.has(el.attrs.id ?? ""))
          problems.push(`a second answer: ${el.toString()}`);
    const counts = [...answers].map(([a, n]) => `${a} ${n}`).join(", ");
    console.log(
      `      ${drawn.length} stanzas sent; IQ answers: ${counts}; sessions closed by the server: ${closed}`,
    );
    assert.deepEqual(problems, []);
    assert.ok(
      manifold.app.links.every((l) => l.online),
      "Manifold is still connected to the server",
    );
  });

  it("still works afterwards: a new room, a message through it, both services answering", async () => {
    const [alice, bob] = [await online(0), await online(1)];
    for (const service of [GROUPS, LISTS]) await pingService(alice, service);
    const room = `after-fuzz-${Date.now() % 100000}@${GROUPS}`;
    assert.ok(codes(await enter(alice, room, "Alice")).includes(201), "a new room is created");
    await configure(alice, room);
    await enter(bob, room, "Bob");
    await bob.send(xml("message", { to: room, type: "groupchat" }, xml("body", {}, "still here")));
    await alice.waitFor((el) => el.attrs.from === `${room}/Bob` && el.getChildText("body") === "still here");
  });

  it("leaves a valid store that a restarted Manifold opens and serves", async () => {
    await manifold.stop();
    const level = new Level<string, unknown>(manifold.dataDir, { valueEncoding: "json" });
    let stored: string[];
    try {
      assert.deepEqual(await storeProblems(level), []);
      stored = [...((await snapshot(level)).data.get("rooms")?.keys() ?? [])];
    } finally {
      await level.close();
    }
    manifold = await startManifold(server, { dataDir: manifold.dataDir });
    const alice = await online(0);
    await pingService(alice, LISTS);
    for (const room of stored) {
      const info = await alice.iq(xml("iq", { type: "get", to: room }, xml("query", { xmlns: DISCO_INFO })));
      assert.equal(info.attrs.type, "result", `${room}, stored, is served again`);
    }
  });
});
