// scrubbed(): a room message as shown to those who see some occupants as someone else names none
// of them, and every body offset still covers the same words.
import assert from "node:assert/strict";
import fc from "fast-check";
import { scrubbed, type Hidden } from "../../../src/muc/scrub.js";
import { parseXml } from "../../../src/xmpp/xml.js";

const ROOM = "club@groups.localhost";
const CAROL: Hidden = { nick: "Alpha/carol", bareJid: "carol@localhost", shownAs: "Alpha" };
const REPLY = "urn:xmpp:reply:0";
const REFERENCE = "urn:xmpp:reference:0";
const FALLBACK = "urn:xmpp:fallback:0";

function message(body: string, ...extra: string[]) {
  return parseXml(`<message type="groupchat"><body>${body}</body>${extra.join("")}</message>`);
}

describe("scrubbed", () => {
  it("names the stand-in in a reply, a mention and the body, and moves the offsets with the text", () => {
    const quote = "> Alpha/carol: Tea?\n";
    const body = `${quote}🫖 Alpha/carol: yes`;
    const begin = body.lastIndexOf("Alpha/carol");
    const out = scrubbed(
      message(
        body,
        `<reply xmlns="${REPLY}" to="${ROOM}/Alpha/carol" id="s1"/>`,
        `<fallback xmlns="${FALLBACK}" for="${REPLY}"><body start="0" end="${quote.length}"/></fallback>`,
        `<reference xmlns="${REFERENCE}" type="mention" begin="${begin}" end="${begin + 11}" uri="xmpp:${ROOM}/Alpha%2Fcarol"/>`,
      ),
      ROOM,
      [CAROL],
    );
    assert.ok(!out.toString().includes("carol"), out.toString());
    const text = out.getChildText("body")!;
    assert.equal(text, "> Alpha: Tea?\n🫖 Alpha: yes");
    assert.equal(out.getChild("reply", REPLY)!.attrs.to, `${ROOM}/Alpha`);
    const range = out.getChild("fallback", FALLBACK)!.getChild("body")!;
    assert.equal(text.slice(Number(range.attrs.start), Number(range.attrs.end)), "> Alpha: Tea?\n");
    const mention = out.getChild("reference", REFERENCE)!;
    assert.equal(text.slice(Number(mention.attrs.begin), Number(mention.attrs.end)), "Alpha");
    assert.equal(mention.attrs.uri, `xmpp:${ROOM}/Alpha`);
  });

  it("names the stand-in for a real JID in a mention and in the text", () => {
    const out = scrubbed(
      message(
        "ask carol@localhost",
        `<reference xmlns="${REFERENCE}" type="mention" begin="4" end="19" uri="xmpp:carol@localhost"/>`,
      ),
      ROOM,
      [CAROL],
    );
    assert.equal(out.getChildText("body"), "ask Alpha");
    assert.deepEqual(
      {
        begin: out.getChild("reference", REFERENCE)!.attrs.begin,
        end: out.getChild("reference", REFERENCE)!.attrs.end,
      },
      { begin: "4", end: "9" },
    );
  });

  it("leaves a message naming nobody hidden exactly as it was", () => {
    const original = message("hello Alpha", `<reply xmlns="${REPLY}" to="${ROOM}/Alice" id="s2"/>`);
    assert.equal(scrubbed(original, ROOM, [CAROL]).toString(), original.toString());
    assert.equal(scrubbed(original, ROOM, []), original);
  });

  it("never leaves a hidden name in any text built from names and filler (property)", () => {
    const piece = fc.constantFrom(
      "Alpha/carol",
      "carol@localhost",
      `${ROOM}/Alpha/carol`,
      "Alpha",
      " ",
      "x",
      "🫖",
      "/",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const text = pieces.join("");
        const out = scrubbed(message(text.replace(/&/g, "&amp;")), ROOM, [CAROL]).getChildText("body") ?? "";
        assert.ok(!out.includes("carol"), `${text} → ${out}`);
      }),
    );
  });
});
