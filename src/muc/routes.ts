// The room service's route table: which stanza, to which address, carrying what, goes where.
// Order matters only where two routes could match the same stanza; the first match wins.
import { isVoiceRequest, refuseVoiceRequest } from "./voice.js";
import type { Route } from "../xmpp/router.js";
import { NS } from "../xmpp/ns.js";
import type { MucContext } from "./context.js";
import { getAdminList, setAdminItems } from "./admin.js";
import { roomInfo, roomItems, serviceInfo, serviceItems } from "./disco.js";
import { onGroupchat } from "./groupchat.js";
import { isInvitation, onInvitation } from "./invite.js";
import { getMamForm, queryMam } from "./mam.js";
import { getRoomVcard, serviceVcard, setRoomVcard } from "./avatar.js";
import { onModerate } from "./moderation.js";
import { getConfig, setOwner } from "./owner.js";
import { onAvailable, onBounce, onUnavailable } from "./presence.js";
import { onOccupantPing, onPrivateMessage } from "./private.js";
import { getRegistration, setRegistration } from "./register.js";
import { isRegistrationAnswer, onRegistrationAnswer } from "./registration-requests.js";
import { versionResult } from "../service/basics.js";
import * as errors from "./errors.js";

export interface ServiceIdentity {
  name: string;
  version: string;
}

export function mucRoutes(ctx: MucContext, service: ServiceIdentity): Route[] {
  const iq = (
    name: string,
    types: string[],
    to: Route["to"],
    payload: { name: string; ns: string },
    handle: Route["handle"],
  ): Route => ({
    name,
    kind: "iq",
    types,
    to,
    payload,
    handle,
  });
  return [
    // The service JID.
    iq("service disco#info", ["get"], ["service"], { name: "query", ns: NS.discoInfo }, (s) => {
      if (s.payload?.attrs.node) throw errors.noSuchServiceNode();
      return serviceInfo(service.name);
    }),
    iq("service disco#items", ["get"], ["service"], { name: "query", ns: NS.discoItems }, (s) =>
      serviceItems(ctx, s),
    ),
    // XEP-0486 §3.1: the service says it has vCards; its own names it (clients show it as the
    // sender of absent members' copies).
    iq("service vCard", ["get"], ["service"], { name: "vCard", ns: NS.vcard }, () =>
      serviceVcard(service.name),
    ),
    iq("ping", ["get"], ["service", "bare"], { name: "ping", ns: NS.ping }, () => undefined),
    iq("version", ["get"], ["service"], { name: "query", ns: NS.version }, () =>
      versionResult(service.version),
    ),

    // Rooms.
    iq("room disco#info", ["get"], ["bare"], { name: "query", ns: NS.discoInfo }, (s) => roomInfo(ctx, s)),
    iq("room disco#items", ["get"], ["bare"], { name: "query", ns: NS.discoItems }, (s) => roomItems(ctx, s)),
    iq("admin list", ["get"], ["bare"], { name: "query", ns: NS.mucAdmin }, (s) => getAdminList(ctx, s)),
    iq("admin change", ["set"], ["bare"], { name: "query", ns: NS.mucAdmin }, (s) => setAdminItems(ctx, s)),
    iq("owner config form", ["get"], ["bare"], { name: "query", ns: NS.mucOwner }, (s) => getConfig(ctx, s)),
    iq("owner set", ["set"], ["bare"], { name: "query", ns: NS.mucOwner }, (s) => setOwner(ctx, s)),
    iq("register form", ["get"], ["bare"], { name: "query", ns: NS.register }, (s) =>
      getRegistration(ctx, s),
    ),
    iq("register", ["set"], ["bare"], { name: "query", ns: NS.register }, (s) => setRegistration(ctx, s)),
    iq("room vCard", ["get"], ["bare"], { name: "vCard", ns: NS.vcard }, (s) => getRoomVcard(ctx, s)),
    iq("room vCard set", ["set"], ["bare"], { name: "vCard", ns: NS.vcard }, (s) => setRoomVcard(ctx, s)),
    iq("mam form", ["get"], ["bare"], { name: "query", ns: NS.mam }, (s) => getMamForm(ctx, s)),
    iq("mam query", ["set"], ["bare"], { name: "query", ns: NS.mam }, (s) => queryMam(ctx, s)),
    iq("moderate", ["set"], ["bare"], { name: "moderate", ns: NS.moderate }, (s) => onModerate(ctx, s)),

    // Occupants.
    iq("self-ping", ["get"], ["full"], { name: "ping", ns: NS.ping }, (s) => onOccupantPing(ctx, s)),
    {
      name: "occupant iq",
      kind: "iq",
      types: ["get", "set"],
      to: ["full"],
      handle: async (s) => {
        // XEP-0045 §7.5: queries to occupants are for occupants; others get bad-request.
        const room = await ctx.rooms.find(s.to.bare);
        if (!room?.sessions.has(s.from.full)) throw errors.occupantQueryFromOutside();
        throw errors.occupantQueriesNotRelayed();
      },
    },
    {
      name: "join / update",
      kind: "presence",
      types: [""],
      to: ["full"],
      handle: (s) => onAvailable(ctx, s),
    },
    {
      name: "leave",
      kind: "presence",
      types: ["unavailable"],
      to: ["full"],
      handle: (s) => onUnavailable(ctx, s),
    },
    {
      name: "presence bounce",
      kind: "presence",
      types: ["error"],
      to: ["full"],
      handle: (s) => onBounce(ctx, s),
    },
    { name: "message bounce", kind: "message", types: ["error"], handle: (s) => onBounce(ctx, s) },
    {
      name: "join without nick",
      kind: "presence",
      types: [""],
      to: ["bare"],
      when: (s) => !!s.stanza.getChild("x", NS.muc),
      handle: () => {
        throw errors.nickMissing();
      },
    },
    {
      name: "groupchat to an occupant",
      kind: "message",
      types: ["groupchat"],
      to: ["full"],
      handle: () => {
        throw errors.groupchatToOccupant();
      },
    },
    {
      name: "groupchat",
      kind: "message",
      types: ["groupchat"],
      to: ["bare"],
      handle: (s) => onGroupchat(ctx, s),
    },
    {
      name: "private message",
      kind: "message",
      types: ["chat", "normal", ""],
      to: ["full"],
      handle: (s) => onPrivateMessage(ctx, s),
    },
    {
      name: "invitation",
      kind: "message",
      types: ["normal", ""],
      to: ["bare"],
      when: isInvitation,
      handle: (s) => onInvitation(ctx, s),
    },
    {
      name: "voice request",
      kind: "message",
      types: ["normal", ""],
      to: ["bare"],
      when: isVoiceRequest,
      handle: refuseVoiceRequest,
    },
    {
      name: "registration answer",
      kind: "message",
      types: ["normal", ""],
      to: ["bare"],
      when: isRegistrationAnswer,
      handle: (s) => onRegistrationAnswer(ctx, s),
    },
    {
      name: "other message to room",
      kind: "message",
      types: ["chat", "normal", ""],
      to: ["bare"],
      handle: () => {
        throw errors.notGroupchat();
      },
    },
    {
      name: "message to service",
      kind: "message",
      types: ["chat", "normal", ""],
      to: ["service"],
      handle: () => {
        throw errors.messageToService();
      },
    },
  ];
}
