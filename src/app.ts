// The composition root: the only place that knows every part. Opens the store, makes the parts
// both services share, assembles one room service per room kind (service/room-service.ts), and
// stops in order: stop intake, finish what is under way, flush, close the connections, the store.
import type { Config } from "./config/load.js";
import { systemClock, type Clock } from "./core/clock.js";
import { randomIds, type Ids } from "./core/ids.js";
import { createLog, type Log } from "./core/log.js";
import { Database, openLevel, type AnyLevel } from "./store/db.js";
import { RoomStore } from "./store/rooms.js";
import { ArchiveStore } from "./store/archive.js";
import { AvatarStore } from "./store/avatars.js";
import { Retention } from "./muc/retention.js";
import { ArchiveSweep } from "./muc/archive-sweep.js";
import { RegistrationStore } from "./store/registrations.js";
import { PreferenceStore } from "./store/preferences.js";
import { ChatStates } from "./chatstates/chat-states.js";
import type { Link } from "./xmpp/link.js";
import { FanoutJournal } from "./delivery/journal.js";
import { Intake } from "./limits/intake.js";
import { loadOccupantIdSalt, occupantIdFactory } from "./muc/occupant-id.js";
import type { RoomKindPlugin } from "./service/kind-plugin.js";
import { componentLinks, createServices } from "./service/services.js";
import { groupsPlugin } from "./groups/register.js";
import { topicsPlugin } from "./topics/register.js";
import { VERSION } from "./version.js";
import { Metrics } from "./metrics/metrics.js";
import { httpSide } from "./http/side.js";

/** The room kinds Manifold serves, one component domain each. */
const KINDS: readonly RoomKindPlugin[] = [groupsPlugin, topicsPlugin];
/** How long a stop waits for the server to confirm fan-out copies already sent. */
const STOP_CONFIRM_MS = 5_000;

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
  /** Runs the periodic maintenance (ending idle topics, the archive retention sweep) now. */
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
  await db.open(log);
  const preferences = new PreferenceStore(db);
  await preferences.load();
  const archive = new ArchiveStore(db);
  const retention = new Retention(config.archive.expireAfter, () => clock.now());
  const shared = {
    config,
    log,
    clock,
    ids,
    metrics,
    // One intake for both services: a sender's budget is the same whichever domain they write to.
    intake: new Intake({
      settings: config.limits,
      clock,
      ownDomains: [config.domains.groups, config.domains.lists],
      serverDomains: config.localDomains,
    }),
    roomStore: new RoomStore(db),
    archive,
    retention,
    avatars: new AvatarStore(db, config.avatars.maxBytes),
    registrations: new RegistrationStore(db),
    chatStates: new ChatStates(config.chatStates, preferences, clock, metrics),
    journal: new FanoutJournal(db),
    db,
    occupantId: occupantIdFactory(await loadOccupantIdSalt(db)),
    version: VERSION,
  };
  const sweep = new ArchiveSweep({
    archive,
    retention,
    configOf: async (room) => (await shared.roomStore.record(room))?.config,
    batch: config.archive.sweepBatch,
    log: log.child({ part: "retention" }),
    metrics,
  });
  let sweepTimer: NodeJS.Timeout | undefined;
  const services = await createServices(KINDS, shared, deps.link ?? componentLinks(config, log, ids));
  const links = services.map((s) => s.link);
  const senders = services.map((s) => s.fanout);
  metrics.watch(links);
  metrics.watchFanouts(() => senders.reduce((sum, s) => sum + s.pendingCopies, 0));

  const http = httpSide({
    config,
    links,
    metrics,
    db,
    dir: deps.level ? undefined : config.data,
    version: VERSION,
    now: () => clock.now(),
    log,
  });
  let httpUrl: string | undefined;

  return {
    links,
    log,
    metrics,
    get httpUrl() {
      return httpUrl;
    },
    async runMaintenance() {
      for (const s of services) await s.kind.maintenance?.();
      await sweep.sweep();
    },
    async idle() {
      await Promise.all(services.map((s) => s.router.idle()));
      await Promise.all(senders.map((s) => s.idle()));
    },
    async start() {
      // Unconfirmed fan-outs of the last run go first, before anything new is accepted.
      await Promise.all(senders.map((s) => s.resume()));
      httpUrl = await http.start();
      await Promise.all(links.map((l) => l.start()));
      // Server-side fan-out is looked for at connect time; copies go one by one until it is known.
      await Promise.all(services.map((s) => s.expansion.ready()));
      const sweepNow = () =>
        void sweep.sweep().catch((err: unknown) => log.error({ err }, "archive retention sweep failed"));
      sweepTimer = setInterval(sweepNow, config.archive.sweepIntervalMs).unref();
      const expansion = services.map((s) => s.expansion.service() ?? "off");
      log.info(
        { domains: links.map((l) => l.domain), version: VERSION, http: httpUrl, expansion },
        "Manifold started",
      );
    },
    async stop() {
      for (const s of services) s.stopTimers();
      clearInterval(sweepTimer);
      await sweep.stop();
      await http.withdraw();
      await Promise.all(services.map((s) => s.router.drain()));
      for (const s of services) s.announceStop();
      // Let the server confirm what was sent (bounded); the rest is resumed at the next start.
      await Promise.race([
        Promise.all(senders.map((s) => s.idle())),
        new Promise((resolve) => setTimeout(resolve, STOP_CONFIRM_MS).unref()),
      ]);
      for (const sender of senders) sender.stop();
      await Promise.all(links.map((l) => l.stop()));
      await db.close();
      await http.stop();
      log.info("Manifold stopped");
    },
  };
}
