// Room rules of groups.*: XEP-0045 rooms that can be members of one another (PROTOCOL §2).
import { StanzaError } from "../xmpp/stanza-error.js";
import { LimitError } from "../limits/limit-error.js";
import type { RoomRules } from "../muc/rules.js";
import { asGroups } from "./context.js";
import { afterChanges, checkGroupChanges } from "./edges.js";
import { admit, archiveReader, checkNotReserved } from "./entry.js";
import { endGuest, isGuest } from "./guests.js";
import { GROUP_FIELD, askToJoin } from "./requests.js";

export const groupRules: RoomRules = {
  createOnJoin(ctx, s) {
    const { settings } = ctx;
    if (settings.createRooms === "local" && !settings.localDomains.includes(s.from.domain)) {
      throw new StanzaError(
        "not-allowed",
        `Only users of ${settings.localDomains.join(", ")} can create rooms here`,
      );
    }
    const config = { ...settings.defaults, name: s.to.local };
    return ctx.rooms.create(s.to.bare, s.from.bare, "group", config);
  },
  checkEntry() {},
  admit: (ctx, room, joiner, nick, affiliation) => admit(asGroups(ctx), room, joiner, nick, affiliation),
  checkAffiliations: (ctx, room, changes) => checkGroupChanges(asGroups(ctx), room, changes),
  showAffiliationChange: () => false,
  afterAffiliations: (ctx, room, changes, previous, actor) =>
    afterChanges(asGroups(ctx), room, changes, previous, actor),
  kickRemovesMember: false,
  async onKick(ctx, room, occupant, actor, reason) {
    if (!isGuest(occupant)) return false;
    await endGuest(asGroups(ctx), room, occupant, "kicked", actor, reason);
    return true;
  },
  checkArchiveReader: (ctx, room, jid) => archiveReader(asGroups(ctx), room, jid),
  enforceConfig: (config) => config,
  registration: true,
  checkRegisteredNick: (ctx, room, nick) => checkNotReserved(asGroups(ctx), room, nick),
  registrationFields: [
    {
      var: GROUP_FIELD,
      type: "jid-single",
      label: "Or: the room JID of a group of yours that should join as one member",
    },
  ],
  async onRegistration(ctx, room, from, form) {
    const group = form.text(GROUP_FIELD)?.trim();
    if (!group) return false;
    await askToJoin(asGroups(ctx), room, from.bare, group, form.text("muc#register_faqentry"));
    return true;
  },
  memberLimit: (ctx, room) => Math.min(room.config.maxMembers, ctx.settings.maxMembers),
  memberLimitError: (limit) =>
    new LimitError("room-members", "not-allowed", `This room has reached its limit of ${limit} members`),
};
