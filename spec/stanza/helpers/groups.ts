// Stanza shorthands for nested-group specs. The cast: alice owns the room "club"; dan owns the
// persistent group "alpha" (named "Alpha") with bob and carol as members; eve is an outsider.
import type { Element } from "../../../src/xmpp/xml.js";
import type { World } from "./world.js";
import { MUC_ADMIN, createRoom, join, room } from "./muc.js";
import { COMMANDS, commandStanza } from "./topics.js";

export const ALICE = "alice@localhost/phone";
export const BOB = "bob@localhost/laptop";
export const CAROL = "carol@localhost/pc";
export const DAN = "dan@localhost/desk";
export const EVE = "eve@localhost/tab";
export const CLUB = room("club");
export const ALPHA = room("alpha");
export const MANIFOLD = "urn:x-manifold:0";
export const MAM = "urn:xmpp:mam:2";
export const OCCUPANT_ID = "urn:xmpp:occupant-id:0";

export const bare = (full: string) => full.split("/")[0]!;

/** A persistent room owned by `owner` with `members` (full JIDs) on its member list. */
export async function persistentRoom(
  w: World,
  owner: string,
  jid: string,
  nick: string,
  members: string[] = [],
  config: Record<string, string> = {},
): Promise<void> {
  await createRoom(w, owner, jid, nick, { "muc#roomconfig_persistentroom": "1", ...config });
  if (members.length)
    await setAffiliations(
      w,
      owner,
      jid,
      members.map((m) => [bare(m), "member"]),
    );
  // The owner leaves, so specs start with nobody inside.
  await w.send(`<presence type="unavailable" from="${owner}" to="${jid}/${nick}"/>`);
  w.take();
}

export async function setAffiliations(
  w: World,
  from: string,
  jid: string,
  items: [string, string][],
): Promise<Element[]> {
  const xmlItems = items.map(([j, a]) => `<item affiliation="${a}" jid="${j}"/>`).join("");
  await w.send(
    `<iq type="set" id="aff" from="${from}" to="${jid}"><query xmlns="${MUC_ADMIN}">${xmlItems}</query></iq>`,
  );
  return w.take();
}

/** alice's members-only club, and dan's Alpha (bob, carol) added to it by alice. Output cleared. */
export async function alphaInClub(w: World, clubConfig: Record<string, string> = {}): Promise<void> {
  await persistentRoom(w, DAN, ALPHA, "Dan", [BOB, CAROL], { "muc#roomconfig_roomname": "Alpha" });
  await createRoom(w, ALICE, CLUB, "Alice", {
    "muc#roomconfig_persistentroom": "1",
    "muc#roomconfig_membersonly": "1",
    ...clubConfig,
  });
  const out = await setAffiliations(w, ALICE, CLUB, [[ALPHA, "member"]]);
  const result = out.find((el) => el.name === "iq")!;
  if (result.attrs.type !== "result") throw new Error(`adding Alpha failed: ${result.toString()}`);
}

/** Runs an ad-hoc command (one stage, or the form submission) and returns everything sent back. */
export async function command(
  w: World,
  from: string,
  to: string,
  node: string,
  fields?: Record<string, string | string[]>,
): Promise<{ iq: Element; out: Element[] }> {
  await w.send(commandStanza(from, to, node, fields));
  const out = w.take();
  return { iq: out.find((el) => el.name === "iq" && el.attrs.id === "cmd")!, out };
}

export const noteOf = (iq: Element) => iq.getChild("command", COMMANDS)?.getChildText("note") ?? "";

/** Enters and returns what the room sent. */
export const enter = (w: World, from: string, jid: string, nick: string) => join(w, from, jid, nick);

export const presenceTo = (jid: string) => (el: Element) => el.name === "presence" && el.attrs.to === jid;
export const messageTo = (jid: string) => (el: Element) => el.name === "message" && el.attrs.to === jid;
export const occupantIdOf = (el: Element) => el.getChild("occupant-id", OCCUPANT_ID)?.attrs.id;

export function formFields(el: Element | undefined): Map<string, Element> {
  const x = el?.getChild("x", "jabber:x:data");
  return new Map((x?.getChildren("field") ?? []).map((f) => [f.attrs.var as string, f]));
}
