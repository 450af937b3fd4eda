// Service discovery (XEP-0030) for the room service and its rooms: identities, the features that
// describe each room (XEP-0045 §6.4), the muc#roominfo form (§15.5.4), and public rooms only in items.
import * as errors from "./errors.js";
import type { Inbound } from "../xmpp/router.js";
import { NS } from "../xmpp/ns.js";
import { buildForm } from "../xmpp/forms.js";
import { xml, type Element } from "../xmpp/xml.js";
import type { MucContext } from "./context.js";

export async function roomInfo(ctx: MucContext, s: Inbound): Promise<Element> {
  if (s.payload?.attrs.node) throw errors.noSuchRoomNode();
  const room = await ctx.rooms.find(s.to.bare);
  if (!room || (room.record.locked && room.affiliationOf(s.from.bare) !== "owner")) {
    throw errors.noSuchRoom();
  }
  const c = room.config;
  const features = [
    NS.muc,
    NS.discoInfo,
    // Advertising registration where a kind takes none would make clients try (Converse does).
    ...(ctx.kind.registrationRefused ? [] : [NS.register]),
    NS.mam,
    NS.sid,
    NS.occupantId,
    NS.commands,
    NS.vcard,
    // Corrections, retractions and reactions pass as in any MUC, the archive follows them
    // (archive-follows.ts), and moderators retract others' messages (moderation.ts).
    NS.correct,
    NS.retract,
    NS.reactions,
    NS.moderate,
    "http://jabber.org/protocol/muc#stable_id",
    "http://jabber.org/protocol/muc#self-ping-optimization",
    c.persistent ? "muc_persistent" : "muc_temporary",
    c.public ? "muc_public" : "muc_hidden",
    c.membersOnly ? "muc_membersonly" : "muc_open",
    c.moderated ? "muc_moderated" : "muc_unmoderated",
    c.whois === "anyone" ? "muc_nonanonymous" : "muc_semianonymous",
    "muc_unsecured",
    ...(ctx.kind.features ?? []),
  ];
  const subject = room.record.subject?.text ?? "";
  return xml(
    "query",
    { xmlns: NS.discoInfo },
    xml("identity", { category: "conference", type: "text", name: c.name }),
    ...[...new Set(features)].map((f) => xml("feature", { var: f })),
    buildForm({
      type: "result",
      formType: NS.mucRoomInfo,
      fields: [
        { var: "muc#roominfo_description", label: "Description", values: [c.description] },
        { var: "muc#roominfo_subject", label: "Subject", values: [subject] },
        {
          var: "muc#roominfo_occupants",
          label: "Number of occupants",
          // As the room at large sees them (the kind's views may show one occupant for several).
          values: [String(ctx.views.visibleTo(room, undefined).length)],
        },
        { var: "muc#roomconfig_roomname", label: "Name", values: [c.name] },
        { var: "muc#roominfo_logs", label: "Archive", values: [] },
        // XEP-0486: clients fetch the vCard only when this hash is new to them.
        {
          var: "muc#roominfo_avatarhash",
          type: "text-multi" as const, // XEP-0486's registry: one hash per PHOTO
          label: "Avatar hash",
          values: room.record.avatar ? [room.record.avatar.hash] : [],
        },
        {
          var: "muc#roomconfig_changesubject",
          label: "Occupants may change the subject",
          values: [c.changeSubject ? "1" : "0"],
        },
      ].filter((f) => f.values.length > 0),
    }),
  );
}

/** Occupant lists are not published: a hidden or semi-anonymous room must not leak who is inside. */
export async function roomItems(ctx: MucContext, s: Inbound): Promise<Element> {
  const room = await ctx.rooms.find(s.to.bare);
  if (!room) throw errors.noSuchRoom();
  return xml("query", { xmlns: NS.discoItems });
}

export function serviceInfo(name: string, extraFeatures: string[] = []): Element {
  const features = [
    NS.discoInfo,
    NS.discoItems,
    NS.muc,
    NS.ping,
    NS.version,
    NS.sid,
    NS.occupantId,
    NS.commands,
    NS.vcard,
    ...extraFeatures,
  ];
  return xml(
    "query",
    { xmlns: NS.discoInfo },
    xml("identity", { category: "conference", type: "text", name }),
    ...features.map((f) => xml("feature", { var: f })),
  );
}

export async function serviceItems(ctx: MucContext, s: Inbound): Promise<Element> {
  if (s.payload?.attrs.node) throw errors.noSuchServiceNode();
  const rooms = await ctx.rooms.publicRooms(ctx.settings.domain);
  rooms.sort((a, b) => a.jid.localeCompare(b.jid));
  return xml(
    "query",
    { xmlns: NS.discoItems },
    ...rooms.map((r) => xml("item", { jid: r.jid, name: r.name })),
  );
}
