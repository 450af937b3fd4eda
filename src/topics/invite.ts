// Mediated invitations to a topic (PROTOCOL §1): the invitee is added as a member and the room says
// so; the invitation itself is never forwarded (members learn of the topic by its messages and its
// subscription request). Declines need no answer: nobody was invited.
import { StanzaError } from "../xmpp/stanza-error.js";
import type { Inbound } from "../xmpp/router.js";
import { NS } from "../xmpp/ns.js";
import { parseJid } from "../xmpp/jid.js";
import { applyAffiliations } from "../muc/membership.js";
import { checkListSize } from "../muc/admin.js";
import { checkMemberCount } from "../muc/membership.js";
import type { TopicsContext } from "./context.js";

export async function onTopicInvitation(ctx: TopicsContext, s: Inbound): Promise<void> {
  const room = await ctx.rooms.find(s.to.bare);
  if (!room) throw new StanzaError("item-not-found", "This topic does not exist");
  const invites = s.stanza.getChild("x", NS.mucUser)!.getChildren("invite");
  if (!invites.length) return;
  if (s.from.bare !== room.record.owner)
    throw new StanzaError("forbidden", "Only the owner of this topic can add members");
  checkListSize(ctx, room, invites.length);
  const changes = invites.map((invite) => {
    const to = parseJid(invite.attrs.to);
    if (!to?.local)
      throw new StanzaError("jid-malformed", `"${invite.attrs.to ?? ""}" is not a user's address to add`);
    return { jid: to.bare, affiliation: "member" as const };
  });
  checkMemberCount(ctx.kind, room, changes);
  await applyAffiliations(ctx, room, changes, room.sessions.get(s.from.full)?.nick);
}
