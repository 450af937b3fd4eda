// Room rules of groups.*: plain XEP-0045 (nesting comes with issue 4).
import { StanzaError } from "../xmpp/stanza-error.js";
import type { RoomRules } from "../muc/rules.js";

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
  checkAffiliations() {},
  showAffiliationChange: () => false,
  kickRemovesMember: false,
  checkArchiveReader(room, jid) {
    const mine = room.affiliationOf(jid);
    if (mine === "outcast") throw new StanzaError("forbidden", "You are banned from this room");
    if (room.config.membersOnly && mine === "none")
      throw new StanzaError("forbidden", "Only members can read the archive of this members-only room");
  },
  enforceConfig: (config) => config,
  registration: true,
  memberLimit: (ctx, room) => Math.min(room.config.maxMembers, ctx.settings.maxMembers),
  memberLimitError: (limit) =>
    new StanzaError("not-allowed", `This room has reached its limit of ${limit} members`),
};
