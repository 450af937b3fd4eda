// Who may enter a room through the groups inside it (PROTOCOL §2): every member of every group that
// is, at any depth, a member of the room, unless outcast there. A user affiliated with the room
// enters as themselves; anyone else through the first group, in JID order, that leads to them.
import { parseJid } from "../xmpp/jid.js";
import type { Admission } from "../muc/events.js";
import type { Room } from "../muc/room.js";
import type { Affiliation } from "../muc/types.js";
import { fellowNick } from "./views.js";
import type { GroupsContext } from "./context.js";
import * as errors from "./errors.js";

/** The affiliations that make someone a member of a room (and so lead them into rooms above). */
export const MEMBERSHIP: ReadonlySet<Affiliation> = new Set<Affiliation>(["owner", "admin", "member"]);

/** Is `user` an owner, admin or member of the room `jid` (loaded from the store if need be)? */
async function isMemberOf(ctx: GroupsContext, jid: string, user: string): Promise<boolean> {
  const room = await ctx.rooms.find(jid);
  return !!room && MEMBERSHIP.has(room.affiliationOf(user));
}

/** A group the room has banned brings nobody in, even from inside another group. */
export const bannedIn =
  (room: Room) =>
  (jid: string): boolean =>
    room.affiliationOf(jid) === "outcast";

/** The groups `group` (directly in `room`) brings into it: itself and those inside it at any
 *  depth, past none the room has banned. */
export function groupsThrough(ctx: GroupsContext, room: Room, group: string): string[] {
  return [group, ...ctx.groups.graph.descendants(group, bannedIn(room))];
}

/** Does group `group` (directly in `room`) still lead `user` into it? */
export async function leadsTo(ctx: GroupsContext, room: Room, group: string, user: string): Promise<boolean> {
  if (room.affiliationOf(user) === "outcast" || !ctx.groups.graph.has(room.jid, group)) return false;
  for (const jid of groupsThrough(ctx, room, group)) if (await isMemberOf(ctx, jid, user)) return true;
  return false;
}

/** The group directly in `room` through which `user` may enter it, if any. */
export async function entryGroup(ctx: GroupsContext, room: Room, user: string): Promise<string | undefined> {
  for (const group of ctx.groups.graph.childrenOf(room.jid)) {
    if (await leadsTo(ctx, room, group, user)) return group;
  }
  return undefined;
}

/** A group's name in the rooms it is in: its room name, else its JID's local part. */
export async function labelOf(ctx: GroupsContext, group: string): Promise<string> {
  const room = await ctx.rooms.peek(group);
  return room?.record.config.name || (parseJid(group)?.local ?? group);
}

/** The entry rule (RoomRules.admit): direct members as themselves, others through a group. */
export async function admit(
  ctx: GroupsContext,
  room: Room,
  joiner: string,
  asked: string,
  affiliation: Affiliation,
): Promise<Admission> {
  const group = affiliation === "none" ? await entryGroup(ctx, room, joiner) : undefined;
  if (!group) {
    await checkNotReserved(ctx, room, asked);
    return { nick: asked };
  }
  const label = await labelOf(ctx, group);
  // A group made a visitor (through its occupant, views.ts) stays one for each fellow entering.
  const muted = [...room.occupants.values()].some((o) => o.through?.member === group && o.role === "visitor");
  return {
    nick: fellowNick(label, asked),
    through: { member: group, name: label, occupantId: ctx.occupantId(room.jid, group) },
    ...(muted ? { role: "visitor" as const } : {}),
  };
}

/** A group's name, and names under it, are its own in the room: nobody else may take or register
 *  them (Converse registers the nick it entered with, "Alpha/bob", unless told not to). */
export async function checkNotReserved(ctx: GroupsContext, room: Room, nick: string): Promise<void> {
  for (const group of ctx.groups.graph.childrenOf(room.jid)) {
    const label = await labelOf(ctx, group);
    if (nick === label || nick.startsWith(`${label}/`)) {
      throw errors.nickOfGroup(nick, label);
    }
  }
}

/** The archive rule: anyone who may enter may read, seeing authors as they would in the room. */
export async function archiveReader(
  ctx: GroupsContext,
  room: Room,
  jid: string,
): Promise<string | undefined> {
  const mine = room.affiliationOf(jid);
  if (mine === "outcast") throw errors.bannedReading();
  const group = mine === "none" ? await entryGroup(ctx, room, jid) : undefined;
  if (room.config.membersOnly && mine === "none" && !group) throw errors.membersOnlyArchive();
  return group;
}
