// What groups.* adds to the room core (PROTOCOL §2): XEP-0045 rooms that can be members of one
// another. Each rule is a handler on a named room event (muc/events.ts); the core's own policies
// run around them by priority.
import type { KindTraits } from "../muc/kind.js";
import type { MucSettings } from "../muc/context.js";
import { showAffiliationChange } from "../muc/membership.js";
import type { GroupsContext } from "./context.js";
import { groupRequestsSetting } from "./config.js";
import { absentDeliverySetting } from "../absent/settings.js";
import { addAbsentDelivery } from "../absent/deliver.js";
import { reachOf } from "./absent-reach.js";
import { afterChanges, checkGroupChanges, forgetRoom } from "./edges.js";
import { admit, archiveReader, checkNotReserved } from "./entry.js";
import { endGuest, isGuest } from "./guests.js";
import { GROUP_FIELD, askToJoin } from "./requests.js";
import * as errors from "./errors.js";
import { NS } from "../xmpp/ns.js";
import { xml } from "../xmpp/xml.js";

export function groupTraits(settings: MucSettings): KindTraits {
  return {
    configExtensions: [groupRequestsSetting, absentDeliverySetting],
    registrationFields: [
      {
        var: GROUP_FIELD,
        type: "jid-single",
        label: "Or: the room JID of a group of yours that should join as one member",
      },
    ],
    // PROTOCOL §2: a room in the member list is a group.
    memberItemExtras: (entry) => (entry.kind === "room" ? [xml("group", { xmlns: NS.manifold })] : []),
    kickRemovesMember: false,
    memberLimit: (room) => Math.min(room.config.maxMembers, settings.maxMembers),
    memberLimitError: (limit) => errors.tooManyMembers(limit),
  };
}

export function addGroupHooks(ctx: GroupsContext): void {
  const { hooks } = ctx;
  hooks.on("room-create", ({ s }) => {
    const config = { ...ctx.settings.defaults, name: s.to.local };
    return ctx.rooms.create(s.to.bare, s.from.bare, "group", config);
  });
  // The group path: members of a group inside the room enter through it (groups/entry.ts).
  hooks.on("admit", ({ room, joiner, nick, affiliation }) => admit(ctx, room, joiner, nick, affiliation));
  hooks.on("pre-affiliations", ({ room, changes }) => checkGroupChanges(ctx, room, changes));
  hooks.on("room-destroyed", ({ room }) => forgetRoom(ctx, room));
  hooks.on(
    "affiliations-changed",
    ({ room, changes, actor }) => {
      for (const change of changes) showAffiliationChange(ctx, room, change, actor);
    },
    10,
  );
  hooks.on("affiliations-changed", ({ room, changes, previous, actor }) =>
    afterChanges(ctx, room, changes, previous, actor),
  );
  // A guest kicked ends the conversation with them (PROTOCOL §2 contact-as-group).
  hooks.on("kick", async ({ room, occupant, actor, reason }) => {
    if (!isGuest(occupant)) return undefined;
    await endGuest(ctx, room, occupant, "kicked", actor, reason);
    return true;
  });
  hooks.on("archive-reader", async ({ room, jid }) => {
    const through = await archiveReader(ctx, room, jid);
    return through ? { through } : {};
  });
  hooks.on("pre-register-nick", ({ room, nick }) => checkNotReserved(ctx, room, nick));
  // Members who are not in the room get its messages, nested groups' members included.
  addAbsentDelivery(ctx, (room) => reachOf(ctx, room));
  // A registration naming a group is that group's request to join (PROTOCOL §2).
  hooks.on("register-submit", async ({ room, from, form }) => {
    const group = form.text(GROUP_FIELD)?.trim();
    if (!group) return undefined;
    await askToJoin(ctx, room, from.bare, group, form.text("muc#register_faqentry"));
    return true;
  });
}
