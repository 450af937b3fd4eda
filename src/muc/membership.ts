// Changing who is affiliated with a room, shared by the admin list (XEP-0045 §9, §10), mediated
// invitations and registration approval: threshold check, durable write, then what occupants see.
import * as errors from "./errors.js";
import type { MucContext } from "./context.js";
import type { KindTraits } from "./kind.js";
import type { Room } from "./room.js";
import { broadcastPresence } from "./broadcast.js";
import { Status } from "./stanzas.js";
import type { Affiliation, AffiliationChange, AffiliationRecord } from "./types.js";

export type { AffiliationChange } from "./types.js";

/** Applies changes atomically: all are checked, written durably, then occupants are told. */
export async function applyAffiliations(
  ctx: MucContext,
  room: Room,
  requested: readonly AffiliationChange[],
  actorNick?: string,
): Promise<void> {
  // Checks first (the member cap before the kind's costlier ones); the kind may then complete the
  // changes (a new member's nick), so the records are built from what it returns.
  await ctx.hooks.run("pre-affiliations", { room, changes: requested });
  const changes = (await ctx.hooks.run("complete-affiliations", { room, changes: requested })) ?? requested;
  const writes = new Map<string, AffiliationRecord | undefined>();
  const previous = new Map<string, Affiliation>();
  for (const change of changes) {
    const before = room.affiliations.get(change.jid);
    previous.set(change.jid, before?.affiliation ?? "none");
    writes.set(
      change.jid,
      change.affiliation === "none"
        ? undefined
        : {
            v: 1,
            affiliation: change.affiliation,
            kind: change.kind ?? before?.kind ?? "user",
            ...((change.nick ?? before?.nick) ? { nick: change.nick ?? before?.nick } : {}),
            ...(change.reason ? { reason: change.reason } : {}),
            ...(before && before.affiliation === change.affiliation ? kindFacts(before) : {}),
          },
    );
  }
  const owners = new Set(room.jidsWith("owner"));
  for (const [jid, value] of writes) {
    if (value?.affiliation === "owner") owners.add(jid);
    else owners.delete(jid);
  }
  if (owners.size === 0) throw errors.lastOwner();
  await ctx.rooms.setAffiliations(room, writes);
  await ctx.hooks.run("affiliations-changed", {
    room,
    changes,
    previous,
    ...(actorNick ? { actor: actorNick } : {}),
  });
  await ctx.rooms.released(room);
}

/** What occupants see of an affiliation change (§9.1 ban 301, §9.4 removal 321, else new presence):
 * the XEP-0045 way, which a kind adds as its "affiliations-changed" handler unless it shows them its own way. */
export function showAffiliationChange(
  ctx: MucContext,
  room: Room,
  change: AffiliationChange,
  actor?: string,
): void {
  for (const occupant of [...room.occupants.values()]) {
    if (occupant.bareJid !== change.jid) continue;
    const banned = change.affiliation === "outcast";
    // Someone admitted through a member keeps coming through it unless banned (their own entry changed).
    if (occupant.through && !banned) continue;
    const removed = change.affiliation === "none" && room.config.membersOnly;
    if (banned || removed) {
      const statuses = [banned ? Status.banned : Status.affiliationRemoved];
      broadcastPresence(ctx, room, occupant, { unavailable: true, statuses, actor, reason: change.reason });
      room.occupants.delete(occupant.nick);
      for (const jid of occupant.sessions.keys()) room.sessions.delete(jid);
      occupant.sessions.clear();
    } else {
      occupant.role = room.defaultRole(change.affiliation);
      broadcastPresence(ctx, room, occupant, { actor, reason: change.reason });
    }
  }
}

/** What a kind recorded on an entry beyond the core's fields: it outlives a rewrite of the entry. */
function kindFacts(before: AffiliationRecord): Partial<AffiliationRecord> {
  const { v: _v, affiliation: _a, kind: _k, nick: _n, reason: _r, ...facts } = before;
  return facts;
}

/**
 * Refuses changes that would leave the room past its limit, before the room kind's own checks do
 * any work (the "pre-affiliations" policy at priority 100, muc/policies/member-limit.ts).
 */
export function checkMemberCount(
  kind: KindTraits,
  room: Room,
  changes: readonly { jid: string; affiliation: Affiliation }[],
): void {
  const counted = (a: Affiliation) => (a !== "none" && a !== "outcast" ? 1 : 0);
  const before = room.memberCount();
  let after = before;
  for (const [jid, to] of new Map(changes.map((c) => [c.jid, c.affiliation])))
    after += counted(to) - counted(room.affiliationOf(jid));
  const limit = kind.memberLimit(room);
  if (after > limit && after > before) throw kind.memberLimitError(limit);
}
