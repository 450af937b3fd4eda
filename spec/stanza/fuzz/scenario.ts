// The valid state every fuzz case starts from, built through the normal protocol (cast.ts says
// what it holds), so mutated and random stanzas hit real rooms, topics, nested groups and archives.
import { MemoryLevel } from "memory-level";
import type { AnyLevel } from "../../../src/store/db.js";
import type { Element } from "../../../src/xmpp/xml.js";
import { world, type World } from "../helpers/world.js";
import { storeProblems } from "./invariants.js";
import { configure, join } from "../helpers/muc.js";
import { commandStanza } from "../helpers/topics.js";
import {
  ALICE,
  ALPHA,
  BADMINTON,
  BOB,
  CAROL,
  CLUB,
  CREW,
  DAN,
  EVE,
  FRED,
  LISTS,
  SCRATCH,
  TEA,
  bareOf,
} from "./cast.js";

export interface FuzzWorld {
  w: World;
  /** The store the app writes to, for the invariant checks (it outlives the app). */
  level: MemoryLevel<string, unknown>;
}

export function memoryLevel(): MemoryLevel<string, unknown> {
  return new MemoryLevel<string, unknown>({ valueEncoding: "json" });
}

export async function startWorld(level = memoryLevel()): Promise<FuzzWorld> {
  return { w: await world({ level: level as unknown as AnyLevel }), level };
}

/** Throws unless the scenario alone leaves a valid store: every case starts from it, so a broken
 * start is one clear failure (in a `before` hook) rather than every case failing and shrinking. */
export async function assertValidScenario(): Promise<void> {
  const fw = await scenarioWorld();
  try {
    const problems = await storeProblems(fw.level);
    if (problems.length)
      throw new Error(`the scenario alone leaves an invalid store:\n  ${problems.join("\n  ")}`);
  } finally {
    await fw.w.stop();
  }
}

/** A fresh app with the whole cast in place and nothing left to take(). */
export async function scenarioWorld(): Promise<FuzzWorld> {
  const fw = await startWorld();
  await buildScenario(fw.w);
  return fw;
}

async function expectResult(w: World, stanza: string, what: string): Promise<Element[]> {
  await w.send(stanza);
  const out = w.take();
  const id = /\sid="([^"]+)"/.exec(stanza)?.[1];
  const reply = out.find((el) => el.name === "iq" && el.attrs.id === id);
  if (reply?.attrs.type !== "result")
    throw new Error(`fuzz scenario: ${what} failed: ${reply?.toString() ?? "no answer"}`);
  return out;
}

async function expectJoined(w: World, from: string, room: string, nick: string): Promise<void> {
  const out = await join(w, from, room, nick);
  if (!out.some((el) => el.name === "presence" && el.attrs.to === from && !el.attrs.type))
    throw new Error(`fuzz scenario: ${from} could not enter ${room}: ${out.join("\n")}`);
}

const admin = (from: string, room: string, items: [string, string][]) =>
  `<iq type="set" id="aff" from="${from}" to="${room}"><query xmlns="http://jabber.org/protocol/muc#admin">${items
    .map(([jid, affiliation]) => `<item affiliation="${affiliation}" jid="${jid}"/>`)
    .join("")}</query></iq>`;

async function createRoom(
  w: World,
  owner: string,
  room: string,
  nick: string,
  fields: Record<string, string>,
) {
  await expectJoined(w, owner, room, nick);
  await configure(w, owner, room, fields);
  const reply = w.take().find((el) => el.name === "iq" && el.attrs.id === "cfg");
  if (reply?.attrs.type !== "result") throw new Error(`fuzz scenario: configuring ${room} failed`);
}

async function say(w: World, from: string, to: string, type: string, body: string): Promise<void> {
  await w.send(`<message type="${type}" id="say" from="${from}" to="${to}"><body>${body}</body></message>`);
  w.take();
}

export async function buildScenario(w: World): Promise<void> {
  const persistent = { "muc#roomconfig_persistentroom": "1" };
  // tea: alice's persistent public room with bob and carol inside, and some history.
  await createRoom(w, ALICE, TEA, "Alice", persistent);
  await expectJoined(w, BOB, TEA, "Bob");
  await expectJoined(w, CAROL, TEA, "Carol");
  await say(w, BOB, TEA, "groupchat", "Hello tea");
  await say(w, CAROL, TEA, "groupchat", "Hi Bob");

  // alpha: dan's group with bob and carol as members; fred (remote) a guest; bob inside.
  await createRoom(w, DAN, ALPHA, "Dan", { ...persistent, "muc#roomconfig_roomname": "Alpha" });
  await expectResult(
    w,
    admin(DAN, ALPHA, [
      [bareOf(BOB), "member"],
      [bareOf(CAROL), "member"],
    ]),
    "alpha members",
  );
  await w.send(`<presence type="unavailable" from="${DAN}" to="${ALPHA}/Dan"/>`);
  await expectJoined(w, BOB, ALPHA, "Bob");
  await expectResult(
    w,
    commandStanza(BOB, ALPHA, "contact-as-group", { jid: bareOf(FRED), message: "Hi Fred" }),
    "contact-as-group",
  );

  // club: alice's members-only room with alpha inside; bob enters through it; eve asks to register.
  await createRoom(w, ALICE, CLUB, "Alice", { ...persistent, "muc#roomconfig_membersonly": "1" });
  await expectResult(w, admin(ALICE, CLUB, [[ALPHA, "member"]]), "alpha into club");
  await expectJoined(w, BOB, CLUB, "Bob");
  await say(w, BOB, CLUB, "groupchat", "Alpha says hello");
  await expectResult(
    w,
    `<iq type="set" id="reg" from="${EVE}" to="${CLUB}"><query xmlns="jabber:iq:register"><x xmlns="jabber:x:data" type="submit"><field var="muc#register_roomnick"><value>Eve</value></field></x></query></iq>`,
    "eve's registration",
  );

  // crew: carol's persistent group; she asks for it to join club (pending: she is not club's admin).
  await createRoom(w, CAROL, CREW, "Carol", persistent);
  await w.send(`<presence type="unavailable" from="${CAROL}" to="${CREW}/Carol"/>`);
  await expectResult(
    w,
    commandStanza(CAROL, CLUB, "join-as-group", { group: CREW }),
    "crew asks to join club",
  );

  // scratch: a temporary room, alice inside.
  await createRoom(w, ALICE, SCRATCH, "Alice", {});

  // badminton: alice's topic, joined, bob and carol members, one message out and one reply in.
  await createRoom(w, ALICE, BADMINTON, "Alice", persistent);
  await expectResult(
    w,
    admin(ALICE, BADMINTON, [
      [bareOf(BOB), "member"],
      [bareOf(CAROL), "member"],
    ]),
    "badminton members",
  );
  await say(w, ALICE, BADMINTON, "groupchat", "Sunday 10:00?");
  await say(w, BOB, BADMINTON, "chat", "I'm in");

  // chess: bob's topic made by command, carol a member; bob shares no typing.
  await expectResult(
    w,
    commandStanza(BOB, LISTS, "create", { name: "Chess", members: bareOf(CAROL) }),
    "chess by command",
  );
  await say(w, BOB, LISTS, "chat", "preferences send-chat-states off");
  w.take();
}
