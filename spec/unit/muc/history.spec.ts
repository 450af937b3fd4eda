// historyRequest: how much discussion history a join asks for (XEP-0045 §7.2.14), within limits.
import assert from "node:assert/strict";
import type { MucContext, MucSettings } from "../../../src/muc/context.js";
import { historyRequest } from "../../../src/muc/history.js";
import { NS } from "../../../src/xmpp/ns.js";
import { xml, type Element } from "../../../src/xmpp/xml.js";
import { groupsSettings, makeRoom, roomConfig } from "../helpers/rooms.js";

const NOW = Date.parse("2024-05-01T12:00:00Z");

function ctx(settings: Partial<MucSettings> = {}): MucContext {
  const all: MucSettings = {
    ...groupsSettings,
    domain: "groups.example.org",
    localDomains: ["example.org"],
    defaults: roomConfig(),
    historyDefault: 20,
    historyMax: 50,
    ...settings,
  };
  return { settings: all } as Pick<MucContext, "settings"> as MucContext;
}

function join(history?: Record<string, string>): Element {
  return xml("x", { xmlns: NS.muc }, history ? xml("history", history) : null);
}

describe("historyRequest", () => {
  const room = makeRoom({}, { historyLength: 30 });

  it("sends the service default when the client does not ask", () => {
    assert.deepEqual(historyRequest(ctx(), room, join(), NOW), { max: 20, since: 0, maxChars: Infinity });
    assert.deepEqual(historyRequest(ctx(), room, undefined, NOW), { max: 20, since: 0, maxChars: Infinity });
  });

  it("sends no more than the room keeps, even by default", () => {
    const small = makeRoom({}, { historyLength: 5 });
    assert.equal(historyRequest(ctx(), small, join(), NOW).max, 5);
  });

  it("grants maxstanzas up to the room's history length", () => {
    assert.equal(historyRequest(ctx(), room, join({ maxstanzas: "7" }), NOW).max, 7);
    assert.equal(historyRequest(ctx(), room, join({ maxstanzas: "1000" }), NOW).max, 30);
  });

  it("caps maxstanzas at the service maximum", () => {
    const big = makeRoom({}, { historyLength: 500 });
    assert.equal(historyRequest(ctx({ historyMax: 50 }), big, join({ maxstanzas: "1000" }), NOW).max, 50);
  });

  it("sends nothing for maxstanzas='0' or maxchars='0'", () => {
    assert.equal(historyRequest(ctx(), room, join({ maxstanzas: "0" }), NOW).max, 0);
    assert.equal(historyRequest(ctx(), room, join({ maxchars: "0" }), NOW).max, 0);
  });

  it("passes a character budget on", () => {
    assert.equal(historyRequest(ctx(), room, join({ maxchars: "2000" }), NOW).maxChars, 2000);
  });

  it("reads seconds as a lower bound that many seconds before now", () => {
    assert.equal(historyRequest(ctx(), room, join({ seconds: "180" }), NOW).since, NOW - 180_000);
  });

  it("reads since as a lower bound at that instant", () => {
    const request = historyRequest(ctx(), room, join({ since: "2024-05-01T11:00:00Z" }), NOW);
    assert.equal(request.since, Date.parse("2024-05-01T11:00:00Z"));
  });

  it("uses the later bound when both seconds and since are given", () => {
    const later = historyRequest(ctx(), room, join({ seconds: "60", since: "2024-05-01T10:00:00Z" }), NOW);
    assert.equal(later.since, NOW - 60_000);
    const sinceLater = historyRequest(
      ctx(),
      room,
      join({ seconds: "86400", since: "2024-05-01T11:30:00Z" }),
      NOW,
    );
    assert.equal(sinceLater.since, Date.parse("2024-05-01T11:30:00Z"));
  });

  it("ignores an unreadable since", () => {
    assert.equal(historyRequest(ctx(), room, join({ since: "yesterday" }), NOW).since, 0);
  });
});
