// One room service (a component domain) assembled from shared parts and one room kind: its
// connection, outbox, journaled fan-out sender, live rooms, hooks and router. The kind plugs in
// through `register(core)` and returns its typed context, routes and lifecycle; nothing here
// knows what the kind is.
import type { Config } from "../config/load.js";
import type { Clock } from "../core/clock.js";
import { Hooks } from "../core/hooks.js";
import type { Ids } from "../core/ids.js";
import type { Log } from "../core/log.js";
import type { ChatStates } from "../chatstates/chat-states.js";
import { noteBounce } from "../delivery/bounces.js";
import { FanoutSender } from "../delivery/fanout.js";
import type { FanoutJournal } from "../delivery/journal.js";
import type { Intake } from "../limits/intake.js";
import { routerCounters } from "../limits/router-counters.js";
import type { Metrics } from "../metrics/metrics.js";
import type { MucContext } from "../muc/context.js";
import type { RoomEvents } from "../muc/events.js";
import { addCorePolicies } from "../muc/policies/index.js";
import type { Room } from "../muc/room.js";
import { Rooms } from "../muc/rooms.js";
import { announceShutdown } from "../muc/shutdown.js";
import type { ArchiveStore } from "../store/archive.js";
import type { RegistrationStore } from "../store/registrations.js";
import type { RoomIndex, RoomStore } from "../store/rooms.js";
import type { Database } from "../store/db.js";
import type { Link } from "../xmpp/link.js";
import { Outbox } from "../xmpp/outbox.js";
import { Router, type Route } from "../xmpp/router.js";

/** Parts every service shares, made once by the composition root. */
export interface SharedParts {
  config: Config;
  log: Log;
  clock: Clock;
  ids: Ids;
  metrics: Metrics;
  intake: Intake;
  roomStore: RoomStore;
  archive: ArchiveStore;
  registrations: RegistrationStore;
  chatStates: ChatStates;
  journal: FanoutJournal;
  db: Database;
  occupantId: MucContext["occupantId"];
  version: string;
}

/** What a kind's `register` receives: the service's parts, and ways to schedule work. */
export interface ServiceCore {
  config: Config;
  version: string;
  domain: string;
  /** For the kind's own sublevels (declared in store/db.ts). */
  db: Database;
  /** Adds the kind's index of stored rooms, written with the room store's own batches. */
  addRoomIndex(index: RoomIndex): void;
  /** The context every room handler gets, but for what the kind itself decides. */
  base: Omit<MucContext, "settings" | "kind" | "views">;
  /** Runs `job` in the queue of `key` (a room), after what that room is already doing. */
  exclusive(key: string, job: () => Promise<void>): Promise<void>;
  /** Runs `job` every `ms` until the service stops; failures are logged. */
  every(ms: number, job: () => Promise<void>): void;
}

/** What a kind gives back: its context (with its own state), route table and lifecycle. */
export interface KindService<C extends MucContext = MucContext> {
  ctx: C;
  routes: Route[];
  /** A room comes into memory. */
  onLoad?(room: Room): void;
  /** Whether an empty stored room stays in memory. */
  keepLoaded?(room: Room): boolean;
  /** Once the service's stored rooms are swept, before the connection starts. */
  load?(): Promise<void>;
  /** Periodic work the app may also run on demand (specs). */
  maintenance?(): Promise<void>;
  /** A clean stop, after occupants were told the service is going away. */
  beforeStop?(): void;
}

export interface RoomKindPlugin {
  domain(config: Config): string;
  register(core: ServiceCore): KindService;
}

export interface RoomService {
  ctx: MucContext;
  kind: KindService;
  link: Link;
  router: Router;
  fanout: FanoutSender;
  /** Ends periodic work (first in a stop). */
  stopTimers(): void;
  /** Tells occupants the service is going away, once intake has drained. */
  announceStop(): void;
}

export async function createRoomService(
  plugin: RoomKindPlugin,
  shared: SharedParts,
  link: Link,
  /** Routes a stanza that arrived here to the service it is for (ejabberd may cross domains). */
  dispatch: (el: Parameters<Router["dispatch"]>[0], own: Router) => Promise<void>,
): Promise<RoomService> {
  const { config, log, metrics } = shared;
  const domain = link.domain;
  const out = new Outbox(
    link,
    (kind, count) => metrics.stanzasOut.inc({ kind }, count),
    (kind) => metrics.sendRefused.inc({ kind }),
  );
  const fanout = new FanoutSender({
    link,
    journal: shared.journal,
    serverDomain: config.localDomains[0]!,
    settings: config.delivery,
    ids: shared.ids,
    log: log.child({ service: domain, part: "fanout" }),
    metrics,
  });
  const late: { kind?: KindService; router?: Router } = {};
  const rooms = new Rooms({
    store: shared.roomStore,
    archive: shared.archive,
    registrations: shared.registrations,
    now: () => shared.clock.now(),
    onLoad: (room) => late.kind!.onLoad?.(room),
    onDestroy: async (room) => void (await late.kind!.ctx.hooks.run("room-destroyed", { room })),
    keepLoaded: (room) => late.kind!.keepLoaded?.(room) ?? false,
  });
  const serviceLog = log.child({ service: domain });
  const timers: NodeJS.Timeout[] = [];
  const kind = plugin.register({
    config,
    version: shared.version,
    domain,
    base: {
      rooms,
      archive: shared.archive,
      registrations: shared.registrations,
      out,
      fanout,
      clock: shared.clock,
      ids: shared.ids,
      log: serviceLog,
      chatStates: shared.chatStates,
      metrics,
      occupantId: shared.occupantId,
      hooks: new Hooks<RoomEvents>(),
    },
    db: shared.db,
    addRoomIndex: (index) => shared.roomStore.addIndex(index),
    exclusive: (key, job) => late.router!.exclusive(key, job),
    every(ms, job) {
      const run = () => job().catch((err: unknown) => serviceLog.error({ err }, "periodic work failed"));
      timers.push(setInterval(() => void run(), ms).unref());
    },
  });
  late.kind = kind;
  const { ctx } = kind;
  addCorePolicies(ctx);
  const purged = await rooms.sweep();
  if (purged) serviceLog.info({ purged }, "removed data left by temporary or destroyed rooms");
  await kind.load?.();
  const router = new Router({
    routes: kind.routes,
    send: (el) => out.send(el),
    log: serviceLog,
    onIqResponse: (el) => link.takeResponse(el),
    counters: routerCounters(metrics),
    intake: shared.intake,
    ownDomains: [config.domains.groups, config.domains.lists],
  });
  late.router = router;
  link.onStanza((el) => {
    noteBounce(el, metrics, serviceLog);
    return dispatch(el, router);
  });
  return {
    ctx,
    kind,
    link,
    router,
    fanout,
    stopTimers() {
      for (const timer of timers) clearInterval(timer);
    },
    announceStop() {
      announceShutdown(ctx);
      kind.beforeStop?.();
    },
  };
}
