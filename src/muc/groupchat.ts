// Messages to the room (XEP-0045 §7.4) and subject changes (§8.1). A message is stamped with a
// XEP-0359 stanza-id and XEP-0421 occupant-id, archived, then reflected to every occupant,
// the sender included, with the id the sender gave it.
import { isStateOnly, stateOf, withoutState } from "../chatstates/states.js";
import * as errors from "./errors.js";
import type { Inbound } from "../xmpp/router.js";
import { NS } from "../xmpp/ns.js";
import { xml, type Element } from "../xmpp/xml.js";
import type { MucContext } from "./context.js";
import type { Occupant } from "./occupant.js";
import type { Room } from "./room.js";
import { broadcastFrom, broadcastMessage } from "./broadcast.js";
import { corrected, retracted } from "./archive-follows.js";
import { scrubbed, type Hidden } from "./scrub.js";
import type { ArchiveRecord } from "../store/archive.js";

export async function onGroupchat(ctx: MucContext, s: Inbound): Promise<void> {
  const room = await ctx.rooms.find(s.to.bare);
  if (!room) throw errors.noSuchRoom();
  const sender = room.sessions.get(s.from.full);
  if (!sender) throw errors.notInRoom();
  await ctx.hooks.run("pre-message", { room, sender, stanza: s.stanza });
  const subject = s.stanza.getChild("subject");
  if (subject && !s.stanza.getChild("body"))
    return changeSubject(ctx, room, sender, s.stanza, subject.getText());
  await publish(ctx, room, sender, s.stanza);
}

async function changeSubject(ctx: MucContext, room: Room, sender: Occupant, stanza: Element, text: string) {
  if (sender.role !== "moderator" && !room.config.changeSubject) {
    throw errors.onlyModeratorsSetSubject();
  }
  // Someone admitted through a member sets it as shown to the room at large, to everyone, on every join.
  const shown = ctx.views.shownAs(room, undefined, sender);
  room.record.subject = { text, nick: shown.nick, at: ctx.clock.now() };
  await ctx.rooms.saveRecord(room);
  broadcastMessage(ctx, room, roomCopy(room, shown, stanza));
}

/** Stamps, archives and broadcasts one occupant message (two copies for someone admitted through a
 * member: as those who see them as themselves get it, and from whoever is shown in their place
 * for everyone else). Chat states pass the policy first (PROTOCOL §3); a state alone that may not
 * go ends here. */
export async function publish(ctx: MucContext, room: Room, sender: Occupant, sent: Element): Promise<void> {
  const stanza = ctx.chatStates.fromSender({
    sender: sender.bareJid,
    conversation: room.jid,
    stanza: sent,
    size: room.occupants.size - 1,
    dropGone: true,
  });
  if (!stanza) return;
  const shown = ctx.views.shownAs(room, undefined, sender);
  // Those who see the sender as someone else see nobody else hidden from them named either.
  const hidden = shown !== sender ? hiddenIn(ctx, room) : undefined;
  // A correction or retraction of the sender's own archived message rewrites it in the archive
  // (archive-follows.ts) instead of being archived itself.
  const follows = await archiveFollowing(ctx, room, sender, stanza, hidden);
  // Only what is archived gets a stanza-id (XEP-0359 §5): an id naming nothing in the archive
  // would invite clients to page or mark by it.
  const archived = !follows && isArchivable(stanza);
  const id = ctx.ids.next();
  const stamp = (message: Element) => {
    if (archived) message.append(xml("stanza-id", { xmlns: NS.sid, id, by: room.jid }));
    return message;
  };
  const message = stamp(roomCopy(room, sender, stanza));
  const outside = hidden ? stamp(scrubbed(roomCopy(room, shown, stanza), room.jid, hidden)) : undefined;
  const stored = archived
    ? ctx.archive.append(
        room.jid,
        {
          v: 1,
          id,
          at: ctx.clock.now(),
          nick: sender.nick,
          jid: sender.bareJid,
          // A chat state belongs to its moment; MAM and history get the message without it.
          xml: withoutState(message).toString(),
          ...(sender.through && outside
            ? { through: sender.through.member, outside: withoutState(outside).toString() }
            : {}),
        },
        senderIds(stanza),
      )
    : follows && ctx.archive.update(room.jid, follows);
  const corrects = follows && !stanza.getChild("retract", NS.retract) ? follows.id : undefined;
  if (archived || corrects) {
    // What the kind does with a lasting message (groups reach absent members) is as durable as the
    // archive entry before anyone in the room sees the message.
    const rendered = { room, sender, inside: message, ...(outside ? { outside } : {}) };
    const event = { ...rendered, ...(archived ? { id } : {}), ...(corrects ? { corrects } : {}) };
    await Promise.all([stored, ctx.hooks.run("message-stored", event)]);
  } else await stored;
  broadcastFrom(ctx, room, sender, message, outside && outsideState(ctx, room, sender, stanza, outside));
}

/** The archived message a correction (by the sender's own id) or a retraction (by the room's
 * stanza-id, XEP-0424 for groupchat) of the sender's own makes, rewritten; undefined otherwise. */
async function archiveFollowing(
  ctx: MucContext,
  room: Room,
  sender: Occupant,
  stanza: Element,
  hidden: readonly Hidden[] | undefined,
): Promise<ArchiveRecord | undefined> {
  const replace = stanza.getChild("replace", NS.correct)?.attrs.id;
  const retract = stanza.getChild("retract", NS.retract);
  const id = retract?.attrs.id ?? replace;
  if (!id) return undefined;
  const original = await ctx.archive.findBySender(
    room.jid,
    sender.bareJid,
    id,
    ctx.retention.notBefore(room.config),
  );
  if (!original) return undefined;
  if (retract) return retracted(original, stanza, ctx.clock.now());
  return corrected(original, stanza, hidden && scrubbed(stanza, room.jid, hidden));
}

/** The outside copy as it may go: one occupant standing for several (a group's) carries none of
 *  their chat states, since one's `active` would clear another's typing, and a typing fellow who
 *  leaves would leave it typing; a state alone then goes to nobody outside (null). */
function outsideState(
  ctx: MucContext,
  room: Room,
  sender: Occupant,
  stanza: Element,
  outside: Element,
): Element | null {
  if (!stateOf(stanza)) return outside;
  const shown = ctx.views.shownAs(room, undefined, sender);
  const others = [...room.occupants.values()].some(
    (o) => o !== sender && ctx.views.shownAs(room, undefined, o) === shown,
  );
  if (!others) return outside;
  return isStateOnly(stanza) ? null : withoutState(outside);
}

/** The occupants the room at large sees as someone else, and as whom. */
export function hiddenIn(ctx: MucContext, room: Room): Hidden[] {
  const hidden: Hidden[] = [];
  for (const occupant of room.occupants.values()) {
    const shown = ctx.views.shownAs(room, undefined, occupant);
    if (shown !== occupant)
      hidden.push({ nick: occupant.nick, bareJid: occupant.bareJid, shownAs: shown.nick });
  }
  return hidden;
}

/** The room's copy of an occupant's stanza: from the occupant JID, with what must not be forged removed. */
function roomCopy(room: Room, sender: Occupant, stanza: Element): Element {
  const message = xml("message", {
    type: "groupchat",
    from: `${room.jid}/${sender.nick}`,
    id: stanza.attrs.id,
  });
  for (const child of stanza.getChildElements()) {
    if (child.is("stanza-id", NS.sid) && child.attrs.by === room.jid) continue; // XEP-0359 §3.1: never trust a claimed id
    if (child.is("occupant-id", NS.occupantId)) continue; // XEP-0421 §4: replace any the client sent
    if (child.is("x", NS.mucUser)) continue;
    message.append(child);
  }
  message.append(xml("occupant-id", { xmlns: NS.occupantId, id: sender.occupantId }));
  return message;
}

/** The ids the sender's client knows a message by: its `id` and its XEP-0359 origin-id. */
export function senderIds(stanza: Element): string[] {
  const ids = [stanza.attrs.id, stanza.getChild("origin-id", NS.sid)?.attrs.id];
  return ids.filter((id): id is string => !!id);
}

/** XEP-0313 §7: archive messages with a body or other lasting content; not bare chat states. */

export function isArchivable(stanza: Element): boolean {
  if (stanza.getChild("no-store", NS.hints) || stanza.getChild("no-permanent-store", NS.hints)) return false;
  // A XEP-0444 reaction is kept when its sender asks (XEP-0334 <store/>). Markers and receipts
  // with the same hint (Conversations sends it) are not: they would fill history with no text.
  if (stanza.getChild("store", NS.hints) && stanza.getChild("reactions", NS.reactions)) return true;
  return stanza
    .getChildElements()
    .some((c) => c.name === "body" || c.name === "subject" || c.attrs.xmlns === "jabber:x:oob");
}
