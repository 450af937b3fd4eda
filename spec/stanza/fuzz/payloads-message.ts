// Message payloads Manifold reads, valid and broken: bodies (with the text commands of both
// services and the "@Bob @Carol:" prefix), subjects, XEP-0085 chat states, XEP-0184 receipts,
// XEP-0333 markers, XEP-0033 address lists, muc#user invitations and declines, XEP-0249 direct
// invitations, registration and group-request answers, spoofed ids, and bounces.
import fc from "fast-check";
import { CLUB, GROUPS, LISTS, OCCUPANTS, ROOMS, TOPICS } from "./cast.js";
import { payloadJid, toAddress } from "./addresses.js";
import { dataForm, DATA } from "./forms.js";
import { family, MESSAGE_TYPES, type Draft } from "./draft.js";
import { el, leaf } from "./xml-text.js";
import { bodyText, booleanText, word } from "./strings.js";

const MUC_USER = "http://jabber.org/protocol/muc#user";
const STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";

const rooms = fc.constantFrom(...ROOMS, ...TOPICS);
const anywhere = fc.oneof(
  { weight: 4, arbitrary: rooms },
  { weight: 2, arbitrary: fc.constantFrom(...OCCUPANTS) },
  { weight: 1, arbitrary: fc.constantFrom(GROUPS, LISTS) },
  { weight: 1, arbitrary: toAddress },
);
const messageType = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...MESSAGE_TYPES.filter((t) => t !== "error")) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);
const messageIds = fc.constantFrom("say", "s1", "s2", "s7", "s9", "s10", "", "unknown-id");
const body = bodyText.map((t) => leaf("body", t));

const text = family(
  "body",
  "message",
  fc.record({
    type: messageType,
    to: anywhere,
    children: fc.tuple(
      body,
      fc.option(fc.constantFrom(leaf("body", "second body"), leaf("body", "Hallo", { "xml:lang": "de" })), {
        nil: undefined,
      }),
      fc.option(
        word.map((t) => leaf("thread", t)),
        { nil: undefined },
      ),
    ),
  }),
);

const subject = family(
  "subject",
  "message",
  fc.record({
    type: fc.constantFrom("groupchat", "chat", undefined),
    to: anywhere,
    children: fc.tuple(fc.oneof(word, bodyText).map((t) => leaf("subject", t))),
  }),
);

const STATES = ["active", "composing", "paused", "inactive", "gone", "typing"];
const chatState = family(
  "chat state",
  "message",
  fc.record({
    type: messageType,
    to: anywhere,
    children: fc.tuple(
      fc.constantFrom(...STATES).map((s) => el(s, { xmlns: "http://jabber.org/protocol/chatstates" })),
      fc.option(body, { nil: undefined, freq: 3 }),
      fc.option(fc.constant(el("no-store", { xmlns: "urn:xmpp:hints" })), { nil: undefined }),
    ),
  }),
);

const readReport = family(
  "receipt/marker",
  "message",
  fc.record({
    type: messageType,
    to: anywhere,
    children: fc.tuple(
      fc.oneof(
        fc.constant(el("request", { xmlns: "urn:xmpp:receipts" })),
        fc
          .option(messageIds, { nil: undefined })
          .map((id) => el("received", { xmlns: "urn:xmpp:receipts", id })),
        fc
          .tuple(
            fc.constantFrom("markable", "received", "displayed", "acknowledged"),
            fc.option(messageIds, { nil: undefined }),
          )
          .map(([name, id]) => el(name, { xmlns: "urn:xmpp:chat-markers:0", id })),
      ),
      fc.option(body, { nil: undefined, freq: 4 }),
    ),
  }),
);

export const address = fc
  .record({
    type: fc.constantFrom("to", "cc", "bcc", "ofrom", "noreply", "replyto", ""),
    jid: fc.option(payloadJid, { nil: undefined, freq: 6 }),
    node: fc.option(word, { nil: undefined }),
  })
  .map((attrs) => el("address", attrs));

const addresses = family(
  "XEP-0033 addresses",
  "message",
  fc.record({
    type: fc.constantFrom("groupchat", "chat", "normal"),
    to: anywhere,
    children: fc.tuple(
      fc
        .array(address, { maxLength: 6 })
        .map((list) => el("addresses", { xmlns: "http://jabber.org/protocol/address" }, ...list)),
      body,
    ),
  }),
);

const invite = fc
  .record({
    kind: fc.constantFrom("invite", "decline"),
    to: fc.option(payloadJid, { nil: undefined, freq: 5 }),
    from: fc.option(payloadJid, { nil: undefined }),
    reason: fc.option(word, { nil: undefined }),
  })
  .map(({ kind, reason, ...attrs }) =>
    el(kind, attrs, reason === undefined ? undefined : leaf("reason", reason)),
  );

const invitations = family(
  "muc#user invite/decline",
  "message",
  fc.record({
    type: fc.constantFrom("normal", undefined, "chat", "groupchat"),
    to: anywhere,
    children: fc.tuple(
      fc
        .tuple(
          fc.array(invite, { minLength: 1, maxLength: 3 }),
          fc.option(
            word.map((p) => leaf("password", p)),
            { nil: undefined },
          ),
        )
        .map(([items, password]) => el("x", { xmlns: MUC_USER }, ...items, password)),
      fc.option(
        payloadJid.map((jid) => el("x", { xmlns: "jabber:x:conference", jid })),
        { nil: undefined },
      ),
    ),
  }),
);

const formAnswer = (formType: string, fields: fc.Arbitrary<[string, string][]>) =>
  fields.map((list) =>
    el(
      "x",
      { xmlns: DATA, type: "submit" },
      el("field", { var: "FORM_TYPE" }, leaf("value", formType)),
      ...list.map(([v, value]) => el("field", { var: v }, leaf("value", value))),
    ),
  );

const answers = family(
  "registration/group-request answer",
  "message",
  fc.record({
    type: fc.constantFrom("normal", undefined),
    to: fc.oneof(fc.constant(CLUB), rooms),
    children: fc.tuple(
      fc.oneof(
        formAnswer(
          "http://jabber.org/protocol/muc#register",
          fc.tuple(
            fc.tuple(fc.constant("muc#jid"), payloadJid),
            fc.tuple(fc.constant("muc#register_allow"), booleanText),
            fc.tuple(fc.constant("muc#register_roomnick"), word),
          ),
        ),
        formAnswer(
          "urn:x-manifold:0#group-request",
          fc.tuple(fc.tuple(fc.constant("group"), payloadJid), fc.tuple(fc.constant("approve"), booleanText)),
        ),
        dataForm,
      ),
    ),
  }),
);

const spoofs = family(
  "spoofed ids/nick/delay",
  "message",
  fc.record({
    type: messageType,
    to: anywhere,
    children: fc.tuple(
      body,
      fc
        .constantFrom(...ROOMS, ...TOPICS, "x")
        .map((by) => el("stanza-id", { xmlns: "urn:xmpp:sid:0", id: "s1", by })),
      fc.constantFrom(
        el("origin-id", { xmlns: "urn:xmpp:sid:0", id: "s1" }),
        el("occupant-id", { xmlns: "urn:xmpp:occupant-id:0", id: "forged" }),
        leaf("nick", "Admin", { xmlns: "http://jabber.org/protocol/nick" }),
        el("delay", { xmlns: "urn:xmpp:delay", stamp: "garbage" }),
        el("x", { xmlns: MUC_USER }),
        el("x", { xmlns: MUC_USER }, el("item", { affiliation: "owner" })),
      ),
    ),
  }),
);

export const errorElement = fc
  .record({
    type: fc.constantFrom("cancel", "wait", "modify", "auth", undefined, "bogus"),
    condition: fc.constantFrom(
      "service-unavailable",
      "recipient-unavailable",
      "remote-server-timeout",
      "gone",
      undefined,
      "made-up",
    ),
    text: fc.option(word, { nil: undefined }),
  })
  .map(({ type, condition, text }) =>
    el(
      "error",
      { type },
      condition ? el(condition, { xmlns: STANZAS }) : undefined,
      text === undefined ? undefined : leaf("text", text, { xmlns: STANZAS }),
    ),
  );

const bounce = family(
  "bounce",
  "message",
  fc.record({
    type: fc.constant("error"),
    to: anywhere,
    children: fc.tuple(fc.option(body, { nil: undefined }), errorElement),
  }),
);

export const messageDraft: fc.Arbitrary<Draft> = fc.oneof(
  { weight: 4, arbitrary: text },
  { weight: 1, arbitrary: subject },
  { weight: 2, arbitrary: chatState },
  { weight: 2, arbitrary: readReport },
  { weight: 2, arbitrary: addresses },
  { weight: 2, arbitrary: invitations },
  { weight: 2, arbitrary: answers },
  { weight: 1, arbitrary: spoofs },
  { weight: 2, arbitrary: bounce },
);
