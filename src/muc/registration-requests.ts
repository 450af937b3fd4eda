// Requests to register with a members-only room (XEP-0045 §9.9): each owner and admin gets the
// request as a form (answered by sending it back to the room) and, for clients that show no such
// form, a chat from the service naming the `pending-registrations` command that answers it too.
import * as errors from "./errors.js";
import type { Inbound } from "../xmpp/router.js";
import { NS } from "../xmpp/ns.js";
import { buildForm, readForm, type SubmittedForm } from "../xmpp/forms.js";
import { parseJid } from "../xmpp/jid.js";
import { xml } from "../xmpp/xml.js";
import type { MucContext } from "./context.js";
import type { Room } from "./room.js";
import type { RegistrationRequest } from "../store/registrations.js";
import { applyAffiliations } from "./membership.js";
import { noticeFromService, roomLabel, tellApproversFromService } from "./service-notices.js";

export const NICK = "muc#register_roomnick";
const ALLOW = "muc#register_allow";
const JID = "muc#jid";
/** The room command that lists and settles pending registrations (offered by the kind). */
export const REGISTRATIONS_COMMAND = "pending-registrations";

/** The room a registration stanza is for, if it takes registrations. */
export async function registrationRoom(ctx: MucContext, s: Inbound): Promise<Room> {
  const room = await ctx.rooms.find(s.to.bare);
  if (!room || room.record.locked) throw errors.noSuchRoom();
  if (ctx.kind.registrationRefused) throw errors.registrationRefused(ctx.kind.registrationRefused);
  return room;
}

/** §9.9: each owner and admin receives the request as a form to approve or deny. */
export function notifyApprovers(
  ctx: MucContext,
  room: Room,
  jid: string,
  nick: string,
  fields: Record<string, string>,
): void {
  const asks = `${jid} asks to become a member of ${room.config.name || room.jid} as "${nick}".`;
  const form = buildForm({
    type: "form",
    formType: NS.mucRegister,
    title: "Registration request",
    instructions: `${asks} Allow?`,
    fields: [
      { var: JID, type: "jid-single", label: "User", values: [jid] },
      { var: NICK, type: "text-single", label: "Nickname", values: [nick] },
      ...Object.entries(fields).map(([name, value]) => ({
        var: name,
        type: "text-single" as const,
        values: [value],
      })),
      { var: ALLOW, type: "boolean", label: "Allow this person to register with the room?", values: ["0"] },
    ],
  });
  const message = xml(
    "message",
    { from: room.jid, id: ctx.ids.next() },
    xml("body", {}, `${asks} Answer with the attached form.`),
    form,
  );
  ctx.out.sendEach(message, room.jidsWith("owner", "admin"));
  tellApproversFromService(
    ctx,
    room,
    `${jid} asks to become a member of ${roomLabel(room)} as "${nick}". To answer, run the command ` +
      `"Answer requests to become a member" (${REGISTRATIONS_COMMAND}) on ${room.jid}.`,
  );
}

/** A submitted §9.9 form from an owner or admin, sent as a message to the room. */
export function isRegistrationAnswer(s: Inbound): boolean {
  const form = readForm(s.stanza);
  return form?.formType === NS.mucRegister && form.type === "submit";
}

export async function onRegistrationAnswer(ctx: MucContext, s: Inbound): Promise<void> {
  const room = await registrationRoom(ctx, s);
  mustApprove(room, s.from.bare);
  const form = readForm(s.stanza) as SubmittedForm;
  const jid = parseJid(form.text(JID))?.bare;
  if (!jid) throw errors.answerWithoutRequester(JID);
  const allow = form.boolean(ALLOW);
  if (allow === undefined) throw errors.answerWithoutAllow(ALLOW);
  const done = await settleRegistration(ctx, room, s.from.bare, jid, allow);
  // The form came back as a message, which has no answer of its own: say what it did.
  noticeFromService(ctx, [s.from.full], `${roomLabel(room)}: ${done}`);
}

function mustApprove(room: Room, approver: string): void {
  const mine = room.affiliationOf(approver);
  if (mine !== "owner" && mine !== "admin") throw errors.onlyAdminsAnswerRegistrations();
}

/** Pending registrations of a room, oldest first. */
export async function pendingRegistrations(ctx: MucContext, room: Room): Promise<RegistrationRequest[]> {
  return (await ctx.registrations.list(room.jid)).sort((a, b) => a.at - b.at);
}

/** Approves or declines one pending registration, tells the requester, and says what was done. */
export async function settleRegistration(
  ctx: MucContext,
  room: Room,
  approver: string,
  jid: string,
  allow: boolean,
): Promise<string> {
  mustApprove(room, approver);
  const request = await ctx.registrations.get(room.jid, jid);
  if (!request) throw errors.noSuchRegistration(jid);
  if (allow) await applyAffiliations(ctx, room, [{ jid, affiliation: "member", nick: request.nick }]);
  await ctx.registrations.delete(room.jid, jid);
  const outcome = allow
    ? `Your registration with ${roomLabel(room)} was approved: you are a member, with the nickname "${request.nick}".`
    : `Your registration with ${roomLabel(room)} was declined.`;
  noticeFromService(ctx, [jid], outcome);
  return allow ? `${jid} is now a member, as "${request.nick}".` : `The registration of ${jid} was declined.`;
}
