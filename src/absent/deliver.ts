// Absent members reached (PROTOCOL §2): each stored room message goes, as a message from the service, to
// every member the room reaches who is not in it, once per user, as the room's setting and their
// own choice allow. The copies are journaled (delivery/journal.ts) before anyone in the room sees
// the message, so a crash or a lost connection loses none; the server then keeps them for members
// who are offline and pushes them (XEP-0357).
import type { MucContext } from "../muc/context.js";
import type { StoredMessage } from "../muc/events.js";
import type { Room } from "../muc/room.js";
import { fanoutParts } from "../delivery/deliver.js";
import { absentMessagesOf } from "../store/preferences.js";
import { planAbsent, type Reachable } from "./plan.js";
import { roomAbsentDelivery } from "./settings.js";

/** Everyone the room reaches, each once (a kind knows its paths in: groups add nested members). */
export type ReachOf = (room: Room) => Promise<Reachable[]>;

export function addAbsentDelivery(ctx: MucContext, reachOf: ReachOf): void {
  ctx.hooks.on("message-stored", (message) => deliverToAbsent(ctx, reachOf, message));
}

export async function deliverToAbsent(
  ctx: MucContext,
  reachOf: ReachOf,
  stored: StoredMessage,
): Promise<void> {
  const { room, sender, inside, outside } = stored;
  const id = stored.id ?? ctx.ids.next();
  const present = new Set<string>();
  for (const occupant of room.occupants.values()) present.add(occupant.bareJid);
  const plan = planAbsent(
    {
      room: {
        jid: room.jid,
        name: room.config.name || room.jid,
        service: ctx.settings.domain,
        delivery: roomAbsentDelivery(room.config),
      },
      inside,
      ...(outside ? { outside } : {}),
      ...(sender.through ? { senderThrough: sender.through.member } : {}),
      id,
      ...(stored.corrects ? { corrects: stored.corrects } : {}),
    },
    await reachOf(room),
    present,
    (jid) => absentMessagesOf(ctx.chatStates.preferences.get(jid)),
  );
  const parts = fanoutParts(plan);
  if (!parts.length) return;
  ctx.metrics.absentCopies.inc(parts.reduce((sum, part) => sum + part.to.length, 0));
  await ctx.fanout.accept(room.jid, id, ctx.clock.now(), parts);
}
