// What a topic is to the room core (PROTOCOL §1): one owner, members only, members are occupants
// without sessions; a kick removes a member; only the owner enters or reads the archive. Each rule
// is a handler on a named room event (muc/events.ts).
import { StanzaError } from "../xmpp/stanza-error.js";
import { LimitError } from "../limits/limit-error.js";
import { parseJid } from "../xmpp/jid.js";
import { xml } from "../xmpp/xml.js";
import type { KindTraits } from "../muc/kind.js";
import type { Room } from "../muc/room.js";
import type { AffiliationChange } from "../muc/membership.js";
import { broadcastPresence } from "../muc/broadcast.js";
import { Status } from "../muc/stanzas.js";
import type { ListsSettings, TopicsContext } from "./context.js";
import { defaultTopicConfig, enforceTopicConfig } from "./defaults.js";
import { memberByJid, seat, uniqueNick, unseat } from "./members.js";
import { tellOwner } from "./notices.js";
import { askSubscription, followOwner } from "./presence.js";
import { checkTopicQuota } from "./quota.js";

export function topicTraits(lists: ListsSettings): KindTraits {
  return {
    enforceConfig: enforceTopicConfig,
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
    registration: false,
    kickRemovesMember: true,
    // The owner counts in the room's member list, not against the topic's limit.
    memberLimit: () => lists.maxMembers + 1,
    memberLimitError: (limit) =>
      new LimitError(
        "topic-members",
        "resource-constraint",
        `A topic can have at most ${limit - 1} members (its owner aside)`,
        { type: "cancel" },
      ),
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
  hooks.on("pre-affiliations", ({ room, changes }) => checkMemberChanges(room, changes));
  hooks.on("complete-affiliations", ({ room, changes }) => withNicks(room, changes));
  hooks.on("affiliations-changed", ({ room, changes }) => {
    for (const change of changes) showMemberChange(ctx, room, change);
  });
  hooks.on("archive-reader", ({ room, jid }) => {
    if (jid !== room.record.owner)
      throw new StanzaError("forbidden", "Only the owner of this topic can read its archive");
    return {};
  });
}

function ownerOnly(room: Room, joiner: string): void {
  // A member gets here by following a direct (XEP-0249) invitation, which some clients send
  // after adding them (Converse): tell them where the topic really is for them.
  if (room.affiliationOf(joiner) === "member") {
    throw new StanzaError(
      "forbidden",
      `You are a member of this topic: its messages reach you as a chat from ${room.jid}; write there to answer`,
    );
  }
  if (joiner !== room.record.owner) {
    throw new StanzaError(
      "registration-required",
      "This topic belongs to another user; its members get its messages as a chat from its address",
    );
  }
}

function checkMemberChanges(room: Room, changes: readonly AffiliationChange[]): void {
  for (const change of changes) {
    if (change.affiliation !== "member" && change.affiliation !== "none")
      throw new StanzaError("not-allowed", "A topic has one owner and members only");
    if (change.jid === room.record.owner)
      throw new StanzaError("not-allowed", "You own this topic, so you cannot be one of its members");
    if (!parseJid(change.jid)?.local)
      throw new StanzaError("jid-malformed", `Members are users (name@domain), not "${change.jid}"`);
    if (change.kind === "room")
      throw new StanzaError("not-allowed", `Members of a topic are people, not the topic ${change.jid}`);
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
