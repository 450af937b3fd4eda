// Room avatars (XEP-0486): what a vCard's PHOTO must be for the room to take it.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readPhoto } from "../../../src/muc/avatar.js";
import { StanzaError } from "../../../src/xmpp/stanza-error.js";
import { parseXml } from "../../../src/xmpp/xml.js";

/** A real 1×1 PNG. */
const PNG =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

const vcard = (photo: string) => parseXml(`<vCard xmlns="vcard-temp"><FN>x</FN>${photo}</vCard>`);
const photo = (type: string, binval: string) =>
  vcard(`<PHOTO><TYPE>${type}</TYPE><BINVAL>${binval}</BINVAL></PHOTO>`);

function refusal(el: ReturnType<typeof vcard>, max = 1000): StanzaError {
  try {
    readPhoto(el, max);
  } catch (err) {
    if (err instanceof StanzaError) return err;
    throw err;
  }
  assert.fail("the photo was taken");
}

describe("room avatars: the PHOTO", () => {
  it("takes a PNG, with its SHA-1 over the image bytes, whatever the line breaks in BINVAL", () => {
    const wrapped = PNG.replace(/(.{20})/g, "$1\n");
    const taken = readPhoto(photo("image/png", wrapped), 1000)!;
    assert.equal(taken.type, "image/png");
    assert.equal(taken.data, PNG);
    assert.equal(taken.hash, createHash("sha1").update(Buffer.from(PNG, "base64")).digest("hex"));
  });

  it("reads a vCard without PHOTO, or with an empty one, as removing the avatar", () => {
    assert.equal(readPhoto(vcard(""), 1000), null);
    assert.equal(readPhoto(vcard("<PHOTO/>"), 1000), null);
  });

  it("goes by the image's bytes, not its TYPE (XEP-0153: a hint to ignore)", () => {
    assert.equal(readPhoto(photo("image/jpeg", PNG), 1000)!.type, "image/png");
    assert.equal(readPhoto(photo("image/jpg", PNG), 1000)!.type, "image/png");
    assert.equal(readPhoto(vcard(`<PHOTO><BINVAL>${PNG}</BINVAL></PHOTO>`), 1000)!.type, "image/png");
  });

  it("refuses data that is no PNG, JPEG, GIF or WebP, naming them and the TYPE given, and bad base64", () => {
    const bmp = refusal(photo("image/bmp", "Qk0AAAAA"));
    assert.equal(bmp.condition, "not-acceptable");
    assert.match(bmp.text!, /image\/png, image\/jpeg, image\/gif, image\/webp image.*TYPE says image\/bmp/);
    assert.doesNotMatch(refusal(vcard("<PHOTO><BINVAL>Qk0AAAAA</BINVAL></PHOTO>")).text!, /TYPE/);
    assert.equal(refusal(photo("image/png", "***")).condition, "bad-request");
  });

  it("refuses an image over the service's size, saying both sizes, before decoding it", () => {
    const err = refusal(photo("image/png", PNG), 50);
    assert.equal(err.condition, "not-acceptable");
    assert.match(err.text!, /at most 50 bytes/);
    assert.match(refusal(photo("image/png", "A".repeat(4_000_000)), 1000).text!, /3000000 bytes/);
  });

  it("refuses a photo given as a URL", () => {
    assert.equal(
      refusal(vcard("<PHOTO><EXTVAL>https://example.org/a.png</EXTVAL></PHOTO>")).condition,
      "feature-not-implemented",
    );
  });
});
