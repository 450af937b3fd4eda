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
import { ComponentConnection } from "./xmpp/connection.js";
import type { Link } from "./xmpp/link.js";
import { Outbox } from "./xmpp/outbox.js";
import { Router } from "./xmpp/router.js";
import { Rooms } from "./muc/rooms.js";
import type { MucContext } from "./muc/context.js";
import { mucRoutes } from "./muc/routes.js";
import { loadOccupantIdSalt, occupantIdFactory } from "./muc/occupant-id.js";
import { defaultRoomConfig } from "./groups/defaults.js";
import { announceShutdown } from "./muc/shutdown.js";
import { VERSION } from "./version.js";

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
  readonly links: readonly Link[];
  readonly log: Log;
}

export async function createApp(config: Config, deps: AppDeps = {}): Promise<App> {
  const log = deps.log ?? createLog(config.log.level);
  const clock = deps.clock ?? systemClock;
  const ids = deps.ids ?? randomIds;
  const db = new Database(deps.level ?? openLevel(config.data));
  await db.open();
  const occupantId = occupantIdFactory(await loadOccupantIdSalt(db));
  const roomStore = new RoomStore(db);
  const archive = new ArchiveStore(db);
  const registrations = new RegistrationStore(db);

  const makeLink: (domain: string) => Link =
    deps.link ??
    ((domain: string) =>
      new ComponentConnection(
        { domain, ...config.server, serverDomain: config.localDomains[0]!, ...config.connection },
        log.child({ domain }),
        ids,
      ));

  const services = [{ domain: config.domains.groups, name: "Manifold groups" }];
  const routers: Router[] = [];
  const contexts: MucContext[] = [];
  const links: Link[] = [];
  for (const service of services) {
    const link = makeLink(service.domain);
    const out = new Outbox(link);
    const ctx: MucContext = {
      settings: {
        domain: service.domain,
        localDomains: config.localDomains,
        ...config.groups,
        defaults: defaultRoomConfig(config.groups),
      },
      rooms: new Rooms({ store: roomStore, archive, registrations, now: () => clock.now() }),
      archive,
      registrations,
      out,
      clock,
      ids,
      log: log.child({ service: service.domain }),
      occupantId,
    };
    const purged = await ctx.rooms.sweep();
    if (purged) ctx.log.info({ purged }, "removed data left by temporary or destroyed rooms");
    const router = new Router({
      routes: mucRoutes(ctx, { name: service.name, version: VERSION }),
      send: (el) => out.send(el),
      log: ctx.log,
      onIqResponse: (el) => link.takeResponse(el),
    });
    link.onStanza((el) => router.dispatch(el));
    routers.push(router);
    contexts.push(ctx);
    links.push(link);
  }

  return {
    links,
    log,
    async start() {
      await Promise.all(links.map((l) => l.start()));
      log.info({ domains: links.map((l) => l.domain), version: VERSION }, "Manifold started");
    },
    async stop() {
      await Promise.all(routers.map((r) => r.drain()));
      contexts.forEach(announceShutdown);
      await Promise.all(links.map((l) => l.stop()));
      await db.close();
      log.info("Manifold stopped");
    },
  };
}
