// Ad-hoc commands on a group's room JID (XEP-0050, PROTOCOL §2): `join-as-group` (a group asks to
// join this room), `pending-requests` (owners and admins answer them), `pending-registrations`
// (they answer §9.9 registrations, for clients that show no approval form) and `contact-as-group`
// (a member starts a conversation with an outsider as the group).
import { StanzaError } from "../xmpp/stanza-error.js";
import { countIfRefusal } from "../limits/limit-error.js";
import type { Command, CommandOutcome } from "../xmpp/commands.js";
import type { Field } from "../xmpp/forms.js";
import type { Jid } from "../xmpp/jid.js";
import type { Room } from "../muc/room.js";
import type { GroupsContext } from "./context.js";
import { labelOf } from "./entry.js";
import { contactAsGroup } from "./guests.js";
import { askToJoin, pendingRequests, settle } from "./requests.js";
import * as errors from "./errors.js";
import {
  REGISTRATIONS_COMMAND,
  pendingRegistrations,
  settleRegistration,
} from "../muc/registration-requests.js";

/** The one form stage of a command: what to fill in before it runs. */
function formStage(title: string, instructions: string, fields: Field[]): CommandOutcome {
  return { status: "executing", form: { type: "form", title, instructions, fields } };
}

/** The form of the answering commands: two lists of the same pending requests, approve and deny. */
function approveOrDeny(title: string, instructions: string, options: { value: string; label: string }[]) {
  return formStage(title, instructions, [
    { var: "approve", type: "list-multi", label: "Approve", options },
    { var: "deny", type: "list-multi", label: "Deny", options },
  ]);
}

/**
 * Settles the requests chosen in an approve/deny form, one by one: a request that cannot be settled
 * (already answered, gone) is reported and does not stop the others.
 */
async function settleChosen(
  ctx: GroupsContext,
  approveField: string[],
  denyField: string[],
  settleOne: (which: string, approve: boolean) => Promise<string>,
): Promise<CommandOutcome> {
  const approve = approveField.filter(Boolean);
  const deny = denyField.filter(Boolean);
  const both = approve.find((g) => deny.includes(g));
  if (both) throw errors.approvedAndDenied(both);
  const done: string[] = [];
  const failed: string[] = [];
  for (const [which, yes] of [
    ...approve.map((g) => [g, true] as const),
    ...deny.map((g) => [g, false] as const),
  ]) {
    try {
      done.push(await settleOne(which, yes));
    } catch (err) {
      if (!(err instanceof StanzaError)) throw err;
      countIfRefusal(ctx.metrics, err);
      failed.push(`${which}: ${err.text}`);
    }
  }
  if (!done.length && !failed.length)
    return { status: "completed", note: "Nothing was chosen; all requests keep waiting." };
  return {
    status: "completed",
    note: [...done, ...failed.map((f) => `Not done, ${f}`)].join("\n"),
    noteType: failed.length ? "warn" : "info",
  };
}

export function groupCommands(ctx: GroupsContext): Command[] {
  const roomAt = async (to: Jid): Promise<Room | undefined> => {
    const room = to.local ? await ctx.rooms.find(to.bare) : undefined;
    return room && !room.record.locked ? room : undefined;
  };
  const mustFind = async (to: Jid): Promise<Room> => {
    const room = await roomAt(to);
    if (!room) throw errors.noSuchRoom();
    return room;
  };
  const affiliated = (room: Room, jid: string, ...which: string[]) => which.includes(room.affiliationOf(jid));

  return [
    {
      node: "join-as-group",
      name: "Ask for one of your groups to join this room",
      allowed: async (from, to) => {
        const room = await mustFind(to);
        return room.affiliationOf(from.bare) !== "outcast";
      },
      async run({ from, to, form }): Promise<CommandOutcome> {
        const room = await mustFind(to);
        if (!form) {
          return formStage(
            `Join ${room.config.name || room.jid} as a group`,
            "Name your group: a room of this service that you are a member of. The owners and admins of this room decide; your group's members can then enter it as the group.",
            [
              { var: "group", type: "jid-single", label: "Your group's room JID", required: true },
              { var: "reason", type: "text-multi", label: "Why should it join?" },
            ],
          );
        }
        const note = await askToJoin(ctx, room, from.bare, form.text("group"), form.text("reason"));
        return { status: "completed", note };
      },
    },
    {
      node: "pending-requests",
      name: "Answer requests of groups to join this room",
      allowed: async (from, to) => {
        const room = await mustFind(to);
        return affiliated(room, from.bare, "owner", "admin");
      },
      async run({ from, to, form }): Promise<CommandOutcome> {
        const room = await mustFind(to);
        const pending = await pendingRequests(ctx, room);
        if (!form) {
          if (!pending.length) return { status: "completed", note: "No requests are waiting for an answer." };
          const options = await Promise.all(
            pending.map(async (r) => ({
              value: r.group,
              label: `${await labelOf(ctx, r.group)} — asked by ${r.requester}`,
            })),
          );
          return approveOrDeny(
            "Requests of groups to join this room",
            "Choose the groups to let in and those to turn away; the others keep waiting.",
            options,
          );
        }
        return settleChosen(ctx, form.all("approve"), form.all("deny"), (group, yes) =>
          settle(ctx, room, from.bare, group, yes),
        );
      },
    },
    {
      node: REGISTRATIONS_COMMAND,
      name: "Answer requests to become a member",
      allowed: async (from, to) => {
        const room = await mustFind(to);
        return affiliated(room, from.bare, "owner", "admin");
      },
      async run({ from, to, form }): Promise<CommandOutcome> {
        const room = await mustFind(to);
        const pending = await pendingRegistrations(ctx, room);
        if (!form) {
          if (!pending.length)
            return { status: "completed", note: "No registrations are waiting for an answer." };
          const options = pending.map((r) => ({
            value: r.jid,
            label: `${r.jid} as "${r.nick}"${r.fields["muc#register_faqentry"] ? `: ${r.fields["muc#register_faqentry"]}` : ""}`,
          }));
          return approveOrDeny(
            "Requests to become a member of this room",
            "Choose whom to make members and whom to turn away; the others keep waiting.",
            options,
          );
        }
        return settleChosen(ctx, form.all("approve"), form.all("deny"), (jid, yes) =>
          settleRegistration(ctx, room, from.bare, jid, yes),
        );
      },
    },
    {
      node: "contact-as-group",
      name: "Talk to someone outside as this group",
      allowed: async (from, to) => {
        const room = await mustFind(to);
        return affiliated(room, from.bare, "owner", "admin", "member");
      },
      async run({ from, to, form }): Promise<CommandOutcome> {
        const room = await mustFind(to);
        if (!form) {
          return formStage(
            `Talk to someone as ${room.config.name || room.jid}`,
            "They get a chat from this group's address and appear here as a guest; everyone here sees their replies.",
            [
              { var: "jid", type: "jid-single", label: "Their address", required: true },
              { var: "message", type: "text-multi", label: "First message" },
            ],
          );
        }
        const note = await contactAsGroup(ctx, room, from.bare, form.text("jid"), form.text("message"));
        return { status: "completed", note };
      },
    },
  ];
}
