// Who sees whom as what: a port the room kind supplies. The core asks it whenever a viewer's
// picture of the room matters (presence, join sequence, messages, private messages, role lists,
// history); the default is XEP-0045's: everyone sees every occupant as themselves.
import * as errors from "./errors.js";
import type { Outbox } from "../xmpp/outbox.js";
import type { Occupant } from "./occupant.js";
import type { Room } from "./room.js";
import { occupantPresence, type PresenceOptions } from "./stanzas.js";
import type { Element } from "../xmpp/xml.js";

/** Who a viewer means by a nick: one occupant, or all those one shown occupant stands for. */
export interface Named {
  targets: Occupant[];
  /** Set when the nick is an occupant shown in place of `targets`. */
  standIn?: Occupant;
}

/** What views need of the room service: its outbox, to send each viewer their presence. (Not the
 * whole MucContext, which holds the views: the two modules would import each other.) */
export interface ViewContext {
  readonly out: Pick<Outbox, "sendEach">;
}

export interface Views {
  /** The occupant `viewer` sees in place of `subject` (undefined viewer: the room at large). */
  shownAs(room: Room, viewer: Occupant | undefined, subject: Occupant): Occupant;
  /** Every occupant `viewer` sees, themselves included, as it sees them. */
  visibleTo(room: Room, viewer: Occupant | undefined): Occupant[];
  /** Who `viewer` means by `nick`; item-not-found when nobody it sees. */
  named(room: Room, viewer: Occupant | undefined, nick: string): Named;
  /** The nick an occupant's presence addresses, as the room will read it. */
  nickOf(occupant: Occupant, asked: string): string;
  /** Sends `subject`'s presence to every other occupant, each as it sees the subject. */
  presenceToOthers(ctx: ViewContext, room: Room, subject: Occupant, options: PresenceOptions): void;
  /** A stand-in's own presence after a change to all it stands for (a role change). */
  standInChanged(ctx: ViewContext, room: Room, standIn: Occupant, options: PresenceOptions): void;
  /** Which of an archived message's renderings a reader admitted through `readerThrough` sees. */
  archived(record: { xml: string; through?: string; outside?: string }, readerThrough?: string): string;
}

/** XEP-0045 as written: one view of the room for everyone. */
export const plainViews: Views = {
  shownAs: (_room, _viewer, subject) => subject,
  visibleTo: (room) => [...room.occupants.values()],
  named(room, _viewer, nick) {
    const occupant = room.occupants.get(nick);
    if (!occupant) throw errors.nobodyNamed(nick);
    return { targets: [occupant] };
  },
  nickOf: (_occupant, asked) => asked,
  presenceToOthers(ctx, room, subject, options) {
    sendToViewers(ctx, room, subject, options, (viewer) => viewer !== subject);
  },
  standInChanged() {},
  archived: (record) => record.xml,
};

/** `subject`'s presence to the viewers `include` picks: real JIDs only to those who may see them. */
export function sendToViewers(
  ctx: ViewContext,
  room: Room,
  subject: Occupant,
  options: PresenceOptions,
  include: (viewer: Occupant) => boolean,
): void {
  const to = { seeing: [] as string[], blind: [] as string[] };
  for (const viewer of room.occupants.values()) {
    if (!include(viewer)) continue;
    const target = room.seesRealJids(viewer) ? to.seeing : to.blind;
    for (const jid of viewer.sessions.keys()) target.push(jid);
  }
  sendViews(ctx, (withJid) => occupantPresence(room, subject, withJid, options), to);
}

/** One presence build per kind of viewer (sees real JIDs or not), sent to each. */
export function sendViews(
  ctx: ViewContext,
  build: (withJid: boolean) => Element,
  to: { seeing: string[]; blind: string[] },
): void {
  if (to.seeing.length) ctx.out.sendEach(build(true), to.seeing);
  if (to.blind.length) ctx.out.sendEach(build(false), to.blind);
}
