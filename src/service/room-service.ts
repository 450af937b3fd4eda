// One room service (a component domain) assembled from shared parts and one room kind: its
// connection, outbox, journaled fan-out sender, live rooms, hooks and router. The kind plugs in
// through `register(core)` and returns its typed context, routes and lifecycle; nothing here
// knows what the kind is.
import { Hooks } from "../core/hooks.js";
import { noteBounce } from "../delivery/bounces.js";
import { Expansion } from "../delivery/expansion.js";
import { FanoutSender } from "../delivery/fanout.js";
import { routerCounters } from "../limits/router-counters.js";
import type { RoomEvents } from "../muc/events.js";
import { addCorePolicies } from "../muc/policies/index.js";
import { Rooms } from "../muc/rooms.js";
import { announceShutdown } from "../muc/shutdown.js";
import type { Link } from "../xmpp/link.js";
import { Outbox } from "../xmpp/outbox.js";
import { Router } from "../xmpp/router.js";
import type { KindService, RoomKindPlugin, RoomService, SharedParts } from "./kind-plugin.js";

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
  const expansion = new Expansion({
    link,
    serverDomain: config.localDomains[0]!,
    localDomains: config.localDomains,
    mode: config.delivery.expansion,
    maxAddresses: config.delivery.confirmEvery,
    timeoutMs: config.delivery.confirmTimeoutMs,
    ids: shared.ids,
    log: log.child({ service: domain, part: "expansion" }),
    metrics,
  });
  out.expander = expansion;
  const fanout = new FanoutSender({
    link,
    journal: shared.journal,
    serverDomain: config.localDomains[0]!,
    settings: config.delivery,
    expansion,
    ids: shared.ids,
    log: log.child({ service: domain, part: "fanout" }),
    metrics,
  });
  const late: { kind?: KindService; router?: Router } = {};
  const rooms = new Rooms({
    store: shared.roomStore,
    archive: shared.archive,
    avatars: shared.avatars,
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
      retention: shared.retention,
      avatars: shared.avatars,
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
    if (expansion.takeError(el)) return Promise.resolve();
    noteBounce(el, metrics, serviceLog);
    return dispatch(el, router);
  });
  expansion.start();
  return {
    ctx,
    kind,
    link,
    router,
    fanout,
    expansion,
    stopTimers() {
      for (const timer of timers) clearInterval(timer);
    },
    announceStop() {
      announceShutdown(ctx);
      kind.beforeStop?.();
    },
  };
}
