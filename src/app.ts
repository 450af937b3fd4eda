// The composition root: the only place that knows every part. Opens the store, builds each
// service's context and route table, wires links (component connections) to routers, and stops
// in order: stop intake, finish what is under way, flush, close the connections, close the store.
import type { Config } from "./config/load.js";
import { systemClock, type Clock } from "./core/clock.js";
import { randomIds, type Ids } from "./core/ids.js";
import { createLog, type Log } from "./core/log.js";
import { Database, openLevel, type AnyLevel } from "./store/db.js";
import { RoomStore } from "./store/rooms.js";
import { ArchiveStore } from "./store/archive.js";
import { RegistrationStore } from "./store/registrations.js";
import { PreferenceStore } from "./store/preferences.js";
import { ChatStates } from "./chatstates/chat-states.js";
import { ComponentConnection } from "./xmpp/connection.js";
import type { Link } from "./xmpp/link.js";
import { Outbox } from "./xmpp/outbox.js";
import { Router } from "./xmpp/router.js";
import { Rooms } from "./muc/rooms.js";
import type { MucContext } from "./muc/context.js";
import { loadOccupantIdSalt, occupantIdFactory } from "./muc/occupant-id.js";
import { defaultRoomConfig } from "./groups/defaults.js";
import { groupRules } from "./groups/rules.js";
import { GroupState, type GroupsContext } from "./groups/context.js";
import { groupRoutes } from "./groups/routes.js";
import { seatGuests } from "./groups/guests.js";
import { forgetRoom } from "./groups/edges.js";
import type { Room } from "./muc/room.js";
import type { Route } from "./xmpp/router.js";
import { TopicState, type TopicsContext } from "./topics/context.js";
import { defaultTopicConfig } from "./topics/defaults.js";
import { topicRules } from "./topics/rules.js";
import { topicRoutes } from "./topics/routes.js";
import { onTopicLoaded, retractAll, topicInUse } from "./topics/presence.js";
import { endIdleTopics } from "./topics/idle.js";

/** How often temporary topics created by command are checked for idleness. */
const IDLE_CHECK_MS = 10 * 60_000;
import { announceShutdown } from "./muc/shutdown.js";
import { VERSION } from "./version.js";
import { Metrics } from "./metrics/metrics.js";
import { HttpServer } from "./http/server.js";
import { createWebClient } from "./web/web-client.js";

export interface AppDeps {
  log?: Log;
  clock?: Clock;
  ids?: Ids;
  /** A LevelDB-compatible store (specs pass memory-level); default: LevelDB at config.data. */
  level?: AnyLevel;
  /** Connection factory (specs pass in-memory links); default: XEP-0114 to config.server. */
  link?: (domain: string) => Link;
}

export interface App {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Runs the periodic maintenance (ending idle topics) now. */
  runMaintenance(): Promise<void>;
  /** Resolves once every service has finished what it was given, including work one room's
   * change started in another (nested groups). */
  idle(): Promise<void>;
  readonly links: readonly Link[];
  readonly log: Log;
  readonly metrics: Metrics;
  /** Where /healthz and /metrics are served, once started (undefined when http is disabled). */
  readonly httpUrl: string | undefined;
}

export async function createApp(config: Config, deps: AppDeps = {}): Promise<App> {
  const log = deps.log ?? createLog(config.log.level);
  const clock = deps.clock ?? systemClock;
  const ids = deps.ids ?? randomIds;
  const metrics = new Metrics();
  const db = new Database(deps.level ?? openLevel(config.data));
  await db.open();
  const occupantId = occupantIdFactory(await loadOccupantIdSalt(db));
  const roomStore = new RoomStore(db);
  const archive = new ArchiveStore(db);
  const registrations = new RegistrationStore(db);
  const preferences = new PreferenceStore(db);
  await preferences.load();
  const chatStates = new ChatStates(config.chatStates, preferences, clock, metrics);

  const makeLink: (domain: string) => Link =
    deps.link ??
    ((domain: string) =>
      new ComponentConnection(
        { domain, ...config.server, serverDomain: config.localDomains[0]!, ...config.connection },
        log.child({ domain }),
        ids,
      ));

  const routers: Router[] = [];
  const contexts: MucContext[] = [];
  const links: Link[] = [];
  metrics.watch(links);
  const timers: NodeJS.Timeout[] = [];

  /** One service: its connection, room registry, context (made by `build`) and route table. */
  async function addService(
    domain: string,
    build: (base: Omit<MucContext, "settings" | "rules">) => MucContext,
    routes: (ctx: MucContext) => Route[],
    hooks: {
      onLoad?: (ctx: MucContext, room: Room) => void;
      onDestroy?: (ctx: MucContext, room: Room) => Promise<void>;
      keepLoaded?: (ctx: MucContext, room: Room) => boolean;
    } = {},
  ): Promise<{ ctx: MucContext; router: Router }> {
    const link = makeLink(domain);
    const out = new Outbox(link, (kind, count) => metrics.stanzasOut.inc({ kind }, count));
    const loaded = { ctx: undefined as MucContext | undefined };
    const rooms = new Rooms({
      store: roomStore,
      archive,
      registrations,
      now: () => clock.now(),
      ...(hooks.onLoad ? { onLoad: (room: Room) => hooks.onLoad!(loaded.ctx!, room) } : {}),
      ...(hooks.onDestroy ? { onDestroy: (room: Room) => hooks.onDestroy!(loaded.ctx!, room) } : {}),
      ...(hooks.keepLoaded ? { keepLoaded: (room: Room) => hooks.keepLoaded!(loaded.ctx!, room) } : {}),
    });
    const ctx = build({
      rooms,
      archive,
      registrations,
      out,
      clock,
      ids,
      log: log.child({ service: domain }),
      chatStates,
      metrics,
      occupantId,
    });
    loaded.ctx = ctx;
    const purged = await ctx.rooms.sweep();
    if (purged) ctx.log.info({ purged }, "removed data left by temporary or destroyed rooms");
    const router = new Router({
      routes: routes(ctx),
      send: (el) => out.send(el),
      log: ctx.log,
      onIqResponse: (el) => link.takeResponse(el),
      metrics,
    });
    link.onStanza((el) => router.dispatch(el));
    routers.push(router);
    contexts.push(ctx);
    links.push(link);
    return { ctx, router };
  }

  const groupState = new GroupState(config.groups);
  const { ctx: groups, router: groupRouter } = await addService(
    config.domains.groups,
    (base): GroupsContext => ({
      ...base,
      settings: {
        domain: config.domains.groups,
        localDomains: config.localDomains,
        ...config.groups,
        defaults: defaultRoomConfig(config.groups),
      },
      rules: groupRules,
      groups: groupState,
    }),
    (ctx) => groupRoutes(ctx as GroupsContext, { name: "Manifold groups", version: VERSION }),
    {
      onLoad: (ctx, room) => seatGuests(ctx as GroupsContext, room),
      onDestroy: (ctx, room) => forgetRoom(ctx as GroupsContext, room),
    },
  );
  groupState.schedule = (room, job) =>
    void groupRouter
      .exclusive(room, job)
      .catch((err: unknown) => log.error({ err, room }, "group work failed"));
  for (const [parent, child] of await groups.rooms.nestEdges()) {
    if (parent.endsWith(`@${config.domains.groups}`)) groupState.graph.add(parent, child);
  }

  const lists = config.lists;
  const topicState = new TopicState(lists);
  const { ctx: topics, router: topicRouter } = await addService(
    config.domains.lists,
    (base): TopicsContext => ({
      ...base,
      settings: {
        domain: config.domains.lists,
        localDomains: config.localDomains,
        createRooms: "local",
        historyDefault: lists.historyDefault,
        historyMax: lists.historyMax,
        archiveMaxPage: lists.archiveMaxPage,
        maxMembers: lists.maxMembers + 1,
        maxOccupants: lists.maxMembers + 1,
        defaults: defaultTopicConfig(lists),
      },
      rules: topicRules,
      topics: topicState,
    }),
    (ctx) => topicRoutes(ctx as TopicsContext, { name: "Manifold topics", version: VERSION }),
    {
      onLoad: (ctx, room) => onTopicLoaded(ctx as TopicsContext, room),
      onDestroy: (ctx, room) => {
        (ctx as TopicsContext).topics.recent.forget(room.jid);
        return Promise.resolve();
      },
      keepLoaded: (ctx, room) => topicInUse(ctx as TopicsContext, room),
    },
  );
  const idleCheck = () =>
    endIdleTopics(topics as TopicsContext, (key, job) => topicRouter.exclusive(key, job)).catch(
      (err: unknown) => log.error({ err }, "ending idle topics failed"),
    );
  timers.push(setInterval(() => void idleCheck(), IDLE_CHECK_MS).unref());

  const http = config.http.enabled
    ? new HttpServer({
        ...config.http,
        links,
        metrics,
        storeOpen: () => db.isOpen,
        web: config.web.enabled ? createWebClient(config) : undefined,
      })
    : undefined;
  let httpUrl: string | undefined;

  return {
    links,
    log,
    metrics,
    get httpUrl() {
      return httpUrl;
    },
    runMaintenance: idleCheck,
    async idle() {
      await Promise.all(routers.map((r) => r.idle()));
    },
    async start() {
      if (http) httpUrl = await http.start();
      await Promise.all(links.map((l) => l.start()));
      log.info({ domains: links.map((l) => l.domain), version: VERSION, http: httpUrl }, "Manifold started");
    },
    async stop() {
      for (const timer of timers) clearInterval(timer);
      await Promise.all(routers.map((r) => r.drain()));
      contexts.forEach(announceShutdown);
      retractAll(topics as TopicsContext);
      await Promise.all(links.map((l) => l.stop()));
      await db.close();
      await http?.stop();
      log.info("Manifold stopped");
    },
  };
}
