// Registering with a room (XEP-0045 §7.10) and approving requests (§9.9). In an open room a
// registration makes the user a member at once; in a members-only room it becomes a pending
// request that owners and admins approve or deny with the form sent to them.
import * as errors from "./errors.js";
import type { Inbound } from "../xmpp/router.js";
import { NS } from "../xmpp/ns.js";
import { buildForm, readForm } from "../xmpp/forms.js";
import { xml, type Element } from "../xmpp/xml.js";
import type { MucContext } from "./context.js";
import { applyAffiliations } from "./membership.js";
import { NICK, notifyApprovers, registrationRoom as roomOf } from "./registration-requests.js";

const EXTRA = ["muc#register_first", "muc#register_last", "muc#register_faqentry"];

export async function getRegistration(ctx: MucContext, s: Inbound): Promise<Element> {
  const room = await roomOf(ctx, s);
  const mine = room.affiliations.get(s.from.bare);
  if (mine?.affiliation === "outcast") throw errors.senderBanned();
  if (mine)
    return xml("query", { xmlns: NS.register }, xml("registered"), xml("username", {}, mine.nick ?? ""));
  return xml(
    "query",
    { xmlns: NS.register },
    xml("instructions", {}, `Choose a nickname to register with ${room.config.name}.`),
    buildForm({
      type: "form",
      formType: NS.mucRegister,
      title: `Register with ${room.config.name}`,
      instructions: room.config.membersOnly
        ? "An owner or admin of this members-only room will review your request."
        : "You will become a member of this room at once.",
      fields: [
        // With extra ways to register (the kind's own fields), the nick is needed only for a person.
        { var: NICK, type: "text-single", label: "Nickname", required: !ctx.kind.registrationFields },
        { var: "muc#register_first", type: "text-single", label: "Given name" },
        { var: "muc#register_last", type: "text-single", label: "Family name" },
        { var: "muc#register_faqentry", type: "text-multi", label: "Why do you want to join?" },
        ...(ctx.kind.registrationFields ?? []),
      ],
    }),
  );
}

export async function setRegistration(ctx: MucContext, s: Inbound): Promise<void> {
  const room = await roomOf(ctx, s);
  const jid = s.from.bare;
  const mine = room.affiliations.get(jid);
  if (mine?.affiliation === "outcast") throw errors.senderBanned();
  if (s.payload?.getChild("remove")) {
    if (!mine) throw errors.notRegistered();
    if (mine.affiliation === "owner" && room.ownerCount() === 1) {
      throw errors.onlyOwnerUnregistering();
    }
    await applyAffiliations(ctx, room, [{ jid, affiliation: "none" }]);
    return;
  }
  const form = readForm(s.payload);
  if (!form || form.type !== "submit") throw errors.submitRegistration();
  if (await ctx.hooks.run("register-submit", { room, from: s.from, form })) return;
  const nick = form.text(NICK)?.trim();
  if (!nick || nick.length > 256) throw errors.registrationNick();
  await ctx.hooks.run("pre-register-nick", { room, nick });
  const holder = room.nickOwner(nick);
  if (holder && holder !== jid) throw errors.nickRegistered(nick);
  if (mine) {
    await ctx.rooms.setAffiliations(room, new Map([[jid, { ...mine, nick }]]));
    return;
  }
  if (!room.config.membersOnly) {
    await applyAffiliations(ctx, room, [{ jid, affiliation: "member", nick }]);
    return;
  }
  const fields: Record<string, string> = {};
  for (const name of EXTRA) {
    const value = form.text(name);
    if (value) fields[name] = value.slice(0, 2000);
  }
  // Each request is stored and announced to every approver: their number is bounded.
  const limit = ctx.settings.maxPendingRequests;
  const waiting = limit === undefined ? [] : await ctx.registrations.list(room.jid);
  if (limit !== undefined && !waiting.some((r) => r.jid === jid) && waiting.length >= limit) {
    throw errors.tooManyRegistrations(room.jid, waiting.length);
  }
  await ctx.registrations.put(room.jid, { v: 1, jid, nick, at: ctx.clock.now(), fields });
  notifyApprovers(ctx, room, jid, nick, fields);
}
