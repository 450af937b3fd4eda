// Stanza shorthands for topic specs: alice owns badminton@lists.localhost; bob and carol are members.
import type { Element } from "../../../src/xmpp/xml.js";
import { LISTS, world, type World } from "./world.js";
import { MUC_ADMIN, createRoom } from "./muc.js";

export const OWNER = "alice@localhost/phone";
export const BOB_JID = "bob@localhost";
export const CAROL_JID = "carol@localhost";
export const BADMINTON = `${LISTS}`.replace(/^/, "badminton@");
export const COMMANDS = "http://jabber.org/protocol/commands";
export const ADDRESS = "http://jabber.org/protocol/address";

export const topic = (name: string) => `${name}@${LISTS}`;

export async function addMembers(w: World, from: string, topicJid: string, jids: string[]) {
  const items = jids.map((j) => `<item affiliation="member" jid="${j}"/>`).join("");
  await w.send(
    `<iq type="set" id="add" from="${from}" to="${topicJid}"><query xmlns="${MUC_ADMIN}">${items}</query></iq>`,
  );
  return w.take();
}

/** alice's topic with bob and carol, alice in the room as "Alice"; output cleared. */
export async function badminton(w: World): Promise<void> {
  await createRoom(w, OWNER, BADMINTON, "Alice");
  await addMembers(w, OWNER, BADMINTON, [BOB_JID, CAROL_JID]);
}

export const chatTo = (jid: string) => (el: Element) =>
  el.name === "message" && el.attrs.type === "chat" && el.attrs.to === jid;

export async function runCommand(
  w: World,
  from: string,
  to: string,
  node: string,
  fields?: Record<string, string | string[]>,
): Promise<Element> {
  await w.send(commandStanza(from, to, node, fields));
  return w.take().find((el) => el.name === "iq" && el.attrs.id === "cmd")!;
}

/** An ad-hoc command execution (id "cmd"): the first stage, or with `fields` the form submitted. */
export function commandStanza(
  from: string,
  to: string,
  node: string,
  fields?: Record<string, string | string[]>,
): string {
  const form = fields
    ? `<x xmlns="jabber:x:data" type="submit">${Object.entries(fields)
        .map(
          ([k, v]) =>
            `<field var="${k}">${(Array.isArray(v) ? v : [v]).map((x) => `<value>${x}</value>`).join("")}</field>`,
        )
        .join("")}</x>`
    : "";
  return `<iq type="set" id="cmd" from="${from}" to="${to}"><command xmlns="${COMMANDS}" node="${node}" action="execute"${fields ? ' sessionid="s1"' : ""}>${form}</command></iq>`;
}

/** Registers hooks giving each spec a fresh world with the badminton topic, bob and carol its
 * members, and the setup's output already taken; read the world from what it returns. */
export function useBadminton(): () => World {
  let current: World | undefined;
  beforeEach(async () => {
    current = await world();
    await badminton(current);
    current.take();
  });
  afterEach(() => current?.stop());
  return () => current!;
}

/** The copies members got: chats from the bare topic JID. */
export const toMembers = (out: Element[]): Element[] =>
  out.filter((el) => el.attrs.type === "chat" && el.attrs.from === BADMINTON);
