// The lists.* service as a room kind (PROTOCOL §1): its settings, topic state, rules (hooks.ts),
// routes, presence kept for loaded topics, and the periodic end of idle temporary topics.
import type { RoomKindPlugin } from "../service/kind-plugin.js";
import { TopicState, type TopicsContext } from "./context.js";
import { defaultTopicConfig } from "./defaults.js";
import { addTopicHooks, topicTraits } from "./hooks.js";
import { endIdleTopics } from "./idle.js";
import { onTopicLoaded, retractAll, topicInUse } from "./presence.js";
import { topicRoutes } from "./routes.js";
import { TopicStore } from "./store.js";
import { plainViews } from "../muc/views.js";

/** How often temporary topics created by command are checked for idleness. */
const IDLE_CHECK_MS = 10 * 60_000;

export const topicsPlugin: RoomKindPlugin = {
  domain: (config) => config.domains.lists,
  register(core) {
    const { config } = core;
    const lists = config.lists;
    const settings = {
      domain: core.domain,
      localDomains: config.localDomains,
      createRooms: "local" as const,
      historyDefault: lists.historyDefault,
      historyMax: lists.historyMax,
      archiveMaxPage: lists.archiveMaxPage,
      maxMembers: lists.maxMembers + 1,
      maxOccupants: lists.maxMembers + 1,
      defaults: defaultTopicConfig(lists),
    };
    const store = new TopicStore(core.db);
    core.addRoomIndex(store);
    const topics = new TopicState(store, lists, config.limits, core.base.metrics);
    const ctx: TopicsContext = {
      ...core.base,
      settings,
      kind: topicTraits(lists),
      views: plainViews,
      topics,
    };
    addTopicHooks(ctx);
    const idleCheck = () =>
      endIdleTopics(ctx, (key, job) => core.exclusive(key, job)).catch((err: unknown) =>
        ctx.log.error({ err }, "ending idle topics failed"),
      );
    core.every(IDLE_CHECK_MS, idleCheck);
    return {
      ctx,
      routes: topicRoutes(ctx, { name: "Manifold topics", version: core.version }),
      onLoad: (room) => onTopicLoaded(ctx, room),
      keepLoaded: (room) => topicInUse(ctx, room),
      maintenance: idleCheck,
      beforeStop: () => retractAll(ctx),
    };
  },
};
