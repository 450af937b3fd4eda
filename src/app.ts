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
import { FanoutJournal } from "./delivery/journal.js";
import { FanoutSender } from "./delivery/fanout.js";
import { noteBounce } from "./delivery/bounces.js";
import { Router } from "./xmpp/router.js";
import { Intake } from "./limits/intake.js";
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
/** How long a stop waits for the server to confirm fan-out copies already sent. */
const STOP_CONFIRM_MS = 5_000;
import { announceShutdown } from "./muc/shutdown.js";
import { VERSION } from "./version.js";
import { Metrics } from "./metrics/metrics.js";
import { HttpServer } from "./http/server.js";
import { AdminAccess } from "./http/admin.js";
import { snapshotLines } from "./store/snapshot.js";
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
  // One intake for both services: a sender's budget is the same whichever domain they write to.
  const intake = new Intake({
    settings: config.limits,
    clock,
    ownDomains: [config.domains.groups, config.domains.lists],
    serverDomains: config.localDomains,
  });
  const db = new Database(deps.level ?? openLevel(config.data));
  await db.open(log);
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

  const journal = new FanoutJournal(db);
  const senders: FanoutSender[] = [];
  metrics.watchFanouts(() => senders.reduce((sum, s) => sum + s.pendingCopies, 0));
  const routers: Router[] = [];
  const routerOf = new Map<string, Router>();
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
    const out = new Outbox(
      link,
      (kind, count) => metrics.stanzasOut.inc({ kind }, count),
      (kind) => metrics.sendRefused.inc({ kind }),
    );
    const fanout = new FanoutSender({
      link,
      journal,
      serverDomain: config.localDomains[0]!,
      settings: config.delivery,
      ids,
      log: log.child({ service: domain, part: "fanout" }),
      metrics,
    });
    senders.push(fanout);
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
      fanout,
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
      intake,
      ownDomains: [config.domains.groups, config.domains.lists],
    });
    routerOf.set(domain, router);
    link.onStanza((el) => {
      noteBounce(el, metrics, ctx.log);
      // A server may hand a stanza for one of our domains to another of our connections (ejabberd
      // with global_routes): the addressee's service handles it, whichever socket it came on.
      return (routerOf.get(domainOf(el.attrs.to)) ?? router).dispatch(el);
    });
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
  const topicState = new TopicState(lists, config.limits, metrics);
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

  // `manifold export` reads the store through this route (LevelDB admits one process).
  const admin = new AdminAccess({
    dir: deps.level ? undefined : config.data,
    snapshot: () => snapshotLines(db.level, { manifold: VERSION, now: () => new Date(clock.now()) }),
    log,
  });
  const http = config.http.enabled
    ? new HttpServer({
        ...config.http,
        links,
        metrics,
        storeOpen: () => db.isOpen,
        admin,
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
      await Promise.all(senders.map((s) => s.idle()));
    },
    async start() {
      // Unconfirmed fan-outs of the last run go first, before anything new is accepted.
      await Promise.all(senders.map((s) => s.resume()));
      if (http) httpUrl = await http.start();
      if (httpUrl) await admin.publish(httpUrl);
      await Promise.all(links.map((l) => l.start()));
      log.info({ domains: links.map((l) => l.domain), version: VERSION, http: httpUrl }, "Manifold started");
    },
    async stop() {
      for (const timer of timers) clearInterval(timer);
      await admin.withdraw();
      await Promise.all(routers.map((r) => r.drain()));
      contexts.forEach(announceShutdown);
      retractAll(topics as TopicsContext);
      // Let the server confirm what was sent (bounded); the rest is resumed at the next start.
      await Promise.race([
        Promise.all(senders.map((s) => s.idle())),
        new Promise((resolve) => setTimeout(resolve, STOP_CONFIRM_MS).unref()),
      ]);
      for (const sender of senders) sender.stop();
      await Promise.all(links.map((l) => l.stop()));
      await db.close();
      await http?.stop();
      log.info("Manifold stopped");
    },
  };
}

/** The domain part of a JID as written in a stanza (lower-cased; no full parse on the hot path). */
function domainOf(jid: string | undefined): string {
  if (!jid) return "";
  const slash = jid.indexOf("/");
  const bare = slash === -1 ? jid : jid.slice(0, slash);
  return bare.slice(bare.indexOf("@") + 1).toLowerCase();
}
