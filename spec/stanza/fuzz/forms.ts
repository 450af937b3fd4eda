// XEP-0004 data forms as clients send them and as they break them: the right FORM_TYPE, a wrong
// or missing one, fields Manifold reads with values of the right and wrong kinds, unknown fields,
// wrong form types, duplicated fields, and list-multi fields with thousands of values.
import fc from "fast-check";
import { el, leaf } from "./xml-text.js";
import { payloadJid } from "./addresses.js";
import { booleanText, dateText, numberText, word } from "./strings.js";

export const DATA = "jabber:x:data";
const M = "urn:x-manifold:0";

/** Every FORM_TYPE Manifold reads or sends. */
export const FORM_TYPES = [
  "http://jabber.org/protocol/muc#roomconfig",
  "http://jabber.org/protocol/muc#register",
  "http://jabber.org/protocol/muc#request",
  "urn:xmpp:mam:2",
  `${M}#group-request`,
  `${M}#preferences`,
] as const;

/** Every field var Manifold reads, by the value it expects. */
const BOOLEAN_FIELDS = [
  "muc#roomconfig_persistentroom",
  "muc#roomconfig_publicroom",
  "muc#roomconfig_membersonly",
  "muc#roomconfig_moderatedroom",
  "muc#roomconfig_changesubject",
  "muc#roomconfig_allowinvites",
  "muc#register_allow",
  "approve",
  "persistent",
  "send-chat-states",
  "receive-chat-states",
];
const NUMBER_FIELDS = ["muc#roomconfig_maxusers", "muc#roomconfig_historylength", `${M}#maxmembers`];
const JID_FIELDS = ["muc#jid", `${M}#group`, "group", "requester", "jid", "members", "topic", "with"];
const CHOICE_FIELDS: Record<string, string[]> = {
  "muc#roomconfig_whois": ["moderators", "anyone", "none"],
  "muc#roomconfig_allowpm": ["anyone", "participants", "moderators", "none", "all"],
  [`${M}#group_requests`]: ["members", "admins", "owners"],
  [`${M}#absent_delivery`]: ["all", "mentions", "none"],
  "absent-messages": ["room", "mentions", "none", "all"],
};
const TEXT_FIELDS = [
  "muc#roomconfig_roomname",
  "muc#roomconfig_roomdesc",
  "muc#register_roomnick",
  "muc#register_first",
  "muc#register_last",
  "muc#register_faqentry",
  "name",
  "reason",
  "message",
  "after-id",
  "before-id",
];
const LIST_FIELDS = ["approve", "deny", "members", "ids"];
const DATE_FIELDS = ["start", "end"];

const values = (value: fc.Arbitrary<string>) => fc.array(value, { minLength: 0, maxLength: 3 });

const fieldType = fc.option(
  fc.constantFrom("boolean", "text-single", "jid-multi", "list-multi", "hidden", "fixed", "bogus"),
  { nil: undefined },
);

/** One field: a var Manifold knows with a value of its kind (or any), or an unknown var. */
export const field = fc
  .tuple(
    fc.oneof(
      fc.tuple(fc.constantFrom(...BOOLEAN_FIELDS), values(fc.oneof(booleanText, word))),
      fc.tuple(fc.constantFrom(...NUMBER_FIELDS), values(numberText)),
      fc.tuple(fc.constantFrom(...JID_FIELDS), values(payloadJid)),
      fc.tuple(
        fc.constantFrom(...Object.keys(CHOICE_FIELDS)),
        values(fc.oneof(fc.constantFrom(...Object.values(CHOICE_FIELDS).flat()), word)),
      ),
      fc.tuple(fc.constantFrom(...TEXT_FIELDS), values(word)),
      fc.tuple(fc.constantFrom(...LIST_FIELDS), values(fc.oneof(payloadJid, word))),
      fc.tuple(fc.constantFrom(...DATE_FIELDS), values(dateText)),
      fc.tuple(fc.oneof(word, fc.constant("FORM_TYPE")), values(word)),
    ),
    fieldType,
  )
  .map(([[name, vals], type]) => el("field", { var: name, type }, ...vals.map((v) => leaf("value", v))));

/** A field without a var, or with values nested oddly. */
const strayField = fc.constantFrom(
  el("field", {}, leaf("value", "1")),
  el("field", { var: "" }, leaf("value", "1")),
  el("field", { var: "muc#roomconfig_roomname" }, el("value", {}, el("b", {}, "bold"))),
  el("field", { var: "muc#roomconfig_persistentroom" }),
);

const formTypeField = fc
  .oneof({ weight: 5, arbitrary: fc.constantFrom(...FORM_TYPES) }, { weight: 1, arbitrary: word })
  .map((t) => el("field", { var: "FORM_TYPE", type: "hidden" }, leaf("value", t)));

/** A whole <x xmlns='jabber:x:data'/>, usually a submission. */
export const dataForm = fc
  .record({
    type: fc.oneof(
      { weight: 8, arbitrary: fc.constant("submit") },
      { weight: 1, arbitrary: fc.constantFrom("form", "cancel", "result", "", "SUBMIT") },
      { weight: 1, arbitrary: fc.constant(undefined) },
    ),
    formType: fc.option(formTypeField, { nil: undefined, freq: 3 }),
    fields: fc.array(fc.oneof({ weight: 9, arbitrary: field }, { weight: 1, arbitrary: strayField }), {
      maxLength: 6,
    }),
    duplicate: fc.boolean(),
  })
  .map(({ type, formType, fields, duplicate }) =>
    el("x", { xmlns: DATA, type }, formType, ...fields, duplicate ? fields[0] : undefined),
  );

/** A list-multi (or jid-multi) field with thousands of values. */
export const hugeField = fc
  .tuple(
    fc.constantFrom("approve", "deny", "members", "ids", "muc#roomconfig_roomname"),
    fc.constantFrom(1000, 5001),
  )
  .map(([name, n]) =>
    el(
      "field",
      { var: name, type: "list-multi" },
      ...Array.from({ length: n }, (_, i) =>
        leaf("value", i % 3 ? `u${i}@localhost` : `g${i}@groups.localhost`),
      ),
    ),
  );

export const hugeForm = fc
  .tuple(fc.option(fc.constantFrom(...FORM_TYPES), { nil: undefined }), hugeField)
  .map(([formType, big]) =>
    el(
      "x",
      { xmlns: DATA, type: "submit" },
      formType ? el("field", { var: "FORM_TYPE" }, leaf("value", formType)) : undefined,
      big,
    ),
  );
