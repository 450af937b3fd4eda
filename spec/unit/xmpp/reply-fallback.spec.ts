// A reply's quote (XEP-0461 with a XEP-0428 fallback range): found whether the client counted code
// points, as XEP-0426 says, or UTF-16 units, and cut out of the body.
import assert from "node:assert/strict";
import { quoteLead, withoutQuote } from "../../../src/xmpp/reply-fallback.js";
import { parseXml } from "../../../src/xmpp/xml.js";

const reply = (body: string, range: string) =>
  parseXml(
    `<message><body>${body}</body><reply xmlns="urn:xmpp:reply:0" to="t@lists.localhost/bob" id="x"/><fallback xmlns="urn:xmpp:fallback:0" for="urn:xmpp:reply:0"><body ${range}/></fallback></message>`,
  );

describe("reply fallback: the quote", () => {
  it("cuts a plain quote out", () => {
    const quote = "> bob: ok\n";
    const m = reply(`${quote}fine`, `start="0" end="${quote.length}"`);
    assert.equal(withoutQuote(m, m.getChildText("body")!), "fine");
    assert.equal(quoteLead(m, m.getChildText("body")!), quote.length);
  });

  it("counts code points, as XEP-0426 says, when the quote holds emoji", () => {
    const quote = "> bob: 🏸🏸\n";
    const points = [...quote].length; // 10, where UTF-16 counts 12
    const m = reply(`${quote}@carol: court booked`, `start="0" end="${points}"`);
    assert.equal(withoutQuote(m, m.getChildText("body")!), "@carol: court booked");
  });

  it("reads a client that counted UTF-16 units, since only that reading ends the quote at a line", () => {
    const quote = "> bob: 🏸🏸\n";
    const m = reply(`${quote}@carol: court booked`, `start="0" end="${quote.length}"`);
    assert.equal(withoutQuote(m, m.getChildText("body")!), "@carol: court booked");
  });

  it("takes a fallback without a range as the whole body", () => {
    const m = reply("all quote", "");
    assert.equal(withoutQuote(m, "all quote"), "");
    assert.equal(quoteLead(m, "all quote"), "all quote".length);
  });

  it("ignores ranges that are not ranges", () => {
    const m = reply("> x\nhello", `start="3" end="1"`);
    assert.equal(withoutQuote(m, "> x\nhello"), "> x\nhello");
  });
});
