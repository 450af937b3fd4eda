// Who may own topics, and how many (PROTOCOL §1, §4): users of the local domains, up to
// lists.maxTopicsPerOwner topics each, counting live temporary topics and stored ones.
import type { Jid } from "../xmpp/jid.js";
import type { TopicsContext } from "./context.js";
import * as errors from "./errors.js";

export async function ownedTopics(ctx: TopicsContext, owner: string): Promise<string[]> {
  const found = new Set(await ctx.topics.store.ownedBy(owner));
  for (const room of ctx.rooms.liveRooms())
    if (room.record.kind === "topic" && room.record.owner === owner) found.add(room.jid);
  return [...found].sort();
}

export async function checkTopicQuota(ctx: TopicsContext, owner: Jid): Promise<void> {
  const { localDomains } = ctx.settings;
  if (!localDomains.includes(owner.domain)) throw errors.notLocalOwner(localDomains);
  const limit = ctx.topics.lists.maxTopicsPerOwner;
  if ((await ownedTopics(ctx, owner.bare)).length >= limit) {
    throw errors.tooManyTopics(limit);
  }
}
