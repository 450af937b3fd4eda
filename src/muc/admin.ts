// The muc#admin protocol (XEP-0045 §8, §9, §10): member lists by affiliation, occupant lists by
// role, and changes to either. All items of one request are checked before any is applied.
import { StanzaError } from "../xmpp/stanza-error.js";
import type { Inbound } from "../xmpp/router.js";
import { NS } from "../xmpp/ns.js";
import { xml, type Element } from "../xmpp/xml.js";
import { parseJid } from "../xmpp/jid.js";
import type { MucContext } from "./context.js";
import type { Room } from "./room.js";
import { broadcastPresence } from "./broadcast.js";
import { applyAffiliations, type AffiliationChange } from "./membership.js";
import { Status } from "./stanzas.js";
import type { Affiliation, Role } from "./types.js";

const AFFILIATIONS = new Set<string>(["owner", "admin", "member", "none", "outcast"]);
const ROLES = new Set<string>(["moderator", "participant", "visitor", "none"]);

async function roomOf(ctx: MucContext, s: Inbound): Promise<Room> {
  const room = await ctx.rooms.find(s.to.bare);
  if (!room) throw new StanzaError("item-not-found", "This room does not exist");
  return room;
}

export async function getAdminList(ctx: MucContext, s: Inbound): Promise<Element> {
  const room = await roomOf(ctx, s);
  const item = s.payload?.getChild("item");
  const mine = room.affiliationOf(s.from.bare);
  const query = xml("query", { xmlns: NS.mucAdmin });
  if (item?.attrs.affiliation) {
    const wanted = item.attrs.affiliation;
    if (!AFFILIATIONS.has(wanted) || wanted === "none")
      throw new StanzaError("bad-request", `Cannot list affiliation "${wanted}"`);
    if (mine !== "owner" && mine !== "admin")
      throw new StanzaError("forbidden", "Only owners and admins can see member lists");
    for (const [jid, a] of room.affiliations) {
      if (a.affiliation !== wanted) continue;
      query.append(
        xml(
          "item",
          { affiliation: a.affiliation, jid, nick: a.nick },
          a.reason ? xml("reason", {}, a.reason) : null,
        ),
      );
    }
    return query;
  }
  if (item?.attrs.role) {
    const wanted = item.attrs.role;
    if (!ROLES.has(wanted) || wanted === "none")
      throw new StanzaError("bad-request", `Cannot list role "${wanted}"`);
    const me = room.sessions.get(s.from.full);
    if (me?.role !== "moderator")
      throw new StanzaError("forbidden", "Only moderators can list occupants by role");
    for (const occupant of room.occupants.values()) {
      if (occupant.role !== wanted) continue;
      query.append(
        xml("item", {
          role: occupant.role,
          nick: occupant.nick,
          affiliation: room.affiliationOf(occupant.bareJid),
          jid: occupant.bareJid,
        }),
      );
    }
    return query;
  }
  throw new StanzaError("bad-request", "Name an affiliation or a role to list");
}

export async function setAdminItems(ctx: MucContext, s: Inbound): Promise<void> {
  const room = await roomOf(ctx, s);
  const items = s.payload?.getChildren("item") ?? [];
  if (!items.length) throw new StanzaError("bad-request", "The request names no item to change");
  const actor = room.sessions.get(s.from.full);
  const affiliationChanges: AffiliationChange[] = [];
  const roleChanges: { nick: string; role: Role; reason?: string }[] = [];
  for (const item of items) {
    const reason = item.getChildText("reason") ?? undefined;
    if (item.attrs.affiliation !== undefined) {
      const to = item.attrs.affiliation;
      if (!AFFILIATIONS.has(to)) throw new StanzaError("bad-request", `Unknown affiliation "${to}"`);
      const jid = targetJid(room, item);
      room.checkAffiliationChange(s.from.bare, jid, to as Affiliation);
      // §9.3: an item naming a JID may also reserve a nick for the member.
      const nick = item.attrs.jid && item.attrs.nick ? { nick: item.attrs.nick } : {};
      affiliationChanges.push({
        jid,
        affiliation: to as Affiliation,
        ...nick,
        ...(reason ? { reason } : {}),
      });
    } else if (item.attrs.role !== undefined) {
      const to = item.attrs.role;
      if (!ROLES.has(to)) throw new StanzaError("bad-request", `Unknown role "${to}"`);
      const nick = item.attrs.nick;
      const target = nick ? room.occupants.get(nick) : undefined;
      if (!target)
        throw new StanzaError("item-not-found", `Nobody with the nickname "${nick ?? ""}" is in this room`);
      if (!actor) throw new StanzaError("forbidden", "Only moderators who are in the room can change roles");
      room.checkRoleChange(actor, target, to as Role);
      if (to === "none" && ctx.rules.kickRemovesMember) {
        affiliationChanges.push({ jid: target.bareJid, affiliation: "none", ...(reason ? { reason } : {}) });
        continue;
      }
      roleChanges.push({ nick: target.nick, role: to as Role, ...(reason ? { reason } : {}) });
    } else {
      throw new StanzaError("bad-request", "Each item needs an affiliation or a role");
    }
  }
  if (affiliationChanges.length) await applyAffiliations(ctx, room, affiliationChanges, actor?.nick);
  for (const change of roleChanges) {
    await applyRole(ctx, room, change.nick, change.role, actor?.nick, change.reason);
  }
}

function targetJid(room: Room, item: Element): string {
  if (item.attrs.jid) {
    const jid = parseJid(item.attrs.jid);
    if (!jid) throw new StanzaError("jid-malformed", `"${item.attrs.jid}" is not a valid JID`);
    return jid.bare;
  }
  const occupant = item.attrs.nick ? room.occupants.get(item.attrs.nick) : undefined;
  if (!occupant)
    throw new StanzaError(
      "item-not-found",
      `Nobody with the nickname "${item.attrs.nick ?? ""}" is in this room`,
    );
  return occupant.bareJid;
}

/** §8.2 kick (role none, status 307) or a voice/moderator change, shown to everyone. */
async function applyRole(
  ctx: MucContext,
  room: Room,
  nick: string,
  role: Role,
  actor?: string,
  reason?: string,
): Promise<void> {
  const occupant = room.occupants.get(nick);
  if (!occupant) return;
  if (role === "none") {
    broadcastPresence(ctx, room, occupant, { unavailable: true, statuses: [Status.kicked], actor, reason });
    room.occupants.delete(nick);
    for (const jid of occupant.sessions.keys()) room.sessions.delete(jid);
    occupant.sessions.clear();
    await ctx.rooms.released(room);
    return;
  }
  occupant.role = role;
  broadcastPresence(ctx, room, occupant, { actor, reason });
}
