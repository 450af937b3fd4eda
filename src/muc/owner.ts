// The muc#owner protocol (XEP-0045 §10): configuration form, instant-room acceptance, cancelling
// a new room, and destroying a room. Owners only.
import * as errors from "./errors.js";
import type { Inbound } from "../xmpp/router.js";
import { NS } from "../xmpp/ns.js";
import { readForm } from "../xmpp/forms.js";
import { xml, type Element } from "../xmpp/xml.js";
import type { MucContext } from "./context.js";
import type { Room } from "./room.js";
import { announceConfigChange, broadcastPresence } from "./broadcast.js";
import { applyConfigForm, configForm } from "./config-form.js";
import { Status } from "./stanzas.js";

/** The settings beyond the core's: archive retention (every kind has an archive), then the kind's. */
function extensionsOf(ctx: MucContext) {
  return [ctx.retention.setting, ...(ctx.kind.configExtensions ?? [])];
}

async function ownedRoom(ctx: MucContext, s: Inbound): Promise<Room> {
  const room = await ctx.rooms.find(s.to.bare);
  if (!room) throw errors.noSuchRoom();
  if (room.affiliationOf(s.from.bare) !== "owner") throw errors.onlyOwnersConfigure();
  return room;
}

export async function getConfig(ctx: MucContext, s: Inbound): Promise<Element> {
  const room = await ownedRoom(ctx, s);
  const { maxMembers, maxOccupants } = ctx.settings;
  const form = configForm(room.config, { maxMembers, maxOccupants }, ctx.kind.fixedConfig, extensionsOf(ctx));
  return xml("query", { xmlns: NS.mucOwner }, form);
}

export async function setOwner(ctx: MucContext, s: Inbound): Promise<void> {
  const room = await ownedRoom(ctx, s);
  const destroy = s.payload?.getChild("destroy");
  if (destroy) return destroyRoom(ctx, room, destroy.attrs.jid, destroy.getChildText("reason") ?? undefined);
  const form = readForm(s.payload);
  if (!form) throw errors.configOrDestroy();
  if (form.type === "cancel") {
    // §10.1.3: cancelling the initial configuration of a new room destroys it.
    if (room.record.locked)
      await destroyRoom(
        ctx,
        room,
        undefined,
        "Its first configuration was cancelled, so the room was not created",
      );
    return;
  }
  if (form.type !== "submit") throw errors.configNotSubmitted();
  const before = room.config;
  const limits = {
    maxMembers: ctx.settings.maxMembers,
    maxOccupants: ctx.settings.maxOccupants,
    historyMax: ctx.settings.historyMax,
    memberCount: room.memberCount(),
  };
  const submitted = applyConfigForm(before, form, limits, extensionsOf(ctx));
  const config = (await ctx.hooks.run("config-submit", { room, config: submitted })) ?? submitted;
  await ctx.rooms.saveRecord(room, { ...room.record, config, locked: false });
  if (config.membersOnly && !before.membersOnly) removeNonMembers(ctx, room);
  // §10.2.1: 104 asks clients to refresh; 172/173 warn that real JIDs became visible or hidden.
  const statuses = [104];
  if (config.whois !== before.whois) statuses.push(config.whois === "anyone" ? 172 : 173);
  announceConfigChange(ctx, room, statuses);
  await ctx.rooms.released(room);
}

/** §9.7 / status 322: a room made members-only removes occupants without membership. */
function removeNonMembers(ctx: MucContext, room: Room): void {
  for (const occupant of [...room.occupants.values()]) {
    if (room.affiliationOf(occupant.bareJid) !== "none") continue;
    // Those admitted through a member came in as members; occupants without sessions are the
    // room kind's own, invited by its members.
    if (occupant.through || occupant.sessions.size === 0) continue;
    broadcastPresence(ctx, room, occupant, { unavailable: true, statuses: [Status.membersOnly] });
    room.occupants.delete(occupant.nick);
    for (const jid of occupant.sessions.keys()) room.sessions.delete(jid);
    occupant.sessions.clear();
  }
}

/** §10.9: every occupant is told the room is gone (with the alternate venue, if any), then it is deleted. */
export async function destroyRoom(
  ctx: MucContext,
  room: Room,
  alternate?: string,
  reason?: string,
): Promise<void> {
  for (const occupant of [...room.occupants.values()]) {
    broadcastPresence(ctx, room, occupant, { unavailable: true, destroy: { jid: alternate, reason } });
    room.occupants.delete(occupant.nick);
  }
  room.sessions.clear();
  await ctx.rooms.destroy(room);
  ctx.log.info({ room: room.jid }, "room destroyed");
}
