// Mediated invitations and declines (XEP-0045 §7.8.2, §7.8.3). In a members-only room an
// invitation by someone allowed to invite also makes the invitee a member, so they can enter.
import * as errors from "./errors.js";
import type { Inbound } from "../xmpp/router.js";
import { NS } from "../xmpp/ns.js";
import { parseJid } from "../xmpp/jid.js";
import { xml } from "../xmpp/xml.js";
import type { MucContext } from "./context.js";
import { applyAffiliations } from "./membership.js";
import { checkListSize } from "./admin.js";
import { invitation } from "./stanzas.js";

export function isInvitation(s: Inbound): boolean {
  const x = s.stanza.getChild("x", NS.mucUser);
  return !!x && (!!x.getChild("invite") || !!x.getChild("decline"));
}

export async function onInvitation(ctx: MucContext, s: Inbound): Promise<void> {
  const room = await ctx.rooms.find(s.to.bare);
  if (!room || room.record.locked) throw errors.noSuchRoom();
  const x = s.stanza.getChild("x", NS.mucUser)!;
  // One message may not carry more invitations and declines than a member list may hold: refused
  // from the count, before any address is read or any invitation goes out.
  checkListSize(ctx, room, x.getChildren("invite").length + x.getChildren("decline").length);
  for (const decline of x.getChildren("decline")) {
    const to = parseJid(decline.attrs.to);
    if (!to) throw errors.declineWithoutInviter();
    const reason = decline.getChildText("reason");
    ctx.out.sendEach(
      xml(
        "message",
        { from: room.jid, id: ctx.ids.next() },
        xml(
          "x",
          { xmlns: NS.mucUser },
          xml("decline", { from: s.from.bare }, reason ? xml("reason", {}, reason) : null),
        ),
      ),
      [to.full],
    );
  }
  const invites = x.getChildren("invite");
  if (!invites.length) return;
  const inviter = room.sessions.get(s.from.full);
  if (!inviter) throw errors.joinBeforeInviting();
  const mine = room.affiliationOf(s.from.bare);
  const privileged = mine === "owner" || mine === "admin";
  if (room.config.membersOnly && !privileged && !room.config.allowInvites) {
    throw errors.onlyAdminsInvite();
  }
  const invitees = invites.map((invite) => {
    const to = parseJid(invite.attrs.to);
    if (!to) throw errors.inviteeMalformed(invite.attrs.to ?? "");
    if (room.affiliationOf(to.bare) === "outcast") throw errors.inviteeBanned(to.bare);
    return { to, reason: invite.getChildText("reason") ?? undefined };
  });
  if (room.config.membersOnly) {
    const newcomers = invitees.filter((i) => room.affiliationOf(i.to.bare) === "none");
    if (newcomers.length) {
      await applyAffiliations(
        ctx,
        room,
        newcomers.map((i) => ({ jid: i.to.bare, affiliation: "member" as const })),
        inviter.nick,
      );
    }
  }
  for (const { to, reason } of invitees) {
    const text = `${inviter.nick} invites you to the room ${room.config.name} (${room.jid})${reason ? `: ${reason}` : ""}`;
    ctx.out.sendEach(invitation(room, ctx.ids.next(), s.from.bare, text, reason), [to.full]);
  }
}
