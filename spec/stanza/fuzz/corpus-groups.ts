// Valid stanzas for groups.*, one per route of src/groups/routes.ts and src/muc/routes.ts (and the
// commands of both), each from someone the scenario gives the right to send it. `expect` is what
// the route does with it in the scenario's state: most succeed; a few routes exist to refuse.
import {
  ALICE,
  ALPHA,
  BOB,
  CAROL,
  CLUB,
  CREW,
  DAN,
  EVE,
  FRED,
  GROUPS,
  SCRATCH,
  TEA,
  bareOf,
} from "./cast.js";
import { el, leaf } from "./xml-text.js";
import { NS } from "./payloads-iq.js";
import {
  MUC,
  MUC_USER,
  body,
  command,
  form,
  iq,
  message,
  presence,
  query,
  type CorpusEntry,
} from "./corpus-build.js";

export const GROUPS_CORPUS: CorpusEntry[] = [
  {
    route: "service commands list",
    expect: "result",
    xml: iq("get", BOB, GROUPS, el("query", { xmlns: NS.discoItems, node: NS.commands })),
  },
  {
    route: "service command info",
    expect: "result",
    xml: iq("get", BOB, GROUPS, el("query", { xmlns: NS.discoInfo, node: "preferences" })),
  },
  { route: "service command", expect: "result", xml: iq("set", CAROL, GROUPS, command("preferences")) },
  {
    route: "service command (submit)",
    expect: "result",
    xml: iq("set", CAROL, GROUPS, command("preferences", { "receive-chat-states": "0" })),
  },
  {
    route: "room commands list",
    expect: "result",
    xml: iq("get", ALICE, CLUB, el("query", { xmlns: NS.discoItems, node: NS.commands })),
  },
  {
    route: "room command info",
    expect: "result",
    xml: iq("get", DAN, TEA, el("query", { xmlns: NS.discoInfo, node: "join-as-group" })),
  },
  {
    route: "join-as-group",
    expect: "result",
    xml: iq("set", DAN, TEA, command("join-as-group", { group: ALPHA, reason: "we play too" })),
  },
  { route: "pending-requests", expect: "result", xml: iq("set", ALICE, CLUB, command("pending-requests")) },
  {
    route: "pending-requests (submit)",
    expect: "result",
    xml: iq("set", ALICE, CLUB, command("pending-requests", { approve: CREW })),
  },
  {
    route: "contact-as-group",
    expect: "result",
    xml: iq(
      "set",
      CAROL,
      ALPHA,
      command("contact-as-group", { jid: "gina@remote.example", message: "Hello" }),
    ),
  },
  {
    route: "group request answer",
    expect: "quiet",
    xml: message(
      "normal",
      ALICE,
      CLUB,
      form("urn:x-manifold:0#group-request", { group: CREW, approve: "1" }),
    ),
  },
  { route: "guest message", expect: "quiet", xml: message("chat", FRED, ALPHA, body("Thanks, see you")) },
  {
    route: "private message to a guest",
    expect: "quiet",
    xml: message("chat", BOB, `${ALPHA}/fred`, body("Great")),
  },
  { route: "text to the service", expect: "quiet", xml: message("chat", BOB, GROUPS, body("preferences")) },
  { route: "service disco#info", expect: "result", xml: iq("get", EVE, GROUPS, query(NS.discoInfo)) },
  { route: "service disco#items", expect: "result", xml: iq("get", EVE, GROUPS, query(NS.discoItems)) },
  { route: "ping", expect: "result", xml: iq("get", EVE, GROUPS, el("ping", { xmlns: "urn:xmpp:ping" })) },
  { route: "version", expect: "result", xml: iq("get", EVE, GROUPS, query("jabber:iq:version")) },
  { route: "room disco#info", expect: "result", xml: iq("get", EVE, TEA, query(NS.discoInfo)) },
  { route: "room disco#items", expect: "result", xml: iq("get", EVE, TEA, query(NS.discoItems)) },
  {
    route: "admin list",
    expect: "result",
    xml: iq("get", ALICE, CLUB, query(NS.admin, el("item", { affiliation: "member" }))),
  },
  {
    route: "admin list (roles)",
    expect: "result",
    xml: iq("get", ALICE, CLUB, query(NS.admin, el("item", { role: "participant" }))),
  },
  {
    route: "admin change",
    expect: "result",
    xml: iq("set", ALICE, TEA, query(NS.admin, el("item", { affiliation: "member", jid: bareOf(BOB) }))),
  },
  {
    route: "admin change (kick)",
    expect: "result",
    xml: iq(
      "set",
      ALICE,
      TEA,
      query(NS.admin, el("item", { role: "none", nick: "Carol" }, leaf("reason", "bye"))),
    ),
  },
  {
    route: "admin change (group)",
    expect: "result",
    xml: iq("set", ALICE, TEA, query(NS.admin, el("item", { affiliation: "member", jid: CREW }))),
  },
  { route: "owner config form", expect: "result", xml: iq("get", ALICE, TEA, query(NS.owner)) },
  {
    route: "owner set",
    expect: "result",
    xml: iq(
      "set",
      ALICE,
      TEA,
      query(
        NS.owner,
        form("http://jabber.org/protocol/muc#roomconfig", {
          "muc#roomconfig_roomname": "Tea time",
          "muc#roomconfig_membersonly": "1",
        }),
      ),
    ),
  },
  {
    route: "owner set (destroy)",
    expect: "result",
    xml: iq("set", ALICE, SCRATCH, query(NS.owner, el("destroy", { jid: TEA }, leaf("reason", "moving")))),
  },
  { route: "register form", expect: "result", xml: iq("get", EVE, TEA, query(NS.register)) },
  {
    route: "register",
    expect: "result",
    xml: iq(
      "set",
      EVE,
      TEA,
      query(
        NS.register,
        form("http://jabber.org/protocol/muc#register", { "muc#register_roomnick": "Evie" }),
      ),
    ),
  },
  {
    route: "register (remove)",
    expect: "result",
    xml: iq("set", BOB, ALPHA, query(NS.register, el("remove"))),
  },
  { route: "mam form", expect: "result", xml: iq("get", BOB, TEA, query(NS.mam)) },
  {
    route: "mam query",
    expect: "result",
    xml: iq(
      "set",
      BOB,
      TEA,
      el(
        "query",
        { xmlns: NS.mam, queryid: "q1" },
        el("set", { xmlns: NS.rsm }, leaf("max", "10"), el("before")),
      ),
    ),
  },
  {
    route: "self-ping",
    expect: "result",
    xml: iq("get", BOB, `${TEA}/Bob`, el("ping", { xmlns: "urn:xmpp:ping" })),
  },
  {
    route: "occupant iq",
    expect: "refused",
    xml: iq("get", BOB, `${TEA}/Carol`, query("jabber:iq:version")),
  },
  {
    route: "join",
    expect: "quiet",
    xml: presence(
      undefined,
      CAROL,
      `${CLUB}/Carol`,
      el("x", { xmlns: MUC }, el("history", { maxstanzas: "5" })),
    ),
  },
  {
    route: "presence update",
    expect: "quiet",
    xml: presence(undefined, BOB, `${TEA}/Bob`, leaf("show", "away"), leaf("status", "lunch")),
  },
  { route: "nick change", expect: "quiet", xml: presence(undefined, BOB, `${TEA}/Robert`) },
  { route: "leave", expect: "quiet", xml: presence("unavailable", CAROL, `${TEA}/Carol`) },
  {
    route: "presence bounce",
    expect: "quiet",
    xml: presence(
      "error",
      BOB,
      `${TEA}/Bob`,
      el(
        "error",
        { type: "cancel" },
        el("remote-server-not-found", { xmlns: "urn:ietf:params:xml:ns:xmpp-stanzas" }),
      ),
    ),
  },
  {
    route: "message bounce",
    expect: "quiet",
    xml: message(
      "error",
      CAROL,
      TEA,
      el(
        "error",
        { type: "cancel" },
        el("service-unavailable", { xmlns: "urn:ietf:params:xml:ns:xmpp-stanzas" }),
      ),
    ),
  },
  {
    route: "join without nick",
    expect: "refused",
    xml: presence(undefined, BOB, TEA, el("x", { xmlns: MUC })),
  },
  {
    route: "groupchat to an occupant",
    expect: "refused",
    xml: message("groupchat", BOB, `${TEA}/Carol`, body("hi")),
  },
  {
    route: "groupchat",
    expect: "quiet",
    xml: message(
      "groupchat",
      BOB,
      TEA,
      body("Anyone for tea?"),
      el("active", { xmlns: "http://jabber.org/protocol/chatstates" }),
    ),
  },
  {
    route: "subject",
    expect: "quiet",
    xml: message("groupchat", ALICE, TEA, leaf("subject", "Tea at five")),
  },
  {
    route: "chat state in a room",
    expect: "quiet",
    xml: message(
      "groupchat",
      CAROL,
      TEA,
      el("composing", { xmlns: "http://jabber.org/protocol/chatstates" }),
    ),
  },
  { route: "private message", expect: "quiet", xml: message("chat", BOB, `${TEA}/Carol`, body("psst")) },
  {
    route: "invitation",
    expect: "quiet",
    xml: message(
      "normal",
      ALICE,
      TEA,
      el("x", { xmlns: MUC_USER }, el("invite", { to: bareOf(DAN) }, leaf("reason", "join us"))),
    ),
  },
  {
    route: "registration answer",
    expect: "quiet",
    xml: message(
      "normal",
      ALICE,
      CLUB,
      form("http://jabber.org/protocol/muc#register", {
        "muc#jid": bareOf(EVE),
        "muc#register_roomnick": "Eve",
        "muc#register_allow": "1",
      }),
    ),
  },
  { route: "other message to room", expect: "refused", xml: message("chat", EVE, TEA, body("hello?")) },
];
