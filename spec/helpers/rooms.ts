// Room shorthands for integration specs: namespaces, status codes, entering a room as a client does.
import type { Element } from "ltx";
import { xml, type TestUser } from "./users.js";

export const MUC = "http://jabber.org/protocol/muc";
export const MUC_USER = "http://jabber.org/protocol/muc#user";
export const MUC_OWNER = "http://jabber.org/protocol/muc#owner";
export const MUC_ADMIN = "http://jabber.org/protocol/muc#admin";
export const MAM = "urn:xmpp:mam:2";

export const codes = (el: Element) =>
  (el.getChild("x", MUC_USER)?.getChildren("status") ?? []).map((s) => Number(s.attrs.code));

/** Joins and waits for the subject, which ends every successful join; returns the self-presence. */
export async function enter(user: TestUser, roomJid: string, nick: string, history?: Record<string, string>) {
  await user.send(
    xml(
      "presence",
      { to: `${roomJid}/${nick}` },
      xml("x", { xmlns: MUC }, history ? xml("history", history) : null),
    ),
  );
  const self = await user.waitFor(
    (el) => el.name === "presence" && el.attrs.from === `${roomJid}/${nick}` && codes(el).includes(110),
  );
  await user.waitFor(
    (el) => el.name === "message" && el.attrs.from?.startsWith(roomJid) === true && !!el.getChild("subject"),
  );
  return self;
}

/** Submits the room configuration form with the given fields (empty: accept the instant room). */
export function configure(owner: TestUser, roomJid: string, fields: Record<string, string> = {}) {
  return owner.iq(
    xml(
      "iq",
      { type: "set", to: roomJid },
      xml(
        "query",
        { xmlns: MUC_OWNER },
        xml(
          "x",
          { xmlns: "jabber:x:data", type: "submit" },
          ...Object.entries(fields).map(([k, v]) => xml("field", { var: k }, xml("value", {}, v))),
        ),
      ),
    ),
  );
}

/** Registers `user` with a room under `nick` (XEP-0045 §7.10: the muc#register form, submitted). */
export function registerWithRoom(user: TestUser, roomJid: string, nick: string): Promise<Element> {
  return user.iq(
    xml(
      "iq",
      { type: "set", to: roomJid },
      xml(
        "query",
        { xmlns: "jabber:iq:register" },
        xml(
          "x",
          { xmlns: "jabber:x:data", type: "submit" },
          xml("field", { var: "FORM_TYPE" }, xml("value", {}, "http://jabber.org/protocol/muc#register")),
          xml("field", { var: "muc#register_roomnick" }, xml("value", {}, nick)),
        ),
      ),
    ),
  );
}
