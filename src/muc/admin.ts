// The muc#admin protocol (XEP-0045 §8, §9, §10): member lists by affiliation, occupant lists by
// role, and changes to either. All items of one request are checked before any is applied.
import * as errors from "./errors.js";
import type { Inbound } from "../xmpp/router.js";
import { NS } from "../xmpp/ns.js";
import { xml, type Element } from "../xmpp/xml.js";
import { parseJid } from "../xmpp/jid.js";
import type { MucContext } from "./context.js";
import type { Room } from "./room.js";
import { broadcastPresence } from "./broadcast.js";
import type { Occupant } from "./occupant.js";
import { applyAffiliations, checkMemberCount, type AffiliationChange } from "./membership.js";
import type { Affiliation, Role } from "./types.js";

const AFFILIATIONS = new Set<string>(["owner", "admin", "member", "none", "outcast"]);
const ROLES = new Set<string>(["moderator", "participant", "visitor", "none"]);

async function roomOf(ctx: MucContext, s: Inbound): Promise<Room> {
  const room = await ctx.rooms.find(s.to.bare);
  if (!room) throw errors.noSuchRoom();
  return room;
}

export async function getAdminList(ctx: MucContext, s: Inbound): Promise<Element> {
  const room = await roomOf(ctx, s);
  const item = s.payload?.getChild("item");
  const mine = room.affiliationOf(s.from.bare);
  const query = xml("query", { xmlns: NS.mucAdmin });
  if (item?.attrs.affiliation) {
    const wanted = item.attrs.affiliation;
    if (!AFFILIATIONS.has(wanted) || wanted === "none") throw errors.cannotListAffiliation(wanted);
    if (mine !== "owner" && mine !== "admin") throw errors.onlyAdminsSeeLists();
    for (const [jid, a] of room.affiliations) {
      if (a.affiliation !== wanted) continue;
      query.append(
        xml(
          "item",
          { affiliation: a.affiliation, jid, nick: a.nick },
          a.reason ? xml("reason", {}, a.reason) : null,
          ...(ctx.kind.memberItemExtras?.(a) ?? []),
        ),
      );
    }
    return query;
  }
  if (item?.attrs.role) {
    const wanted = item.attrs.role;
    if (!ROLES.has(wanted) || wanted === "none") throw errors.cannotListRole(wanted);
    const me = room.sessions.get(s.from.full);
    if (me?.role !== "moderator") throw errors.onlyModeratorsListRoles();
    // Each occupant as the moderator sees them (the room kind's views).
    for (const occupant of ctx.views.visibleTo(room, me)) {
      if (occupant.role !== wanted) continue;
      query.append(
        xml("item", {
          role: occupant.role,
          nick: occupant.nick,
          affiliation: room.affiliationOf(occupant.through?.member ?? occupant.bareJid),
          jid: occupant.bareJid,
        }),
      );
    }
    return query;
  }
  throw errors.listWhat();
}

export async function setAdminItems(ctx: MucContext, s: Inbound): Promise<void> {
  const room = await roomOf(ctx, s);
  const items = s.payload?.getChildren("item") ?? [];
  if (!items.length) throw errors.noItems();
  checkListSize(ctx, room, items.length);
  const actor = room.sessions.get(s.from.full);
  const affiliationChanges: AffiliationChange[] = [];
  const roleChanges: { nick: string; role: Role; reason?: string }[] = [];
  for (const item of items) {
    const reason = item.getChildText("reason") ?? undefined;
    if (item.attrs.affiliation !== undefined) {
      const to = item.attrs.affiliation;
      if (!AFFILIATIONS.has(to)) throw errors.unknownAffiliation(to);
      // Before the nick is looked up: the answer must not tell a member whether it names someone.
      room.checkMayChangeAffiliations(s.from.bare);
      const jid = targetJid(ctx, room, item, actor);
      room.checkAffiliationChange(s.from.bare, jid, to as Affiliation);
      // §9.3: an item naming a JID may also reserve a nick for the member.
      const nick = item.attrs.jid && item.attrs.nick ? { nick: item.attrs.nick } : {};
      // A room of this service in a member list is a member room (what that means is the kind's).
      const parsed = parseJid(jid);
      const isRoom = !!parsed?.local && parsed.domain === ctx.settings.domain;
      affiliationChanges.push({
        jid,
        affiliation: to as Affiliation,
        ...(isRoom ? { kind: "room" as const } : {}),
        ...nick,
        ...(reason ? { reason } : {}),
      });
    } else if (item.attrs.role !== undefined) {
      const to = item.attrs.role;
      if (!ROLES.has(to)) throw errors.unknownRole(to);
      const nick = item.attrs.nick;
      if (!nick) throw errors.roleChangeWithoutNick();
      // Permission first, as above: whether a nick is taken is for moderators to learn.
      if (!actor) throw errors.moderatorNotInRoom();
      room.checkMayChangeRoles(actor);
      const named = ctx.views.named(room, actor, nick);
      const target = named.standIn ?? named.targets[0];
      if (!target) throw errors.nobodyNamed(nick);
      room.checkRoleChange(actor, target, to as Role);
      if (to === "none" && ctx.kind.kickRemovesMember) {
        affiliationChanges.push({ jid: target.bareJid, affiliation: "none", ...(reason ? { reason } : {}) });
        continue;
      }
      roleChanges.push({ nick, role: to as Role, ...(reason ? { reason } : {}) });
    } else {
      throw errors.itemWithoutChange();
    }
  }
  if (affiliationChanges.length) {
    checkMemberCount(ctx.kind, room, affiliationChanges);
    await applyAffiliations(ctx, room, affiliationChanges, actor?.nick);
  }
  for (const change of roleChanges) {
    await applyRole(ctx, room, actor, change.nick, change.role, change.reason);
  }
}

/**
 * Refuses a member-list change past the room's limit from its size alone, before any item is read
 * (issue 7 §5): no valid request changes more entries than the limit plus those the room has.
 */
export function checkListSize(ctx: MucContext, room: Room, items: number): void {
  const limit = ctx.kind.memberLimit(room);
  if (items > limit + room.affiliations.size) throw ctx.kind.memberLimitError(limit);
}

function targetJid(ctx: MucContext, room: Room, item: Element, actor: Occupant | undefined): string {
  if (item.attrs.jid) {
    const jid = parseJid(item.attrs.jid);
    if (!jid) throw errors.itemJidMalformed(item.attrs.jid);
    return jid.bare;
  }
  const nick = item.attrs.nick;
  // XEP-0045 §9/§10: an affiliation item names its user by jid (or, by extension, an occupant's nick);
  // one with neither is a malformed request, not a missing user.
  if (!nick) throw errors.itemNamesNobody();
  // An occupant shown in place of others stands for a member itself: the affiliation is that member's.
  const named = ctx.views.named(room, actor, nick);
  const target = named.standIn ?? named.targets[0];
  if (!target) throw errors.nobodyNamed(nick);
  return target.bareJid;
}

/**
 * §8.2 kick (role none, status 307) or a voice/moderator change, shown to everyone. On an occupant
 * shown in place of others it applies to all it stands for, and it shows the change once.
 */
async function applyRole(
  ctx: MucContext,
  room: Room,
  actor: Occupant | undefined,
  nick: string,
  role: Role,
  reason?: string,
): Promise<void> {
  const { targets, standIn } = ctx.views.named(room, actor, nick);
  const by = actor ? ctx.views.shownAs(room, undefined, actor).nick : undefined;
  const told = { ...(by ? { actor: by } : {}), ...(reason ? { reason } : {}) };
  if (role === "none") {
    for (const occupant of targets)
      await ctx.hooks.run("kick", { room, occupant, ...told, together: !!standIn });
    await ctx.rooms.released(room);
    return;
  }
  for (const occupant of targets) {
    occupant.role = role;
    broadcastPresence(ctx, room, occupant, told);
  }
  if (standIn) {
    standIn.role = role;
    ctx.views.standInChanged(ctx, room, standIn, told);
  }
}
