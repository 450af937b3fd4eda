// Presence and consent of topics (PROTOCOL §1, §3 "Presence"). Each topic asks its members for
// presence subscription: their presence then shows as occupant presence in the owner's room, and an
// `unsubscribed` answer removes them. The service JID follows owners' presence, which each topic JID
// repeats to its online members.
import { xml, type Element } from "../xmpp/xml.js";
import { NS } from "../xmpp/ns.js";
import type { Inbound } from "../xmpp/router.js";
import type { Room } from "../muc/room.js";
import { presenceToOthers } from "../muc/broadcast.js";
import { applyAffiliations } from "../muc/membership.js";
import type { TopicsContext } from "./context.js";
import { memberByJid, members, seatAll } from "./members.js";
import { nickElement } from "./notices.js";

/** Children of an owner's presence a topic repeats: availability only, nothing personal. */
const MIRRORED = new Set(["show", "status"]);

export function ownerOnline(ctx: TopicsContext, room: Room): boolean {
  const owner = room.record.owner;
  if (!owner) return false;
  if (ctx.topics.followed.has(owner)) return (ctx.topics.owners.get(owner)?.size ?? 0) > 0;
  // Not following the owner's presence (yet, or not allowed to): being in the topic's room shows
  // they are online.
  return !room.empty;
}

/**
 * A topic stays in memory, even with its room empty, while its owner or a member is online: what
 * it knows of their presence is what lets states and its own presence reach the right people.
 */
export function topicInUse(ctx: TopicsContext, room: Room): boolean {
  if (ownerOnline(ctx, room)) return true;
  for (const m of members(room)) if (m.isOnline) return true;
  return false;
}

/** The topic JID's own presence: the owner's availability. */
export function topicPresence(ctx: TopicsContext, room: Room): Element {
  if (!ownerOnline(ctx, room)) return xml("presence", { from: room.jid, type: "unavailable" });
  let latest: Element | undefined;
  for (const p of ctx.topics.owners.get(room.record.owner!)?.values() ?? []) latest = p;
  const children = latest?.getChildElements().filter((c) => MIRRORED.has(c.name) && !c.attrs.xmlns) ?? [];
  // XEP-0153: the topic's avatar, so members' rosters show its picture (the image: topicVcard).
  // In every presence, empty when there is none: a presence without it says nothing, and clients
  // would keep showing a removed picture.
  const avatar = xml("x", { xmlns: NS.vcardUpdate }, xml("photo", {}, room.record.avatar?.hash ?? ""));
  return xml("presence", { from: room.jid }, ...children, avatar);
}

/** Sends the topic's presence to every member known to be online, remembering whom it told. */
export function announceTopic(ctx: TopicsContext, room: Room): void {
  const presence = topicPresence(ctx, room);
  const online = [...members(room)].filter((m) => m.isOnline).map((m) => m.bareJid);
  if (presence.attrs.type === "unavailable") {
    retract(ctx, room.record.owner!, room.jid, online);
    return;
  }
  if (online.length) ctx.out.sendEach(presence, online);
  const byTopic = ctx.topics.audience.get(room.record.owner!) ?? new Map<string, Set<string>>();
  byTopic.set(room.jid, new Set(online));
  ctx.topics.audience.set(room.record.owner!, byTopic);
}

/** The topic's presence to one member (a probe or subscription answer), remembered if available. */
function tellTopicPresence(ctx: TopicsContext, room: Room, member: string): void {
  const presence = topicPresence(ctx, room);
  ctx.out.sendEach(presence, [member]);
  if (presence.attrs.type === "unavailable") return;
  const owner = room.record.owner!;
  const byTopic = ctx.topics.audience.get(owner) ?? new Map<string, Set<string>>();
  byTopic.set(room.jid, (byTopic.get(room.jid) ?? new Set()).add(member));
  ctx.topics.audience.set(owner, byTopic);
}

function told(ctx: TopicsContext, room: Room, member: string): boolean {
  return ctx.topics.audience.get(room.record.owner!)?.get(room.jid)?.has(member) === true;
}

/** Tells everyone who saw a topic available (and `also`) that it is not, even if it left memory. */
function retract(ctx: TopicsContext, owner: string, topic: string, also: string[] = []): void {
  const byTopic = ctx.topics.audience.get(owner);
  const told = new Set([...(byTopic?.get(topic) ?? []), ...also]);
  byTopic?.delete(topic);
  if (byTopic?.size === 0) ctx.topics.audience.delete(owner);
  if (told.size) ctx.out.sendEach(xml("presence", { from: topic, type: "unavailable" }), told);
}

export function askSubscription(ctx: TopicsContext, room: Room, member: string): void {
  ctx.out.sendEach(xml("presence", { from: room.jid, type: "subscribe" }, nickElement(room)), [member]);
}

/** A topic coming into memory: seat its members, and ask for presence we may have missed. */
export function onTopicLoaded(ctx: TopicsContext, room: Room): void {
  seatAll(room, (r, j) => ctx.occupantId(r, j));
  // Only members who consented: a server answers anyone else's probe with `unsubscribed`.
  const probe = xml("presence", { from: room.jid, type: "probe" });
  const memberJids = [...members(room)]
    .map((m) => m.bareJid)
    .filter((jid) => room.affiliations.get(jid)?.consented);
  if (memberJids.length) ctx.out.sendEach(probe, memberJids);
  const owner = room.record.owner;
  if (owner && !ctx.topics.probedOwners.has(owner)) {
    ctx.topics.probedOwners.add(owner);
    ctx.out.sendEach(xml("presence", { from: ctx.settings.domain, type: "probe" }), [owner]);
  }
}

/** Presence from a member (or anyone) to a topic's bare JID. */
export async function onTopicPresence(ctx: TopicsContext, s: Inbound): Promise<void> {
  const room = await ctx.rooms.find(s.to.bare);
  if (!room || room.record.locked) {
    if (s.type === "subscribe" || s.type === "probe") reply(ctx, s, "unsubscribed");
    return;
  }
  const member = memberByJid(room, s.from.bare);
  switch (s.type) {
    case "":
    case "unavailable": {
      // An unavailable from the bare JID of someone who has not consented is their server's
      // receipt of our subscription request (RFC 6121 §3.1.3), not news of their presence.
      if (!member || (s.type === "unavailable" && !s.from.resource && !consented(room, member.bareJid)))
        return;
      if (s.type === "") {
        member.online.delete(s.from.full);
        member.online.set(s.from.full, s.stanza);
        member.knownOffline = false;
        // Someone who comes online learns whether the topic is there (it follows its owner).
        if (ownerOnline(ctx, room) && !told(ctx, room, member.bareJid))
          tellTopicPresence(ctx, room, member.bareJid);
      } else {
        member.online.delete(s.from.full);
        member.knownOffline = member.online.size === 0;
      }
      presenceToOthers(ctx, room, member);
      if (s.type === "unavailable") await ctx.rooms.released(room);
      return;
    }
    case "probe":
      if (member) tellTopicPresence(ctx, room, s.from.bare);
      else reply(ctx, s, "unsubscribed");
      return;
    case "subscribe":
      if (!member) return reply(ctx, s, "unsubscribed");
      reply(ctx, s, "subscribed");
      tellTopicPresence(ctx, room, s.from.bare);
      return;
    case "unsubscribe":
      reply(ctx, s, "unsubscribed");
      return;
    case "subscribed":
      if (member && !consented(room, member.bareJid)) {
        const record = room.affiliations.get(member.bareJid)!;
        await ctx.rooms.setAffiliations(room, new Map([[member.bareJid, { ...record, consented: true }]]));
      }
      return;
    case "unsubscribed":
      // Their consent is withdrawn (or was never given): no more messages to them.
      if (member)
        await applyAffiliations(ctx, room, [
          { jid: member.bareJid, affiliation: "none", reason: "declined the topic's subscription request" },
        ]);
      return;
  }
}

/** Presence from an owner to the service JID: the topics' own presence follows it. */
export async function onServicePresence(ctx: TopicsContext, s: Inbound): Promise<void> {
  const owner = s.from.bare;
  switch (s.type) {
    case "":
    case "unavailable": {
      // Only an available presence proves the service follows the owner: Prosody answers the probe
      // of an owner who has not accepted the subscription request with `unavailable`, which says
      // nothing of whether they are online.
      if (s.type === "") ctx.topics.followed.add(owner);
      const sessions = ctx.topics.owners.get(owner) ?? new Map<string, Element>();
      const wasOnline = sessions.size > 0;
      sessions.delete(s.from.full);
      if (s.type === "") sessions.set(s.from.full, s.stanza);
      if (sessions.size) ctx.topics.owners.set(owner, sessions);
      else ctx.topics.owners.delete(owner);
      if (!sessions.size) {
        for (const topic of [...(ctx.topics.audience.get(owner)?.keys() ?? [])]) retract(ctx, owner, topic);
      }
      // An owner coming online brings their stored topics into memory: each probes its members
      // and then follows the owner's presence for them.
      if (!wasOnline && sessions.size)
        for (const jid of await ctx.topics.store.ownedBy(owner)) await ctx.rooms.find(jid);
      const theirs = [...ctx.rooms.liveRooms()].filter((r) => r.record.owner === owner && !r.record.locked);
      for (const room of theirs) announceTopic(ctx, room);
      if (!sessions.size) for (const room of theirs) await ctx.rooms.released(room);
      return;
    }
    case "subscribe":
      reply(ctx, s, "subscribed");
      ctx.out.sendEach(xml("presence", { from: ctx.settings.domain }), [owner]);
      return;
    case "probe":
      ctx.out.sendEach(xml("presence", { from: ctx.settings.domain }), [owner]);
      return;
    case "unsubscribe":
      ctx.topics.followed.delete(owner);
      reply(ctx, s, "unsubscribed");
      return;
  }
}

function consented(room: Room, jid: string): boolean {
  return room.affiliations.get(jid)?.consented === true;
}

function reply(ctx: TopicsContext, s: Inbound, type: string): void {
  ctx.out.sendEach(xml("presence", { from: s.to.bare, type }), [s.from.bare]);
}

/** Asks an owner for presence subscription to the service JID (a no-op for their server if granted). */
export function followOwner(ctx: TopicsContext, owner: string): void {
  ctx.out.sendEach(
    xml(
      "presence",
      { from: ctx.settings.domain, type: "subscribe" },
      // Clients show this as a contact request: say what it is for (a bare "Topics" puzzled users).
      xml("nick", { xmlns: NS.nick }, "Your topics"),
      xml("status", {}, "Accept so that your topics show as online to their members while you are"),
    ),
    [owner],
  );
}

/** On a clean stop: every member who saw a topic available learns it is not, so no client keeps
 * showing a topic whose service is gone. */
export function retractAll(ctx: TopicsContext): void {
  for (const [owner, byTopic] of [...ctx.topics.audience]) {
    for (const topic of [...byTopic.keys()]) retract(ctx, owner, topic);
  }
}
