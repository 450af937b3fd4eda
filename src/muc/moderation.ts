// XEP-0425 moderation: a moderator in the room retracts anyone's archived message. The room tells
// every occupant, from its own JID, naming the message by its stanza-id and the moderator as the
// room at large sees them (a group's member moderates as the group); the archive keeps a XEP-0424
// tombstone saying who moderated it and why (archive-follows.ts). In a topic the owner is its one
// moderator and her room's sessions its only occupants with sessions.
import * as errors from "./errors.js";
import type { Inbound } from "../xmpp/router.js";
import { NS } from "../xmpp/ns.js";
import { xml, type Element } from "../xmpp/xml.js";
import type { MucContext } from "./context.js";
import { broadcastMessage } from "./broadcast.js";
import { retracted } from "./archive-follows.js";

export async function onModerate(ctx: MucContext, s: Inbound): Promise<void> {
  const room = await ctx.rooms.find(s.to.bare);
  if (!room) throw errors.noSuchRoom();
  const moderator = room.sessions.get(s.from.full);
  if (moderator?.role !== "moderator") throw errors.onlyModeratorsRetract();
  const request = s.payload!;
  if (!request.getChild("retract", NS.retract)) throw errors.moderationWithoutRetract();
  const id = request.attrs.id ?? "";
  const original = id ? await ctx.archive.get(room.jid, id, ctx.retention.notBefore(room.config)) : undefined;
  if (!original) throw errors.noSuchArchivedMessage(id);

  const shown = ctx.views.shownAs(room, undefined, moderator);
  const moderated = xml(
    "moderated",
    { xmlns: NS.moderate, by: `${room.jid}/${shown.nick}` },
    xml("occupant-id", { xmlns: NS.occupantId, id: shown.occupantId }),
  );
  const reason = request.getChildText("reason");
  const why: Element[] = reason ? [xml("reason", {}, reason)] : [];
  const announcement = xml(
    "message",
    { type: "groupchat", from: room.jid, id: ctx.ids.next() },
    xml("retract", { xmlns: NS.retract, id }, moderated, ...why),
    xml("fallback", { xmlns: NS.fallback, for: NS.retract }),
    xml("body", {}, reason ? `A moderator removed a message: ${reason}` : "A moderator removed a message"),
  );
  await ctx.archive.update(room.jid, retracted(original, announcement, ctx.clock.now(), [moderated, ...why]));
  broadcastMessage(ctx, room, announcement);
}
