// Room configuration form (XEP-0045 §10.2): current values out, validated submission in.
import assert from "node:assert/strict";
import { applyConfigForm, configForm } from "../../../src/muc/config-form.js";
import { NS } from "../../../src/xmpp/ns.js";
import { readForm, type SubmittedForm } from "../../../src/xmpp/forms.js";
import { StanzaError } from "../../../src/xmpp/stanza-error.js";
import { xml } from "../../../src/xmpp/xml.js";
import { roomConfig } from "../helpers/rooms.js";
import { groupRequestsSetting } from "../../../src/groups/config.js";

/** The rooms here are groups.* rooms: their form has the setting groups add. */
const groups = [groupRequestsSetting];

const MAXMEMBERS = `${NS.manifold}#maxmembers`;
const limits = { maxMembers: 500, maxOccupants: 300, historyMax: 50, memberCount: 3 };

function submit(fields: Record<string, string>, formType: string | null = NS.mucRoomConfig): SubmittedForm {
  const all = formType === null ? fields : { FORM_TYPE: formType, ...fields };
  return readForm(
    xml(
      "query",
      { xmlns: NS.mucOwner },
      xml(
        "x",
        { xmlns: NS.data, type: "submit" },
        ...Object.entries(all).map(([name, value]) => xml("field", { var: name }, xml("value", {}, value))),
      ),
    ),
  )!;
}

function rejected(fields: Record<string, string>, condition: string, extra = limits): StanzaError {
  let caught: unknown;
  try {
    applyConfigForm(roomConfig(), submit(fields), extra, groups);
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof StanzaError, "expected a StanzaError");
  assert.equal(caught.condition, condition);
  return caught;
}

describe("configForm", () => {
  const config = roomConfig({
    name: "Lobby",
    description: "Say hi",
    persistent: true,
    moderated: true,
    whois: "anyone",
    allowPrivateMessages: "moderators",
    maxOccupants: 40,
    maxMembers: 100,
    historyLength: 15,
  });
  const form = configForm(config, { maxMembers: 500, maxOccupants: 300 }, [], groups);
  const values = new Map(
    form.getChildren("field").map((f) => [f.attrs.var!, f.getChildren("value").map((v) => v.getText())]),
  );

  it("is a muc#roomconfig form", () => {
    assert.equal(form.attrs.xmlns, NS.data);
    assert.equal(form.attrs.type, "form");
    assert.deepEqual(values.get("FORM_TYPE"), [NS.mucRoomConfig]);
  });

  it("lists every setting with its current value", () => {
    assert.deepEqual(Object.fromEntries(values), {
      FORM_TYPE: [NS.mucRoomConfig],
      "muc#roomconfig_roomname": ["Lobby"],
      "muc#roomconfig_roomdesc": ["Say hi"],
      "muc#roomconfig_persistentroom": ["1"],
      "muc#roomconfig_publicroom": ["1"],
      "muc#roomconfig_membersonly": ["0"],
      "muc#roomconfig_moderatedroom": ["1"],
      "muc#roomconfig_whois": ["anyone"],
      "muc#roomconfig_changesubject": ["0"],
      "muc#roomconfig_allowinvites": ["0"],
      "muc#roomconfig_allowpm": ["moderators"],
      "muc#roomconfig_maxusers": ["40"],
      [MAXMEMBERS]: ["100"],
      "muc#roomconfig_historylength": ["15"],
      "urn:x-manifold:0#group_requests": ["members"],
    });
  });

  it("offers the allowed choices for list fields", () => {
    const options = (name: string) =>
      form
        .getChildren("field")
        .find((f) => f.attrs.var === name)!
        .getChildren("option")
        .map((o) => o.getChildText("value"));
    assert.deepEqual(options("muc#roomconfig_whois"), ["moderators", "anyone"]);
    assert.deepEqual(options("muc#roomconfig_allowpm"), ["anyone", "participants", "moderators", "none"]);
  });

  it("states the service limits in the labels of the size fields", () => {
    const label = (name: string) => form.getChildren("field").find((f) => f.attrs.var === name)!.attrs.label;
    assert.match(label("muc#roomconfig_maxusers")!, /300/);
    assert.match(label(MAXMEMBERS)!, /500/);
  });

  it("reads back unchanged through applyConfigForm", () => {
    const echoed = readForm(xml("query", {}, form))!;
    assert.deepEqual(applyConfigForm(config, echoed, limits, groups), config);
  });
});

describe("applyConfigForm", () => {
  it("keeps every value on an empty submission", () => {
    const current = roomConfig({ name: "Lobby", persistent: true });
    assert.deepEqual(applyConfigForm(current, submit({}), limits, groups), current);
    assert.deepEqual(applyConfigForm(current, submit({}, null), limits, groups), current);
  });

  it("does not change the configuration it was given", () => {
    const current = roomConfig();
    const before = structuredClone(current);
    applyConfigForm(current, submit({ "muc#roomconfig_persistentroom": "1" }), limits, groups);
    assert.deepEqual(current, before);
  });

  it("applies submitted booleans, texts, lists and numbers", () => {
    const next = applyConfigForm(
      roomConfig(),
      submit({
        "muc#roomconfig_roomname": " Team ",
        "muc#roomconfig_roomdesc": "Daily chat",
        "muc#roomconfig_persistentroom": "true",
        "muc#roomconfig_publicroom": "0",
        "muc#roomconfig_membersonly": "1",
        "muc#roomconfig_moderatedroom": "1",
        "muc#roomconfig_changesubject": "1",
        "muc#roomconfig_allowinvites": "1",
        "muc#roomconfig_whois": "anyone",
        "muc#roomconfig_allowpm": "none",
        "muc#roomconfig_maxusers": "25",
        [MAXMEMBERS]: "30",
        "muc#roomconfig_historylength": "10",
        "urn:x-manifold:0#group_requests": "admins",
      }),
      limits,
      groups,
    );
    assert.deepEqual(next, {
      name: "Team",
      description: "Daily chat",
      persistent: true,
      public: false,
      membersOnly: true,
      moderated: true,
      whois: "anyone",
      changeSubject: true,
      allowInvites: true,
      allowPrivateMessages: "none",
      maxOccupants: 25,
      maxMembers: 30,
      historyLength: 10,
      groupRequests: "admins",
    });
  });

  it("caps the history length at the service maximum", () => {
    assert.equal(
      applyConfigForm(roomConfig(), submit({ "muc#roomconfig_historylength": "999" }), limits, groups)
        .historyLength,
      50,
    );
  });

  it("rejects a form of another FORM_TYPE with bad-request", () => {
    assert.throws(
      () => applyConfigForm(roomConfig(), submit({}, "urn:example:other"), limits, groups),
      (err: unknown) => err instanceof StanzaError && err.condition === "bad-request",
    );
  });

  it("rejects a boolean field that is not a boolean with bad-request", () => {
    rejected({ "muc#roomconfig_persistentroom": "yes" }, "bad-request");
  });

  it("rejects a whois other than moderators or anyone with not-acceptable", () => {
    rejected({ "muc#roomconfig_whois": "nobody" }, "not-acceptable");
  });

  it("rejects an unknown private-message policy with not-acceptable", () => {
    rejected({ "muc#roomconfig_allowpm": "friends" }, "not-acceptable");
  });

  it("rejects a maximum of occupants above the service limit or below one with not-acceptable", () => {
    assert.match(rejected({ "muc#roomconfig_maxusers": "301" }, "not-acceptable").text!, /300/);
    rejected({ "muc#roomconfig_maxusers": "0" }, "not-acceptable");
  });

  it("accepts a maximum of occupants equal to the service limit", () => {
    assert.equal(
      applyConfigForm(roomConfig(), submit({ "muc#roomconfig_maxusers": "300" }), limits, groups)
        .maxOccupants,
      300,
    );
  });

  it("refuses a maximum of members above the service limit with not-allowed, naming the limit", () => {
    const err = rejected({ [MAXMEMBERS]: "501" }, "not-allowed");
    assert.match(err.text!, /500/);
  });

  it("rejects a maximum of members below the current member count with not-acceptable", () => {
    const err = rejected({ [MAXMEMBERS]: "2" }, "not-acceptable");
    assert.match(err.text!, /3/);
    assert.equal(applyConfigForm(roomConfig(), submit({ [MAXMEMBERS]: "3" }), limits, groups).maxMembers, 3);
  });

  it("rejects a maximum of zero members even in an empty room", () => {
    rejected({ [MAXMEMBERS]: "0" }, "not-acceptable", { ...limits, memberCount: 0 });
  });
});
