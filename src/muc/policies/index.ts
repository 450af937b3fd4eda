// The core's own room rules, each a small module on a named event with a priority (higher runs
// first): entry (locked 30, banned 20; then members-only 40, nick taken 30, capacity 10 once the
// joiner is admitted), creation (local creators 100), member-list changes (limit 100), messages
// (visitors silent 10), kicks.
import type { MucContext } from "../context.js";
import { banned } from "./banned.js";
import { capacity } from "./capacity.js";
import { kick } from "./kick.js";
import { localCreators } from "./local-creators.js";
import { locked } from "./locked.js";
import { memberLimit } from "./member-limit.js";
import { membersOnly } from "./members-only.js";
import { nickTaken } from "./nick-taken.js";
import { visitorsSilent } from "./visitors-silent.js";

export function addCorePolicies(ctx: MucContext): void {
  locked(ctx.hooks);
  banned(ctx.hooks);
  membersOnly(ctx.hooks);
  nickTaken(ctx.hooks);
  capacity(ctx.hooks, ctx.settings);
  localCreators(ctx.hooks, ctx.settings);
  memberLimit(ctx.hooks, ctx.kind);
  visitorsSilent(ctx.hooks);
  kick(ctx);
}
