// Temporary topics created by command end after lists.idleTimeoutHours without a message
// (PROTOCOL §1 "Lifetime"). Checked periodically; a topic its owner is in is left alone.
import { destroyRoom } from "../muc/owner.js";
import type { TopicsContext } from "./context.js";

export async function endIdleTopics(
  ctx: TopicsContext,
  run: (key: string, job: () => Promise<void>) => Promise<void>,
) {
  const before = ctx.clock.now() - ctx.topics.lists.idleTimeoutHours * 3_600_000;
  let ended = 0;
  for (const jid of await ctx.topics.store.idleSince(before)) {
    await run(jid, async () => {
      const room = await ctx.rooms.find(jid);
      if (!room?.record.endsWhenIdle || !room.empty) return;
      const last = ctx.topics.touched.get(jid) ?? 0;
      if (last >= before) return;
      await destroyRoom(ctx, room, undefined, "The topic ended after a long time without messages");
      ended++;
    });
  }
  if (ended) ctx.log.info({ ended }, "ended idle temporary topics");
}
