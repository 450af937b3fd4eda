// Mediated invitations to a topic (PROTOCOL §1): the invitee is added as a member and the room says
// so; the invitation itself is never forwarded (members learn of the topic by its messages and its
// subscription request). Declines need no answer: nobody was invited.
import type { Inbound } from "../xmpp/router.js";
import { NS } from "../xmpp/ns.js";
import { parseJid } from "../xmpp/jid.js";
import { applyAffiliations } from "../muc/membership.js";
import { checkListSize } from "../muc/admin.js";
import { checkMemberCount } from "../muc/membership.js";
import type { TopicsContext } from "./context.js";
import * as errors from "./errors.js";

export async function onTopicInvitation(ctx: TopicsContext, s: Inbound): Promise<void> {
  const room = await ctx.rooms.find(s.to.bare);
  if (!room) throw errors.noSuchTopic();
  const invites = s.stanza.getChild("x", NS.mucUser)!.getChildren("invite");
  if (!invites.length) return;
  if (s.from.bare !== room.record.owner) throw errors.onlyOwnerAddsMembers();
  checkListSize(ctx, room, invites.length);
  const changes = invites.map((invite) => {
    const to = parseJid(invite.attrs.to);
    if (!to?.local) throw errors.notUserAddress(invite.attrs.to ?? "");
    return { jid: to.bare, affiliation: "member" as const };
  });
  checkMemberCount(ctx.kind, room, changes);
  await applyAffiliations(ctx, room, changes, room.sessions.get(s.from.full)?.nick);
}
