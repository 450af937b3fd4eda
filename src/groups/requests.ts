// A group asks to join a room (PROTOCOL §2): by the `join-as-group` command or a registration with
// the group field. The room's owners and admins get a form; their answer (the form sent back, or the
// `pending-requests` command) settles it. Requests are stored until answered.
import type { Inbound } from "../xmpp/router.js";
import { NS } from "../xmpp/ns.js";
import { buildForm, readForm, type SubmittedForm } from "../xmpp/forms.js";
import { parseJid } from "../xmpp/jid.js";
import { xml } from "../xmpp/xml.js";
import { applyAffiliations } from "../muc/membership.js";
import type { Room } from "../muc/room.js";
import type { GroupRequest } from "../store/registrations.js";
import { noticeFromService, roomLabel, tellApproversFromService } from "../muc/service-notices.js";
import type { GroupsContext } from "./context.js";
import { checkGroupChanges } from "./edges.js";
import { labelOf } from "./entry.js";
import * as errors from "./errors.js";

export const GROUP_REQUEST = `${NS.manifold}#group-request`;
/** The registration form field naming the group that asks to join. */
export const GROUP_FIELD = `${NS.manifold}#group`;

/** Who may speak for a group: its members, or only its owners and admins if it says so. */
function checkMaySpeakFor(group: Room, jid: string): void {
  const mine = group.affiliationOf(jid);
  const admins = group.config.groupRequests === "admins";
  const allowed = admins ? mine === "owner" || mine === "admin" : mine !== "none" && mine !== "outcast";
  if (!allowed) {
    throw admins ? errors.onlyAdminsAskForGroup(group.jid) : errors.onlyMembersAskForGroup(group.jid);
  }
}

/** The group named in a request: a room of this service, as a bare JID. */
function groupJid(ctx: GroupsContext, text: string | undefined): string {
  const jid = parseJid(text?.trim());
  if (!jid?.local || jid.resource) throw errors.notRoomJid(text ?? "", ctx.settings.domain);
  if (jid.domain !== ctx.settings.domain) throw errors.roomElsewhere(jid.bare, ctx.settings.domain);
  return jid.bare;
}

/**
 * A request for `groupText` to join `room`, from `requester`. Owners and admins of the room add the
 * group at once; anyone else's request is stored and sent to them. Returns what to tell the requester.
 */
export async function askToJoin(
  ctx: GroupsContext,
  room: Room,
  requester: string,
  groupText: string | undefined,
  reason?: string,
): Promise<string> {
  const jid = groupJid(ctx, groupText);
  const group = await ctx.rooms.find(jid);
  if (!group || group.record.locked) throw errors.noRoomHere(jid);
  checkMaySpeakFor(group, requester);
  const current = room.affiliationOf(jid);
  if (current === "outcast") throw errors.groupBanned(jid, room.jid);
  if (current !== "none") throw errors.groupAlreadyMember(jid, room.jid);
  const label = await labelOf(ctx, jid);
  const name = room.config.name || room.jid;
  const mine = room.affiliationOf(requester);
  if (mine === "owner" || mine === "admin") {
    await applyAffiliations(ctx, room, [{ jid, affiliation: "member", kind: "room" }]);
    return `${label} is now a member of ${name}.`;
  }
  if (await ctx.registrations.getGroup(room.jid, jid)) throw errors.requestWaiting(jid, room.jid);
  const pending = await ctx.registrations.listGroups(room.jid);
  if (pending.length >= ctx.groups.settings.maxPendingRequests) {
    throw errors.tooManyRequests(room.jid, pending.length);
  }
  // The same checks an approval will make, so a request that can never be approved is refused now.
  await checkGroupChanges(ctx, room, [{ jid, affiliation: "member", kind: "room" }]);
  const limit = ctx.kind.memberLimit(room);
  if (room.memberCount() >= limit) throw ctx.kind.memberLimitError(limit);
  const request: GroupRequest = {
    v: 1,
    group: jid,
    requester,
    at: ctx.clock.now(),
    ...(reason?.trim() ? { reason: reason.trim().slice(0, 2000) } : {}),
  };
  await ctx.registrations.putGroup(room.jid, request);
  notifyApprovers(ctx, room, request, label);
  return `Your request for ${label} to join ${name} was sent to its owners and admins. You will be told their answer.`;
}

/** Each owner and admin of the room gets the request in words and as a form to send back. */
function notifyApprovers(ctx: GroupsContext, room: Room, request: GroupRequest, label: string): void {
  const name = room.config.name || room.jid;
  const text = `${request.requester} asks for the group ${label} (${request.group}) to join ${name}${request.reason ? `: ${request.reason}` : ""}. Answer with the attached form, or with the pending-requests command.`;
  const form = buildForm({
    type: "form",
    formType: GROUP_REQUEST,
    title: `${label} asks to join ${name}`,
    instructions: text,
    fields: [
      { var: "group", type: "jid-single", label: "Group", values: [request.group] },
      { var: "requester", type: "jid-single", label: "Asked by", values: [request.requester] },
      ...(request.reason
        ? [{ var: "reason", type: "text-multi" as const, label: "Reason", values: [request.reason] }]
        : []),
      { var: "approve", type: "boolean", label: `Let ${label} join as a member?`, values: ["0"] },
    ],
  });
  const message = xml(
    "message",
    { from: room.jid, type: "normal", id: ctx.ids.next() },
    xml("body", {}, text),
    form,
  );
  ctx.out.sendEach(message, room.jidsWith("owner", "admin"));
  tellApproversFromService(
    ctx,
    room,
    `${request.requester} asks for the group ${label} (${request.group}) to join ${roomLabel(room)}. ` +
      `To answer, run the command "Answer requests of groups to join this room" (pending-requests) on ${room.jid}.`,
  );
}

/** Settles one pending request; returns what to tell the approver. */
export async function settle(
  ctx: GroupsContext,
  room: Room,
  approver: string,
  group: string,
  approve: boolean,
): Promise<string> {
  const mine = room.affiliationOf(approver);
  if (mine !== "owner" && mine !== "admin") throw errors.onlyAdminsAnswer();
  const request = await ctx.registrations.getGroup(room.jid, group);
  if (!request) throw errors.noSuchRequest(group);
  const label = await labelOf(ctx, group);
  const name = room.config.name || room.jid;
  if (approve) {
    // Checked again as when it was asked: since then the group may have been banned here, or the
    // requester may have lost the right to speak for it. The approver can still decline it.
    const groupRoom = await ctx.rooms.find(group);
    if (!groupRoom || groupRoom.record.locked) throw errors.noRoomHere(group);
    checkMaySpeakFor(groupRoom, request.requester);
    if (room.affiliationOf(group) === "outcast") throw errors.groupBanned(group, room.jid);
    await applyAffiliations(ctx, room, [{ jid: group, affiliation: "member", kind: "room" }]);
  }
  await ctx.registrations.deleteGroup(room.jid, group);
  const outcome = approve
    ? `Your request for ${label} to join ${name} was approved: ${label} is now a member of ${roomLabel(room)}.`
    : `Your request for ${label} to join ${roomLabel(room)} was declined.`;
  noticeFromService(ctx, [request.requester], outcome);
  return approve ? `${label} is now a member of ${name}.` : `The request of ${label} was declined.`;
}

export function isGroupRequestAnswer(s: Inbound): boolean {
  const form = readForm(s.stanza);
  return form?.formType === GROUP_REQUEST && form.type === "submit";
}

/** The request form sent back to the room as a message by an owner or admin. */
export async function onGroupRequestAnswer(ctx: GroupsContext, s: Inbound): Promise<void> {
  const room = await ctx.rooms.find(s.to.bare);
  if (!room || room.record.locked) throw errors.noSuchRoom();
  const form = readForm(s.stanza) as SubmittedForm;
  const approve = form.boolean("approve");
  if (approve === undefined) throw errors.answerWithoutApprove();
  const done = await settle(ctx, room, s.from.bare, groupJid(ctx, form.text("group")), approve);
  // The form came back as a message, which has no answer of its own: say what it did.
  noticeFromService(ctx, [s.from.full], done);
}

/** Pending requests of a room, oldest first. */
export async function pendingRequests(ctx: GroupsContext, room: Room): Promise<GroupRequest[]> {
  const list = await ctx.registrations.listGroups(room.jid);
  return list.sort((a, b) => a.at - b.at);
}
