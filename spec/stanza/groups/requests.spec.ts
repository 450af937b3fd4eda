// A group asks to join a room; the room's owners and admins answer (PROTOCOL §2). Every refusal
// has its condition and a text.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { world, type World } from "../helpers/world.js";
import { MUC_ADMIN, createRoom, errorOf, room } from "../helpers/muc.js";
import {
  ALICE,
  ALPHA,
  BOB,
  CAROL,
  CLUB,
  DAN,
  EVE,
  MANIFOLD,
  alphaInClub,
  bare,
  command,
  formFields,
  messageTo,
  noteOf,
  persistentRoom,
  setAffiliations,
} from "../helpers/groups.js";

const REQUEST = `${MANIFOLD}#group-request`;

async function clubAndAlpha(w: World, alpha: Record<string, string> = {}) {
  await persistentRoom(w, DAN, ALPHA, "Dan", [BOB, CAROL], { "muc#roomconfig_roomname": "Alpha", ...alpha });
  await persistentRoom(w, ALICE, CLUB, "Alice", [], { "muc#roomconfig_membersonly": "1" });
}

const ask = (w: World, from: string, to: string, group: string, reason?: string) =>
  command(w, from, to, "join-as-group", { group, ...(reason ? { reason } : {}) });

const answer = (w: World, from: string, group: string, approve: string) =>
  w.send(
    `<message from="${from}" to="${CLUB}"><x xmlns="jabber:x:data" type="submit"><field var="FORM_TYPE"><value>${REQUEST}</value></field><field var="group"><value>${group}</value></field><field var="approve"><value>${approve}</value></field></x></message>`,
  );

async function memberList(w: World): Promise<string> {
  await w.send(
    `<iq type="get" id="l" from="${ALICE}" to="${CLUB}"><query xmlns="${MUC_ADMIN}"><item affiliation="member"/></query></iq>`,
  );
  return w.take()[0]!.toString();
}

async function outcastList(w: World): Promise<string> {
  await w.send(
    `<iq type="get" id="l" from="${ALICE}" to="${CLUB}"><query xmlns="${MUC_ADMIN}"><item affiliation="outcast"/></query></iq>`,
  );
  return w.take()[0]!.toString();
}

describe("nested groups: requests", () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
  });
  afterEach(() => w.stop());

  it("offers join-as-group with a group field", async () => {
    await clubAndAlpha(w);
    const { iq } = await command(w, BOB, CLUB, "join-as-group");
    assert.equal(iq.attrs.type, "result");
    const fields = formFields(iq.getChild("command"));
    assert.equal(fields.get("group")!.attrs.type, "jid-single");
  });

  it("also tells each owner in a chat from the service, naming the request and the command that answers it", async () => {
    await clubAndAlpha(w);
    const { out } = await ask(w, BOB, CLUB, ALPHA);
    const chats = out.filter((el) => el.attrs.from === "groups.localhost");
    assert.deepEqual(
      chats.map((el) => [el.attrs.to, el.attrs.type]),
      [[bare(ALICE), "chat"]],
    );
    assert.equal(
      chats[0]!.getChildText("body"),
      `${bare(BOB)} asks for the group Alpha (${ALPHA}) to join club (${CLUB}). To answer, run the command ` +
        `"Answer requests of groups to join this room" (pending-requests) on ${CLUB}.`,
    );
  });

  it("sends the request to the owners with a form; approval adds the group, tells and invites", async () => {
    await clubAndAlpha(w);
    const { iq, out } = await ask(w, BOB, CLUB, ALPHA, "we play too");
    assert.match(noteOf(iq), /sent to its owners and admins/);
    const request = out.find(messageTo(bare(ALICE)))!;
    const fields = formFields(request);
    assert.equal(fields.get("FORM_TYPE")!.getChildText("value"), REQUEST);
    assert.equal(fields.get("group")!.getChildText("value"), ALPHA);
    assert.equal(fields.get("requester")!.getChildText("value"), bare(BOB));
    assert.equal(fields.get("approve")!.attrs.type, "boolean");
    assert.ok(!(await memberList(w)).includes(ALPHA), "nothing changes before the answer");

    await answer(w, ALICE, ALPHA, "1");
    const after = w.take();
    const confirmed = after.find((el) => el.attrs.to === ALICE && el.attrs.from === "groups.localhost");
    assert.match(
      confirmed?.getChildText("body") ?? "",
      /Alpha is now a member/,
      "the approver learns what the form did",
    );
    const told = after.find(
      (el) => messageTo(bare(BOB))(el) && /approved/.test(el.getChildText("body") ?? ""),
    );
    assert.ok(told, "the requester is told");
    assert.deepEqual([told.attrs.from, told.attrs.type], ["groups.localhost", "chat"], "by the service");
    assert.match(told.getChildText("body")!, /club@groups\.localhost/, "naming the room");
    for (const user of [BOB, CAROL, DAN]) {
      const invite = after.find(
        (el) =>
          messageTo(bare(user))(el) &&
          !!el.getChild("x", "http://jabber.org/protocol/muc#user")?.getChild("invite"),
      );
      assert.ok(invite, `${user} is invited`);
      // Also as a XEP-0249 direct invitation, the only kind Converse.js shows.
      assert.equal(invite.getChild("x", "jabber:x:conference")?.attrs.jid, CLUB);
    }
    const list = await memberList(w);
    assert.match(list, new RegExp(`jid="${ALPHA}"[^>]*><group xmlns="${MANIFOLD}"/>`));
  });

  it("tells the requester of a denial and adds nothing", async () => {
    await clubAndAlpha(w);
    await ask(w, BOB, CLUB, ALPHA);
    await answer(w, ALICE, ALPHA, "0");
    const out = w.take();
    assert.ok(out.some((el) => messageTo(bare(BOB))(el) && /declined/.test(el.getChildText("body") ?? "")));
    assert.ok(!(await memberList(w)).includes(ALPHA));
  });

  it("settles requests with pending-requests: approve and deny lists", async () => {
    await clubAndAlpha(w);
    await persistentRoom(w, CAROL, room("beta"), "Carol", [], { "muc#roomconfig_roomname": "Beta" });
    await ask(w, BOB, CLUB, ALPHA);
    await ask(w, CAROL, CLUB, room("beta"));
    const { iq } = await command(w, ALICE, CLUB, "pending-requests");
    const fields = formFields(iq.getChild("command"));
    assert.equal(fields.get("approve")!.attrs.type, "list-multi");
    const options = fields
      .get("deny")!
      .getChildren("option")
      .map((o) => o.getChildText("value"));
    assert.deepEqual(options.sort(), [ALPHA, room("beta")]);
    assert.match(fields.get("approve")!.getChildren("option")[0]!.attrs.label!, /asked by/);

    const done = await command(w, ALICE, CLUB, "pending-requests", {
      approve: [ALPHA],
      deny: [room("beta")],
    });
    assert.match(noteOf(done.iq), /Alpha is now a member/);
    assert.match(noteOf(done.iq), /declined/);
    const list = await memberList(w);
    assert.ok(list.includes(ALPHA) && !list.includes(room("beta")));
    const again = await command(w, ALICE, CLUB, "pending-requests");
    assert.match(noteOf(again.iq), /No requests/);
  });

  it("takes a request by registration with the group field", async () => {
    await clubAndAlpha(w);
    await w.send(
      `<iq type="set" id="r" from="${BOB}" to="${CLUB}"><query xmlns="jabber:iq:register"><x xmlns="jabber:x:data" type="submit"><field var="FORM_TYPE"><value>http://jabber.org/protocol/muc#register</value></field><field var="${MANIFOLD}#group"><value>${ALPHA}</value></field></x></query></iq>`,
    );
    const out = w.take();
    assert.equal(out.find((el) => el.name === "iq")!.attrs.type, "result");
    assert.ok(formFields(out.find(messageTo(bare(ALICE)))).has("group"));
  });

  it("adds the group at once when an owner of the room asks", async () => {
    await persistentRoom(w, ALICE, ALPHA, "Alice", [BOB]);
    await persistentRoom(w, ALICE, CLUB, "Alice");
    const { iq } = await ask(w, ALICE, CLUB, ALPHA);
    assert.match(noteOf(iq), /is now a member/);
  });

  describe("refusals", () => {
    beforeEach(() => clubAndAlpha(w));
    const refused = async (from: string, to: string, group: string, condition: string, text?: RegExp) => {
      const { iq } = await ask(w, from, to, group);
      const error = errorOf(iq);
      assert.equal(error.condition, condition, error.text);
      assert.ok(error.text, "every refusal says why");
      if (text) assert.match(error.text, text);
    };

    it("a malformed group JID", () => refused(BOB, CLUB, "not a jid@", "jid-malformed"));
    it("a room that does not exist", () => refused(BOB, CLUB, room("nowhere"), "item-not-found"));
    it("a room of another service", () =>
      refused(BOB, CLUB, "alpha@conference.example.org", "item-not-found"));
    it("an asker who is not a member of the group", () => refused(EVE, CLUB, ALPHA, "forbidden"));

    it("a member when the group lets only admins ask", async () => {
      await w.send(
        `<iq type="set" id="c" from="${DAN}" to="${ALPHA}"><query xmlns="http://jabber.org/protocol/muc#owner"><x xmlns="jabber:x:data" type="submit"><field var="${MANIFOLD}#group_requests"><value>admins</value></field></x></query></iq>`,
      );
      w.take();
      await refused(BOB, CLUB, ALPHA, "forbidden", /owners and admins/);
    });

    it("a group already a member, or already waiting", async () => {
      await ask(w, BOB, CLUB, ALPHA);
      await refused(CAROL, CLUB, ALPHA, "conflict", /already waiting/);
      await answer(w, ALICE, ALPHA, "1");
      w.take();
      await refused(CAROL, CLUB, ALPHA, "conflict", /already a member/);
    });

    it("a group whose name someone in the room already has", async () => {
      await setAffiliations(w, ALICE, CLUB, [[bare(EVE), "member"]]);
      await w.send(
        `<presence from="${EVE}" to="${CLUB}/Alpha"><x xmlns="http://jabber.org/protocol/muc"/></presence>`,
      );
      w.take();
      await refused(BOB, CLUB, ALPHA, "conflict", /"Alpha", a name already used/);
    });

    it("a banned group", async () => {
      await setAffiliations(w, ALICE, CLUB, [[ALPHA, "outcast"]]);
      await refused(BOB, CLUB, ALPHA, "forbidden", /banned/);
    });

    it("a temporary room", async () => {
      await createRoom(w, BOB, room("tmp"), "Bob", { "muc#roomconfig_persistentroom": "0" });
      await refused(BOB, CLUB, room("tmp"), "not-allowed", /persistent/);
    });

    it("a room in itself", () => refused(DAN, ALPHA, ALPHA, "not-allowed", /cycle/));

    it("a cycle at depth 1, naming it", async () => {
      await setAffiliations(w, ALICE, CLUB, [[ALPHA, "member"]]);
      await setAffiliations(w, DAN, ALPHA, [[bare(ALICE), "member"]]);
      await refused(ALICE, ALPHA, CLUB, "not-allowed", new RegExp(`${ALPHA} → ${CLUB} → ${ALPHA}`));
    });

    it("a room past the threshold, counting a group as one member", async () => {
      await w.send(
        `<iq type="set" id="c" from="${ALICE}" to="${CLUB}"><query xmlns="http://jabber.org/protocol/muc#owner"><x xmlns="jabber:x:data" type="submit"><field var="${MANIFOLD}#maxmembers"><value>1</value></field></x></query></iq>`,
      );
      w.take();
      await refused(BOB, CLUB, ALPHA, "not-allowed", /limit of 1 members/);
    });

    it("a group named as owner or admin in the admin list", async () => {
      const out = await setAffiliations(w, ALICE, CLUB, [[ALPHA, "admin"]]);
      assert.equal(errorOf(out[0]).condition, "not-allowed");
    });

    it("an answer from someone who is not an owner or admin, or for no request", async () => {
      await ask(w, BOB, CLUB, ALPHA);
      await answer(w, BOB, ALPHA, "1");
      assert.equal(errorOf(w.take()[0]).condition, "forbidden");
      await answer(w, ALICE, room("beta"), "1");
      assert.equal(errorOf(w.take()[0]).condition, "item-not-found");
    });

    it("pending-requests for a member, and one group both approved and denied", async () => {
      const hidden = await command(w, BOB, CLUB, "pending-requests");
      assert.equal(errorOf(hidden.iq).condition, "forbidden"); // XEP-0050 §4.4; not listed to members
      await ask(w, BOB, CLUB, ALPHA);
      const both = await command(w, ALICE, CLUB, "pending-requests", { approve: [ALPHA], deny: [ALPHA] });
      assert.equal(errorOf(both.iq).condition, "bad-request");
    });
  });

  it("checks a request again on approval: a cycle made meanwhile is refused, the request kept", async () => {
    await clubAndAlpha(w);
    await ask(w, BOB, CLUB, ALPHA);
    // Meanwhile the club becomes a member of Alpha.
    await setAffiliations(w, DAN, ALPHA, [[CLUB, "member"]]);
    await answer(w, ALICE, ALPHA, "1");
    const error = errorOf(w.take()[0]);
    assert.equal(error.condition, "not-allowed");
    assert.match(error.text!, /cycle/);
    const { iq } = await command(w, ALICE, CLUB, "pending-requests");
    assert.ok(formFields(iq.getChild("command")).has("approve"), "still waiting, to be denied");
  });

  it("checks a request again on approval: a group banned meanwhile stays banned", async () => {
    await clubAndAlpha(w);
    await ask(w, BOB, CLUB, ALPHA);
    await setAffiliations(w, ALICE, CLUB, [[ALPHA, "outcast"]]);
    w.take();
    await answer(w, ALICE, ALPHA, "1");
    assert.equal(errorOf(w.take()[0]).condition, "forbidden");
    assert.match(await outcastList(w), new RegExp(ALPHA));
  });

  it("checks a request again on approval: a requester who may no longer speak for the group", async () => {
    await clubAndAlpha(w);
    await ask(w, BOB, CLUB, ALPHA);
    await setAffiliations(w, DAN, ALPHA, [[bare(BOB), "outcast"]]);
    w.take();
    await answer(w, ALICE, ALPHA, "1");
    assert.equal(errorOf(w.take()[0]).condition, "forbidden");
    assert.doesNotMatch(await memberList(w), new RegExp(ALPHA));
  });

  it("refuses a request past groups.maxPendingRequests (resource-constraint, wait)", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "manifold-cfg-")), "config.yaml");
    writeFileSync(file, "groups:\n  maxPendingRequests: 1\n");
    await w.stop();
    w = await world({ env: { MANIFOLD_CONFIG: file } });
    await clubAndAlpha(w);
    await persistentRoom(w, CAROL, room("beta"), "Carol");
    await ask(w, BOB, CLUB, ALPHA);
    const { iq } = await ask(w, CAROL, CLUB, room("beta"));
    const error = errorOf(iq);
    assert.equal(error.condition, "resource-constraint");
    assert.equal(error.type, "wait");
    assert.match(error.text!, /1 requests waiting/);
  });

  it("refuses nesting deeper than groups.maxNestingLevels, naming the limit", async () => {
    const r = (n: string) => room(n);
    for (const n of ["l1", "l2", "l3", "l4", "l5", "l6"]) await persistentRoom(w, ALICE, r(n), "Alice");
    for (let i = 1; i < 5; i++) {
      const out = await setAffiliations(w, ALICE, r(`l${i}`), [[r(`l${i + 1}`), "member"]]);
      assert.equal(out.find((el) => el.name === "iq")!.attrs.type, "result");
    }
    const out = await setAffiliations(w, ALICE, r("l5"), [[r("l6"), "member"]]);
    assert.equal(errorOf(out[0]).condition, "not-allowed");
    assert.match(errorOf(out[0]).text!, /at most 5 levels/);
  });

  it("refuses a cycle at depth 3, naming every room on it", async () => {
    const r = (n: string) => room(n);
    for (const n of ["a", "b", "c", "d"]) await persistentRoom(w, ALICE, r(n), "Alice");
    await setAffiliations(w, ALICE, r("b"), [[r("a"), "member"]]);
    await setAffiliations(w, ALICE, r("c"), [[r("b"), "member"]]);
    await setAffiliations(w, ALICE, r("d"), [[r("c"), "member"]]);
    const out = await setAffiliations(w, ALICE, r("a"), [[r("d"), "member"]]);
    assert.equal(errorOf(out[0]).condition, "not-allowed");
    assert.ok(errorOf(out[0]).text!.includes(`${r("a")} → ${r("d")} → ${r("c")} → ${r("b")} → ${r("a")}`));
  });

  it("keeps requests across a restart until answered", async () => {
    const { MemoryLevel } = await import("memory-level");
    const level = new MemoryLevel({ valueEncoding: "json" });
    await w.stop();
    w = await world({ level: level as never });
    await clubAndAlpha(w);
    await ask(w, BOB, CLUB, ALPHA);
    await w.stop();
    w = await world({ level: level as never });
    const { iq } = await command(w, ALICE, CLUB, "pending-requests");
    const options = formFields(iq.getChild("command")).get("approve")!.getChildren("option");
    assert.deepEqual(
      options.map((o) => o.getChildText("value")),
      [ALPHA],
    );
  });

  it("keeps a group membership across a restart: its members enter as the group", async () => {
    const { MemoryLevel } = await import("memory-level");
    const level = new MemoryLevel({ valueEncoding: "json" });
    await w.stop();
    w = await world({ level: level as never });
    await alphaInClub(w);
    await w.stop();
    w = await world({ level: level as never });
    await w.send(
      `<presence from="${BOB}" to="${CLUB}/bob"><x xmlns="http://jabber.org/protocol/muc"/></presence>`,
    );
    const self = w.take().find((el) => el.name === "presence" && el.attrs.to === BOB)!;
    assert.equal(self.attrs.from, `${CLUB}/Alpha/bob`);
  });
});
