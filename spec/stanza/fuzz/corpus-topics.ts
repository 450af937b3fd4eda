// Valid stanzas for lists.*, one per route of src/topics/routes.ts (and the shared room routes as
// a topic uses them), each from someone the scenario gives the right to send it.
import { ALICE, BADMINTON, BOB, CAROL, CHESS, DAN, EVE, LISTS, bareOf } from "./cast.js";
import { el, leaf } from "./xml-text.js";
import { NS } from "./payloads-iq.js";
import { body, command, form, iq, message, presence, query, type CorpusEntry } from "./corpus-build.js";
const STATES = "http://jabber.org/protocol/chatstates";

export const TOPICS_CORPUS: CorpusEntry[] = [
  {
    route: "topic service commands list",
    expect: "result",
    xml: iq("get", ALICE, LISTS, el("query", { xmlns: NS.discoItems, node: NS.commands })),
  },
  {
    route: "create",
    expect: "result",
    xml: iq(
      "set",
      ALICE,
      LISTS,
      command("create", { name: "Tennis Club", members: [bareOf(BOB), bareOf(DAN)], persistent: "0" }),
    ),
  },
  { route: "list", expect: "result", xml: iq("set", ALICE, LISTS, command("list")) },
  { route: "delete", expect: "result", xml: iq("set", BOB, LISTS, command("delete", { topic: CHESS })) },
  {
    route: "preferences",
    expect: "result",
    xml: iq("set", DAN, LISTS, command("preferences", { "send-chat-states": "0" })),
  },
  {
    route: "topic commands list",
    expect: "result",
    xml: iq("get", CAROL, CHESS, el("query", { xmlns: NS.discoItems, node: NS.commands })),
  },
  { route: "leave", expect: "result", xml: iq("set", CAROL, CHESS, command("leave")) },
  { route: "topic service disco#info", expect: "result", xml: iq("get", ALICE, LISTS, query(NS.discoInfo)) },
  {
    route: "topic service disco#items",
    expect: "result",
    xml: iq("get", ALICE, LISTS, query(NS.discoItems)),
  },
  {
    route: "topic disco#info (owner)",
    expect: "result",
    xml: iq("get", ALICE, BADMINTON, query(NS.discoInfo)),
  },
  {
    route: "topic disco#info (member)",
    expect: "result",
    xml: iq("get", BOB, BADMINTON, query(NS.discoInfo)),
  },
  {
    route: "topic vCard",
    expect: "result",
    xml: iq("get", BOB, BADMINTON, el("vCard", { xmlns: "vcard-temp" })),
  },
  {
    route: "presence to a topic (subscribed)",
    expect: "quiet",
    xml: presence("subscribed", bareOf(BOB), BADMINTON),
  },
  {
    route: "presence to a topic (unsubscribed)",
    expect: "quiet",
    xml: presence("unsubscribed", bareOf(CAROL), BADMINTON),
  },
  { route: "presence to a topic (probe)", expect: "quiet", xml: presence("probe", bareOf(CAROL), BADMINTON) },
  {
    route: "presence to a topic (available)",
    expect: "quiet",
    xml: presence(undefined, BOB, BADMINTON, leaf("show", "dnd")),
  },
  {
    route: "presence to the topic service",
    expect: "quiet",
    xml: presence("subscribed", bareOf(ALICE), LISTS),
  },
  { route: "owner goes offline", expect: "quiet", xml: presence("unavailable", ALICE, LISTS) },
  {
    route: "bounce from a member",
    expect: "quiet",
    xml: message(
      "error",
      bareOf(CAROL),
      BADMINTON,
      body("x"),
      el(
        "error",
        { type: "cancel" },
        el("service-unavailable", { xmlns: "urn:ietf:params:xml:ns:xmpp-stanzas" }),
      ),
    ),
  },
  {
    route: "topic groupchat",
    expect: "quiet",
    xml: message("groupchat", ALICE, BADMINTON, body("Court 3 tonight")),
  },
  {
    route: "topic groupchat (text subset)",
    expect: "quiet",
    xml: message("groupchat", ALICE, BADMINTON, body("@bob: only you")),
  },
  {
    route: "topic groupchat (XEP-0033 subset)",
    expect: "quiet",
    xml: message(
      "groupchat",
      ALICE,
      BADMINTON,
      el(
        "addresses",
        { xmlns: "http://jabber.org/protocol/address" },
        el("address", { type: "to", jid: bareOf(CAROL) }),
      ),
      body("carol only"),
    ),
  },
  {
    route: "topic subject",
    expect: "quiet",
    xml: message("groupchat", ALICE, BADMINTON, leaf("subject", "Sundays")),
  },
  {
    route: "owner typing",
    expect: "quiet",
    xml: message("groupchat", ALICE, BADMINTON, el("composing", { xmlns: STATES })),
  },
  {
    route: "topic invitation",
    expect: "quiet",
    xml: message(
      "normal",
      ALICE,
      BADMINTON,
      el("x", { xmlns: "http://jabber.org/protocol/muc#user" }, el("invite", { to: bareOf(DAN) })),
    ),
  },
  {
    route: "message to a member",
    expect: "quiet",
    xml: message("chat", ALICE, `${BADMINTON}/bob`, body("just you")),
  },
  {
    route: "owner chat to the topic",
    expect: "quiet",
    xml: message("chat", "alice@localhost/tablet", BADMINTON, body("from my tablet")),
  },
  { route: "member reply", expect: "quiet", xml: message("chat", CAROL, BADMINTON, body("count me in")) },
  {
    route: "member typing",
    expect: "quiet",
    xml: message("chat", BOB, BADMINTON, el("composing", { xmlns: STATES })),
  },
  {
    route: "member receipt",
    expect: "quiet",
    xml: message("chat", BOB, BADMINTON, el("received", { xmlns: "urn:xmpp:receipts", id: "s9" })),
  },
  {
    route: "member marker",
    expect: "quiet",
    xml: message("chat", BOB, BADMINTON, el("displayed", { xmlns: "urn:xmpp:chat-markers:0", id: "s9" })),
  },
  { route: "member /leave", expect: "quiet", xml: message("chat", CAROL, CHESS, body("/leave")) },
  {
    route: "text command",
    expect: "quiet",
    xml: message("chat", ALICE, LISTS, body("create Squash bob@localhost")),
  },
  { route: "text command (delete)", expect: "quiet", xml: message("chat", BOB, LISTS, body("delete chess")) },
  {
    route: "topic admin list",
    expect: "result",
    xml: iq("get", ALICE, BADMINTON, query(NS.admin, el("item", { affiliation: "member" }))),
  },
  {
    route: "topic admin change",
    expect: "result",
    xml: iq(
      "set",
      ALICE,
      BADMINTON,
      query(NS.admin, el("item", { affiliation: "member", jid: bareOf(EVE), nick: "Evie" })),
    ),
  },
  {
    route: "topic member removal",
    expect: "result",
    xml: iq(
      "set",
      ALICE,
      BADMINTON,
      query(NS.admin, el("item", { affiliation: "none", jid: bareOf(CAROL) })),
    ),
  },
  { route: "topic owner config form", expect: "result", xml: iq("get", ALICE, BADMINTON, query(NS.owner)) },
  {
    route: "topic owner set",
    expect: "result",
    xml: iq(
      "set",
      ALICE,
      BADMINTON,
      query(
        NS.owner,
        form("http://jabber.org/protocol/muc#roomconfig", { "muc#roomconfig_roomname": "Badminton!" }),
      ),
    ),
  },
  { route: "topic destroy", expect: "result", xml: iq("set", BOB, CHESS, query(NS.owner, el("destroy"))) },
  {
    route: "topic mam query",
    expect: "result",
    xml: iq(
      "set",
      ALICE,
      BADMINTON,
      el("query", { xmlns: NS.mam }, el("set", { xmlns: NS.rsm }, leaf("max", "5"))),
    ),
  },
  {
    route: "owner enters from a second client",
    expect: "quiet",
    xml: presence(
      undefined,
      "alice@localhost/tablet",
      `${BADMINTON}/Alice`,
      el("x", { xmlns: "http://jabber.org/protocol/muc" }),
    ),
  },
  {
    route: "owner leaves the room",
    expect: "quiet",
    xml: presence("unavailable", ALICE, `${BADMINTON}/Alice`),
  },
  {
    route: "owner creates a topic by joining",
    expect: "quiet",
    xml: presence(undefined, DAN, `darts@${LISTS}/Dan`, el("x", { xmlns: "http://jabber.org/protocol/muc" })),
  },
];
