// Archive retention: the service's longest time, each room's own shorter one, the cut-off readers
// stop at, and the room form's field (durations read and written back exactly).
import assert from "node:assert/strict";
import { Retention } from "../../../src/muc/retention.js";
import { formatDuration, parseDuration } from "../../../src/core/duration.js";
import { NS } from "../../../src/xmpp/ns.js";
import { readForm, type SubmittedForm } from "../../../src/xmpp/forms.js";
import { StanzaError } from "../../../src/xmpp/stanza-error.js";
import { xml } from "../../../src/xmpp/xml.js";
import { roomConfig } from "../helpers/rooms.js";

const DAY = 86_400_000;
const FIELD = `${NS.manifold}#archive_expiry`;
const NOW = Date.parse("2026-06-01T00:00:00Z");

function submit(value: string): SubmittedForm {
  return readForm(
    xml(
      "query",
      { xmlns: NS.mucOwner },
      xml("x", { xmlns: NS.data, type: "submit" }, xml("field", { var: FIELD }, xml("value", {}, value))),
    ),
  )!;
}

function applied(retention: Retention, value: string, config = roomConfig()) {
  const next = { ...config };
  retention.setting.apply(submit(value), next, config);
  return next;
}

function refusal(retention: Retention, value: string): StanzaError {
  try {
    applied(retention, value);
  } catch (err) {
    if (err instanceof StanzaError) return err;
    throw err;
  }
  assert.fail(`${value} was accepted`);
}

describe("archive retention", () => {
  it("reads and writes durations exactly, and refuses what is no duration of a minute or more", () => {
    assert.equal(parseDuration("90d"), 90 * DAY);
    assert.equal(parseDuration(" 12h "), 12 * 3_600_000);
    assert.equal(parseDuration("never"), null);
    for (const bad of ["soon", "30s", "", "-1d", "0m"]) assert.equal(parseDuration(bad), undefined, bad);
    for (const ms of [DAY, 36 * 3_600_000, 90 * DAY, 7 * DAY, 61_000])
      assert.equal(parseDuration(formatDuration(ms)), ms, formatDuration(ms));
    assert.equal(formatDuration(36 * 3_600_000), "36h");
    assert.equal(formatDuration(null), "never");
  });

  it("keeps everything when neither the service nor the room sets a time", () => {
    const retention = new Retention(null, () => NOW);
    assert.equal(retention.notBefore(roomConfig()), 0);
    assert.equal(retention.notBefore(undefined), 0);
  });

  it("cuts off at the service's time, or at the room's when it is shorter, never longer", () => {
    const retention = new Retention(30 * DAY, () => NOW);
    assert.equal(retention.notBefore(roomConfig()), NOW - 30 * DAY);
    assert.equal(retention.notBefore({ archiveExpiry: 7 * DAY }), NOW - 7 * DAY);
    // A room time longer than the service's (the service's was shortened since) is bounded by it.
    assert.equal(retention.notBefore({ archiveExpiry: 90 * DAY }), NOW - 30 * DAY);
    assert.equal(new Retention(null, () => NOW).notBefore({ archiveExpiry: 90 * DAY }), NOW - 90 * DAY);
  });

  it("offers the service's time and the shorter usual ones, showing the room's choice", () => {
    const retention = new Retention(30 * DAY, () => NOW);
    const field = retention.setting.field(roomConfig());
    assert.equal(field.var, FIELD);
    assert.equal(field.type, "list-single");
    assert.deepEqual(field.values, ["service"]);
    assert.deepEqual(
      field.options!.map((o) => o.value),
      ["service", "1d", "1w"],
    );
    assert.match(field.options![0]!.label, /30 days/);
    const chosen = retention.setting.field({ ...roomConfig(), archiveExpiry: 36 * 3_600_000 });
    assert.deepEqual(chosen.values, ["36h"]);
    assert.ok(chosen.options!.some((o) => o.value === "36h"));
  });

  it("takes a room's own time within the service's, and the service's back", () => {
    const retention = new Retention(30 * DAY, () => NOW);
    assert.equal(applied(retention, "7d").archiveExpiry, 7 * DAY);
    assert.equal(applied(retention, "12h").archiveExpiry, 12 * 3_600_000);
    assert.equal(applied(retention, "30d").archiveExpiry, undefined, "the service's own time");
    assert.equal(
      applied(retention, "service", { ...roomConfig(), archiveExpiry: DAY }).archiveExpiry,
      undefined,
    );
    assert.equal(applied(new Retention(null, () => NOW), "400d").archiveExpiry, 400 * DAY);
    assert.equal(applied(new Retention(null, () => NOW), "never").archiveExpiry, undefined);
  });

  it("refuses a time longer than the service's, or no duration, naming the field and the bound", () => {
    const retention = new Retention(30 * DAY, () => NOW);
    for (const value of ["90d", "never"]) {
      const err = refusal(retention, value);
      assert.equal(err.condition, "not-acceptable");
      assert.match(err.text!, new RegExp(`${FIELD}.*at most 30 days`));
    }
    assert.match(refusal(retention, "tomorrow").text!, /a duration such as 30d or 12h/);
  });
});
