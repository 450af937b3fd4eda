// IQ payloads Manifold understands, valid and broken: disco#info/#items (with command and unknown
// nodes), ping, version, vCard, jabber:iq:register, XEP-0313 MAM with RSM, muc#admin item lists,
// muc#owner forms and destroy, XEP-0050 commands, and queries nobody answers.
import fc from "fast-check";
import { GROUPS, LISTS, NOWHERE, OCCUPANTS, ROOMS, TOPICS } from "./cast.js";
import { payloadJid, toAddress } from "./addresses.js";
import { dataForm } from "./forms.js";
import { family, type Draft } from "./draft.js";
import { el, leaf } from "./xml-text.js";
import { dateText, numberText, word } from "./strings.js";

export const NS = {
  discoInfo: "http://jabber.org/protocol/disco#info",
  discoItems: "http://jabber.org/protocol/disco#items",
  commands: "http://jabber.org/protocol/commands",
  admin: "http://jabber.org/protocol/muc#admin",
  owner: "http://jabber.org/protocol/muc#owner",
  register: "jabber:iq:register",
  mam: "urn:xmpp:mam:2",
  rsm: "http://jabber.org/protocol/rsm",
} as const;

/** Every command node Manifold offers somewhere (commands.spec.ts also discovers them). */
export const COMMAND_NODES = [
  "create",
  "list",
  "delete",
  "preferences",
  "join-as-group",
  "pending-requests",
  "contact-as-group",
  "leave",
  "message-info",
] as const;

const rooms = fc.constantFrom(...ROOMS, ...TOPICS, ...NOWHERE);
const services = fc.constantFrom(GROUPS, LISTS);
const roomOrService = fc.oneof({ weight: 3, arbitrary: rooms }, { weight: 1, arbitrary: services });
const mostly = <T>(usual: fc.Arbitrary<T>, other: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 6, arbitrary: usual }, { weight: 1, arbitrary: other });
const getOrSet = fc.constantFrom("get", "set");
const archivedIds = fc.constantFrom("s1", "s2", "s7", "s9", "s10", "nope", "", "s1 s2");

export const node = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom(NS.commands, ...COMMAND_NODES, "x-roomuser-item", "http://jabber.org/protocol/muc#traffic"),
  word,
);

const disco = family(
  "disco",
  "iq",
  fc.record({
    type: mostly(fc.constant("get"), fc.constant("set")),
    to: toAddress,
    children: fc.tuple(
      fc
        .tuple(fc.constantFrom(NS.discoInfo, NS.discoItems), node)
        .map(([xmlns, n]) => el("query", { xmlns, node: n })),
    ),
  }),
);

const simple = family(
  "ping/version/vcard",
  "iq",
  fc.record({
    type: mostly(fc.constant("get"), fc.constant("set")),
    to: toAddress,
    children: fc.tuple(
      fc.constantFrom(
        el("ping", { xmlns: "urn:xmpp:ping" }),
        el("query", { xmlns: "jabber:iq:version" }),
        el("vCard", { xmlns: "vcard-temp" }),
        el("vCard", { xmlns: "vcard-temp" }, leaf("FN", "Mallory")),
        el("time", { xmlns: "urn:xmpp:time" }),
        el("query", { xmlns: "jabber:iq:last" }),
      ),
    ),
  }),
);

const register = family(
  "register",
  "iq",
  fc.record({
    type: getOrSet,
    to: roomOrService,
    children: fc.tuple(
      fc
        .oneof(
          fc.constant(""),
          fc.constant(el("remove")),
          dataForm,
          fc.tuple(word, word).map(([u, p]) => leaf("username", u) + leaf("password", p)),
        )
        .map((inner) => el("query", { xmlns: NS.register }, inner || undefined)),
    ),
  }),
);

const rsm = fc
  .record({
    max: fc.option(numberText, { nil: undefined }),
    after: fc.option(archivedIds, { nil: undefined }),
    before: fc.option(archivedIds, { nil: undefined }),
    index: fc.option(numberText, { nil: undefined }),
  })
  .map(({ max, after, before, index }) =>
    el(
      "set",
      { xmlns: NS.rsm },
      max === undefined ? undefined : leaf("max", max),
      after === undefined ? undefined : leaf("after", after),
      before === undefined ? undefined : before ? leaf("before", before) : el("before"),
      index === undefined ? undefined : leaf("index", index),
    ),
  );

const mamForm = fc
  .array(
    fc.oneof(
      fc.tuple(fc.constantFrom("start", "end"), dateText),
      fc.tuple(fc.constantFrom("after-id", "before-id"), archivedIds),
      fc.tuple(fc.constantFrom("with", "ids", "FORM_TYPE"), fc.oneof(payloadJid, fc.constant(NS.mam))),
    ),
    { maxLength: 4 },
  )
  .map((fields) =>
    el(
      "x",
      { xmlns: "jabber:x:data", type: "submit" },
      ...fields.map(([v, value]) => el("field", { var: v }, leaf("value", value))),
    ),
  );

const mam = family(
  "mam",
  "iq",
  fc.record({
    type: mostly(fc.constant("set"), fc.constant("get")),
    to: mostly(rooms, toAddress),
    children: fc.tuple(
      fc
        .tuple(
          fc.option(word, { nil: undefined }),
          fc.option(fc.oneof(mamForm, dataForm), { nil: undefined }),
          fc.option(rsm, { nil: undefined }),
        )
        .map(([queryid, form, set]) => el("query", { xmlns: NS.mam, queryid }, form, set)),
    ),
  }),
);

const affiliation = fc.constantFrom("owner", "admin", "member", "outcast", "none", "OWNER", "moderator", "");
const role = fc.constantFrom("moderator", "participant", "visitor", "none", "owner", "");
const nick = fc.oneof(fc.constantFrom(...OCCUPANTS.map((o) => o.split("/").slice(1).join("/"))), word);

export const adminItem = fc
  .record({
    affiliation: fc.option(affiliation, { nil: undefined }),
    role: fc.option(role, { nil: undefined, freq: 3 }),
    jid: fc.option(payloadJid, { nil: undefined, freq: 4 }),
    nick: fc.option(nick, { nil: undefined }),
    reason: fc.option(word, { nil: undefined }),
  })
  .map(({ reason, ...attrs }) =>
    el("item", attrs, reason === undefined ? undefined : leaf("reason", reason)),
  );

const admin = family(
  "muc#admin",
  "iq",
  fc.record({
    type: getOrSet,
    to: mostly(rooms, toAddress),
    children: fc.tuple(
      fc.array(adminItem, { maxLength: 5 }).map((items) => el("query", { xmlns: NS.admin }, ...items)),
    ),
  }),
);

const destroy = fc
  .record({ jid: fc.option(payloadJid, { nil: undefined }), reason: fc.option(word, { nil: undefined }) })
  .map(({ jid, reason }) =>
    el("destroy", { jid }, reason === undefined ? undefined : leaf("reason", reason)),
  );

const owner = family(
  "muc#owner",
  "iq",
  fc.record({
    type: getOrSet,
    to: mostly(rooms, toAddress),
    children: fc.tuple(
      fc
        .array(fc.oneof({ weight: 4, arbitrary: dataForm }, { weight: 1, arbitrary: destroy }), {
          maxLength: 2,
        })
        .map((inner) => el("query", { xmlns: NS.owner }, ...inner)),
    ),
  }),
);

export const commandPayload = (nodes: fc.Arbitrary<string | undefined>) =>
  fc
    .record({
      node: nodes,
      action: fc.option(fc.constantFrom("execute", "complete", "next", "prev", "cancel", "", "EXECUTE"), {
        nil: undefined,
        freq: 3,
      }),
      sessionid: fc.option(fc.oneof(fc.constantFrom("s1", "0", "deadbeef"), word), { nil: undefined }),
      form: fc.option(dataForm, { nil: undefined, freq: 2 }),
    })
    .map(({ form, ...attrs }) => el("command", { xmlns: NS.commands, ...attrs }, form));

const command = family(
  "command",
  "iq",
  fc.record({
    type: mostly(fc.constant("set"), fc.constant("get")),
    to: roomOrService,
    children: fc.tuple(commandPayload(fc.oneof(fc.constantFrom(...COMMAND_NODES), node))),
  }),
);

const unknown = family(
  "unknown/empty/two payloads",
  "iq",
  fc.record({
    type: getOrSet,
    to: toAddress,
    children: fc.oneof(
      fc.constant<string[]>([]),
      word.map((ns) => [el("query", { xmlns: ns })]),
      fc.constant<string[]>([el("ping", { xmlns: "urn:xmpp:ping" }), el("query", { xmlns: NS.discoInfo })]),
      fc.constant<string[]>([el("query", { xmlns: NS.admin }), el("query", { xmlns: NS.owner })]),
    ),
  }),
);

export const iqDraft: fc.Arbitrary<Draft> = fc.oneof(
  disco,
  simple,
  register,
  mam,
  admin,
  owner,
  command,
  unknown,
);
