// Presence Manifold reads: MUC joins (history limits of the wrong types, passwords, nicks that are
// taken, reserved or odd), updates, leaves, subscriptions and probes to topics and services, and
// bounces from occupants' servers.
import fc from "fast-check";
import { GROUPS, LISTS, NOWHERE, OCCUPANTS, ROOMS, TOPICS } from "./cast.js";
import { toAddress } from "./addresses.js";
import { errorElement } from "./payloads-message.js";
import { family, PRESENCE_TYPES, type Draft } from "./draft.js";
import { el, leaf } from "./xml-text.js";
import { dateText, numberText, word } from "./strings.js";

const MUC = "http://jabber.org/protocol/muc";

const occupantAddress = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...OCCUPANTS) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.constantFrom(...ROOMS, ...TOPICS, ...NOWHERE, "fresh@groups.localhost"), word)
      .map(([r, n]) => `${r}/${n}`),
  },
  { weight: 1, arbitrary: toAddress },
);

const history = fc
  .record({
    maxstanzas: fc.option(numberText, { nil: undefined }),
    maxchars: fc.option(numberText, { nil: undefined }),
    seconds: fc.option(numberText, { nil: undefined }),
    since: fc.option(dateText, { nil: undefined }),
  })
  .map((attrs) => el("history", attrs));

const mucX = fc
  .tuple(
    fc.option(history, { nil: undefined, freq: 2 }),
    fc.option(
      word.map((p) => leaf("password", p)),
      { nil: undefined },
    ),
  )
  .map(([h, p]) => el("x", { xmlns: MUC }, h, p));

const status = fc.record({
  show: fc.option(fc.constantFrom("chat", "away", "xa", "dnd", "online", ""), { nil: undefined }),
  status: fc.option(word, { nil: undefined }),
  priority: fc.option(fc.constantFrom("0", "-1", "127", "128", "-129", "abc"), { nil: undefined }),
});
const statusChildren = status.map(({ show, status: s, priority }) => [
  show === undefined ? undefined : leaf("show", show),
  s === undefined ? undefined : leaf("status", s),
  priority === undefined ? undefined : leaf("priority", priority),
]);

const join = family(
  "join",
  "presence",
  fc.record({
    type: fc.constant(undefined),
    to: occupantAddress,
    children: fc
      .tuple(fc.array(mucX, { minLength: 1, maxLength: 2 }), statusChildren)
      .map(([xs, rest]) => [...xs, ...rest]),
  }),
);

const update = family(
  "available/unavailable",
  "presence",
  fc.record({
    type: fc.constantFrom(undefined, "unavailable"),
    to: fc.oneof(occupantAddress, fc.constantFrom(...ROOMS, ...TOPICS, GROUPS, LISTS)),
    children: statusChildren,
  }),
);

const subscription = family(
  "subscription/probe",
  "presence",
  fc.record({
    type: fc.constantFrom(...PRESENCE_TYPES.filter((t) => t !== "error")),
    to: fc.oneof(fc.constantFrom(...TOPICS, ...ROOMS, GROUPS, LISTS, ...NOWHERE), toAddress),
    children: fc.tuple(
      fc.option(
        word.map((n) => leaf("nick", n, { xmlns: "http://jabber.org/protocol/nick" })),
        { nil: undefined },
      ),
    ),
  }),
);

const bounce = family(
  "bounce",
  "presence",
  fc.record({
    type: fc.constant("error"),
    to: fc.oneof(occupantAddress, fc.constantFrom(...TOPICS, LISTS)),
    children: fc.tuple(errorElement, fc.option(mucX, { nil: undefined })),
  }),
);

const mucUser = family(
  "muc#user in presence",
  "presence",
  fc.record({
    type: fc.constantFrom(undefined, "unavailable"),
    to: occupantAddress,
    children: fc.tuple(
      fc.constantFrom(
        el("x", { xmlns: `${MUC}#user` }, el("item", { affiliation: "owner", role: "moderator" })),
        el("x", { xmlns: `${MUC}#user` }, el("status", { code: "110" })),
        el("x", { xmlns: `${MUC}#user` }, el("destroy")),
      ),
    ),
  }),
);

export const presenceDraft: fc.Arbitrary<Draft> = fc.oneof(
  { weight: 4, arbitrary: join },
  { weight: 2, arbitrary: update },
  { weight: 2, arbitrary: subscription },
  { weight: 1, arbitrary: bounce },
  { weight: 1, arbitrary: mucUser },
);
