// The groups.* service as a room kind (PROTOCOL §2): its settings, nesting state, rules (hooks.ts),
// routes and what happens as its rooms load and end. The nesting graph is loaded from the store
// before the service takes any stanza.
import type { RoomKindPlugin } from "../service/kind-plugin.js";
import type { GroupsContext } from "./context.js";
import { GroupState } from "./context.js";
import { defaultRoomConfig } from "./defaults.js";
import { seatGuests } from "./guests.js";
import { addGroupHooks, groupTraits } from "./hooks.js";
import { groupRoutes } from "./routes.js";
import { GroupStore } from "./store.js";
import { nestedViews } from "./views.js";

export const groupsPlugin: RoomKindPlugin = {
  domain: (config) => config.domains.groups,
  register(core) {
    const { config } = core;
    const store = new GroupStore(core.db);
    core.addRoomIndex(store);
    const state = new GroupState(config.groups, store);
    state.schedule = (room, job) =>
      void core
        .exclusive(room, job)
        .catch((err: unknown) => core.base.log.error({ err, room }, "group work failed"));
    const settings = {
      domain: core.domain,
      localDomains: config.localDomains,
      ...config.groups,
      defaults: defaultRoomConfig(config.groups),
    };
    const ctx: GroupsContext = {
      ...core.base,
      settings,
      kind: groupTraits(settings),
      views: nestedViews,
      groups: state,
    };
    addGroupHooks(ctx);
    return {
      ctx,
      routes: groupRoutes(ctx, { name: "Manifold groups", version: core.version }),
      onLoad: (room) => seatGuests(ctx, room),
      async load() {
        for (const [parent, child] of await store.nestEdges()) {
          if (parent.endsWith(`@${core.domain}`)) state.graph.add(parent, child);
        }
      },
    };
  },
};
