// A topic message's copies are journaled, and its reflection (the owner's acknowledgement) waits
// until the journal has them on disk, and its archive entry too. The room's next message waits for
// neither: the copies leave at once, in order, and syncs are group-committed across messages
// (delivery/journal.ts; LevelDB groups concurrent synced archive writes itself), so a busy topic
// pays one sync per batch rather than one per message in turn.
import { fanoutParts } from "../delivery/deliver.js";
import type { DeliveryPlan } from "../delivery/plan.js";
import { internal } from "../xmpp/errors.js";
import { xml, type Element } from "../xmpp/xml.js";
import type { Room } from "../muc/room.js";
import type { TopicsContext } from "./context.js";

export function journalThenAcknowledge(
  ctx: TopicsContext,
  room: Room,
  sent: Element,
  id: string,
  plan: DeliveryPlan,
  acknowledge: () => void,
  /** The message's archive entry on its way (written durably), when it has one. */
  archived: Promise<void> = Promise.resolve(),
): void {
  const journaled = ctx.fanout.accept(room.jid, id, ctx.clock.now(), fanoutParts(plan));
  Promise.all([journaled, archived]).then(acknowledge, (err: unknown) => {
    // Copies may have left, but nothing acknowledged is lost: the owner is told it failed.
    ctx.log.error({ err, room: room.jid, id }, "a topic message could not be stored");
    const { from, to, id: messageId } = sent.attrs;
    ctx.out.send(
      xml("message", { type: "error", from: to, to: from, id: messageId }, internal().toElement(room.jid)),
    );
  });
}
