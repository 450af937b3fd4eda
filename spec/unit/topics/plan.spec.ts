// Recipient planning for a topic send: all, a XEP-0033 subset, or a typed "@name:" subset.
import assert from "node:assert/strict";
import fc from "fast-check";
import { planRecipients } from "../../../src/topics/plan.js";
import { parseXml } from "../../../src/xmpp/xml.js";
import { StanzaError } from "../../../src/xmpp/stanza-error.js";

const MEMBERS = [
  { nick: "Bob", bareJid: "bob@localhost" },
  { nick: "carol", bareJid: "carol@example.org" },
  { nick: "dan (2)", bareJid: "dan@localhost" },
];
const message = (inner: string) => parseXml(`<message type="groupchat">${inner}</message>`);
const nicks = (plan: { recipients: { nick: string }[] }) => plan.recipients.map((r) => r.nick);

describe("planRecipients", () => {
  it("sends to every member when nothing narrows it", () => {
    const plan = planRecipients(MEMBERS, message("<body>hello all</body>"));
    assert.deepEqual(nicks(plan), ["Bob", "carol", "dan (2)"]);
    assert.equal(plan.subset, false);
    assert.equal(plan.body, undefined);
  });

  it("takes XEP-0033 'to' addresses, ignoring other address types", () => {
    const plan = planRecipients(
      MEMBERS,
      message(
        `<body>x</body><addresses xmlns="http://jabber.org/protocol/address"><address type="to" jid="Carol@Example.org/phone"/><address type="cc" jid="bob@localhost"/></addresses>`,
      ),
    );
    assert.deepEqual(nicks(plan), ["carol"]);
    assert.equal(plan.subset, true);
  });

  it("refuses cc or bcc addresses without a 'to' rather than send to everyone", () => {
    assert.throws(
      () =>
        planRecipients(
          MEMBERS,
          message(
            `<body>x</body><addresses xmlns="http://jabber.org/protocol/address"><address type="bcc" jid="bob@localhost"/></addresses>`,
          ),
        ),
      /type 'to'/,
    );
  });

  it("reads '@Bob @carol:' case-insensitively and strips it from the body", () => {
    const plan = planRecipients(MEMBERS, message("<body>@bob, @CAROL: see you at 7</body>"));
    assert.deepEqual(nicks(plan), ["Bob", "carol"]);
    assert.equal(plan.body, "see you at 7");
  });

  it("accepts bare JIDs in the typed form", () => {
    const plan = planRecipients(MEMBERS, message("<body>@carol@example.org: hi</body>"));
    assert.deepEqual(nicks(plan), ["carol"]);
  });

  it("leaves a body that merely mentions someone alone", () => {
    for (const body of ["@bob thanks", "mail me at bob@localhost: ok", "hello @bob:"]) {
      const plan = planRecipients(MEMBERS, message(`<body>${body}</body>`));
      assert.equal(plan.subset, false, body);
    }
  });

  it("refuses the whole send naming every unknown recipient", () => {
    assert.throws(
      () => planRecipients(MEMBERS, message("<body>@bob @zed @yan: hi</body>")),
      (err: unknown) =>
        err instanceof StanzaError && err.condition === "item-not-found" && /zed, yan/.test(err.message),
    );
  });

  it("never plans anyone outside the list, nor anyone twice (property)", () => {
    const name = fc.constantFrom("bob", "carol", "BOB", "carol@example.org", "bob@localhost");
    fc.assert(
      fc.property(fc.array(name, { minLength: 1, maxLength: 6 }), (names) => {
        const plan = planRecipients(
          MEMBERS,
          message(`<body>${names.map((n) => `@${n}`).join(" ")}: x</body>`),
        );
        const jids = plan.recipients.map((r) => r.bareJid);
        assert.equal(new Set(jids).size, jids.length);
        for (const jid of jids) assert.ok(MEMBERS.some((m) => m.bareJid === jid));
      }),
    );
  });

  describe("XEP-0372 mentions opening the body", () => {
    const REF = "urn:xmpp:reference:0";
    const mention = (begin: number, end: number, uri: string, type = "mention") =>
      `<reference xmlns="${REF}" type="${type}" begin="${begin}" end="${end}" uri="${uri}"/>`;

    it("takes mentions next to each other at the start, ended by a colon, and removes them", () => {
      const plan = planRecipients(
        MEMBERS,
        message(
          `<body> Bob carol:  see you</body>${mention(5, 10, "xmpp:carol@example.org")}${mention(1, 4, "xmpp:bob@localhost")}`,
        ),
      );
      assert.deepEqual(nicks(plan), ["Bob", "carol"]);
      assert.equal(plan.subset, true);
      assert.equal(plan.body, "see you");
    });

    it("counts offsets in UTF-16 units, as Converse does", () => {
      // "🏸bob" is five UTF-16 units (four code points): the mention covers it all.
      const plan = planRecipients(
        MEMBERS,
        message(`<body>🏸bob: bring the net</body>${mention(0, 5, "xmpp:bob@localhost")}`),
      );
      assert.deepEqual(nicks(plan), ["Bob"]);
      assert.equal(plan.body, "bring the net");
      const byOccupant = planRecipients(
        MEMBERS,
        message(`<body>dan (2): 🏸 net</body>${mention(0, 7, "xmpp:badminton@lists.localhost/dan (2)")}`),
      );
      assert.deepEqual(nicks(byOccupant), ["dan (2)"]);
      assert.equal(byOccupant.body, "🏸 net");
    });

    it("ignores references that are not mentions, out of the body, or not at the start", () => {
      for (const inner of [
        `<body>bob: hi</body>${mention(0, 3, "xmpp:bob@localhost", "data")}`,
        `<body>bob: hi</body>${mention(0, 30, "xmpp:bob@localhost")}`,
        `<body>hi bob: x</body>${mention(3, 6, "xmpp:bob@localhost")}`,
      ]) {
        assert.equal(planRecipients(MEMBERS, message(inner)).subset, false, inner);
      }
    });

    it("refuses the send naming the text of a mention that is not a member", () => {
      assert.throws(
        () => planRecipients(MEMBERS, message(`<body>zed: hi</body>${mention(0, 3, "xmpp:zed@localhost")}`)),
        (err: unknown) => err instanceof StanzaError && /members of this topic: zed\./.test(err.message),
      );
    });
  });
});
