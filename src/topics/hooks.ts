// What a topic is to the room core (PROTOCOL §1): one owner, members only, members are occupants
// without sessions; a kick removes a member; only the owner enters or reads the archive. Each rule
// is a handler on a named room event (muc/events.ts).
import { parseJid } from "../xmpp/jid.js";
import { xml } from "../xmpp/xml.js";
import type { KindTraits } from "../muc/kind.js";
import type { Room } from "../muc/room.js";
import type { AffiliationChange } from "../muc/membership.js";
import { broadcastPresence } from "../muc/broadcast.js";
import { Status } from "../muc/stanzas.js";
import type { ListsSettings, TopicsContext } from "./context.js";
import { MESSAGE_FEATURES } from "./disco.js";
import { defaultTopicConfig, enforceTopicConfig } from "./defaults.js";
import { memberByJid, seat, uniqueNick, unseat } from "./members.js";
import { tellOwner } from "./notices.js";
import { announceTopic, askSubscription, followOwner } from "./presence.js";
import { checkTopicQuota } from "./quota.js";
import * as errors from "./errors.js";

export function topicTraits(lists: ListsSettings): KindTraits {
  return {
    // The owner is a topic's only occupant and speaker; its audience is the member list.
    fixedConfig: [
      "public",
      "membersOnly",
      "moderated",
      "whois",
      "changeSubject",
      "allowInvites",
      "allowPrivateMessages",
      "maxOccupants",
      "maxMembers",
      "groupRequests",
    ],
    registrationRefused: "Topics take no registrations: their owner adds members",
    kickRemovesMember: true,
    features: MESSAGE_FEATURES,
    // The owner counts in the room's member list, not against the topic's limit.
    memberLimit: () => lists.maxMembers + 1,
    memberLimitError: (limit) => errors.tooManyMembers(limit),
  };
}

export function addTopicHooks(ctx: TopicsContext): void {
  const { hooks } = ctx;
  // Owners are users of the local domains, with a bounded number of topics: checked before the
  // core's own rule on who creates rooms, whose wording is about rooms.
  hooks.on("room-create", ({ s }) => checkTopicQuota(ctx, s.from), 200);
  hooks.on("room-create", async ({ s }) => {
    const config = { ...defaultTopicConfig(ctx.topics.lists), name: s.to.local };
    const room = await ctx.rooms.create(s.to.bare, s.from.bare, "topic", config, { owner: s.from.bare });
    followOwner(ctx, s.from.bare);
    return room;
  });
  hooks.on("pre-enter", ({ room, joiner }) => ownerOnly(room, joiner), 10);
  hooks.on("config-submit", ({ config }) => enforceTopicConfig(config));
  hooks.on("room-destroyed", ({ room }) => void ctx.topics.recent.forget(room.jid));
  // Members' rosters learn the new picture from the topic's presence.
  hooks.on("avatar-changed", ({ room }) => announceTopic(ctx, room));
  hooks.on("pre-affiliations", ({ room, changes }) => checkMemberChanges(room, changes));
  hooks.on("complete-affiliations", ({ room, changes }) => withNicks(room, changes));
  hooks.on("affiliations-changed", ({ room, changes }) => {
    for (const change of changes) showMemberChange(ctx, room, change);
  });
  hooks.on("archive-reader", ({ room, jid }) => {
    if (jid !== room.record.owner) throw errors.onlyOwnerReadsArchive();
    return {};
  });
}

function ownerOnly(room: Room, joiner: string): void {
  // A member gets here by following a direct (XEP-0249) invitation, which some clients send
  // after adding them (Converse): tell them where the topic really is for them.
  if (room.affiliationOf(joiner) === "member") {
    throw errors.memberEntering(room.jid);
  }
  if (joiner !== room.record.owner) {
    throw errors.notOwnerEntering();
  }
}

function checkMemberChanges(room: Room, changes: readonly AffiliationChange[]): void {
  for (const change of changes) {
    if (change.affiliation !== "member" && change.affiliation !== "none") throw errors.onlyOwnerAndMembers();
    if (change.jid === room.record.owner) throw errors.ownerAsMember();
    if (!parseJid(change.jid)?.local) throw errors.memberNotUser(change.jid);
    if (change.kind === "room") throw errors.memberIsRoom(change.jid);
  }
}

/** Each new member gets a nick now, so it is stored with the membership. */
function withNicks(room: Room, changes: readonly AffiliationChange[]): AffiliationChange[] {
  const assigned = new Set<string>();
  return changes.map((change) => {
    if (change.affiliation !== "member" || room.affiliations.has(change.jid)) return change;
    const nick = uniqueNick(room, change.jid, change.nick, assigned);
    assigned.add(nick);
    return { ...change, nick };
  });
}

function showMemberChange(ctx: TopicsContext, room: Room, change: AffiliationChange): void {
  const existing = memberByJid(room, change.jid);
  if (change.affiliation === "member") {
    if (existing) {
      tellOwner(ctx, room, `${change.jid} is already a member of this topic (as ${existing.nick})`);
      return;
    }
    const occupant = seat(room, change.jid, ctx.occupantId(room.jid, change.jid));
    broadcastPresence(ctx, room, occupant);
    askSubscription(ctx, room, change.jid);
    tellOwner(ctx, room, `${change.jid} is now a member of this topic (as ${occupant.nick})`);
    return;
  }
  if (!existing) return;
  broadcastPresence(ctx, room, existing, { unavailable: true, statuses: [Status.affiliationRemoved] });
  unseat(room, existing);
  // Their consent ends with the membership: stop following their presence and end theirs of ours.
  const bye = [
    xml("presence", { from: room.jid, type: "unavailable" }),
    xml("presence", { from: room.jid, type: "unsubscribe" }),
    xml("presence", { from: room.jid, type: "unsubscribed" }),
  ];
  for (const p of bye) ctx.out.sendEach(p, [change.jid]);
  const why = change.reason ? `: ${change.reason}` : "";
  tellOwner(ctx, room, `${existing.nick} (${change.jid}) is no longer a member of this topic${why}`, {
    offline: !!change.reason,
  });
}
