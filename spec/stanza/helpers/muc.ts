// Stanza shorthands for room specs: who sends what, and how to read what came back.
import type { Element } from "../../../src/xmpp/xml.js";
import { GROUPS, type World } from "./world.js";

export const MUC = "http://jabber.org/protocol/muc";
export const MUC_USER = "http://jabber.org/protocol/muc#user";
export const MUC_ADMIN = "http://jabber.org/protocol/muc#admin";
export const MUC_OWNER = "http://jabber.org/protocol/muc#owner";
export const STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";

export const room = (name: string) => `${name}@${GROUPS}`;

/** Joins (creating if needed); returns everything the room sent in answer. */
export async function join(
  w: World,
  from: string,
  roomJid: string,
  nick: string,
  extra = "",
): Promise<Element[]> {
  await w.send(`<presence from="${from}" to="${roomJid}/${nick}"><x xmlns="${MUC}">${extra}</x></presence>`);
  return w.take();
}

/** Creates an instant room owned by `from` (join + empty config submission), then clears output. */
export async function createRoom(
  w: World,
  from: string,
  roomJid: string,
  nick: string,
  config: Record<string, string> = {},
) {
  await join(w, from, roomJid, nick);
  await configure(w, from, roomJid, config);
  w.take();
}

export async function configure(w: World, from: string, roomJid: string, fields: Record<string, string>) {
  const xmlFields = Object.entries(fields)
    .map(([k, v]) => `<field var="${k}"><value>${v}</value></field>`)
    .join("");
  await w.send(
    `<iq type="set" id="cfg" from="${from}" to="${roomJid}"><query xmlns="${MUC_OWNER}"><x xmlns="jabber:x:data" type="submit">${xmlFields}</x></query></iq>`,
  );
}

export function errorOf(el: Element | undefined): { condition?: string; text?: string; type?: string } {
  const error = el?.getChild("error");
  if (!error) return {};
  const condition = error
    .getChildElements()
    .find((c) => c.attrs.xmlns === STANZAS && c.name !== "text")?.name;
  return { condition, text: error.getChildText("text", STANZAS) ?? undefined, type: error.attrs.type };
}

export function statuses(el: Element): number[] {
  return (el.getChild("x", MUC_USER)?.getChildren("status") ?? []).map((s) => Number(s.attrs.code));
}

export function itemOf(el: Element): Record<string, string | undefined> {
  return el.getChild("x", MUC_USER)?.getChild("item")?.attrs ?? {};
}

export const to = (jid: string) => (el: Element) => el.attrs.to === jid;
export const named = (name: string) => (el: Element) => el.name === name;

/** The usual cast: alice owns tea@groups.localhost, bob is in it. */
export const ALICE = "alice@localhost/phone";
export const BOB = "bob@localhost/laptop";
export const TEA = room("tea");

export async function aliceAndBobInTea(w: World): Promise<World> {
  await createRoom(w, ALICE, TEA, "Alice");
  await join(w, BOB, TEA, "Bob");
  return w;
}
