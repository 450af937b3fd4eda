// What a room kind plugs into and gets back (DESIGN: a feature is a folder exposing register):
// the shared parts, the service core a kind's `register(core)` receives, and what it returns.
import type { Config } from "../config/load.js";
import type { Clock } from "../core/clock.js";
import type { Ids } from "../core/ids.js";
import type { Log } from "../core/log.js";
import type { ChatStates } from "../chatstates/chat-states.js";
import type { Expansion } from "../delivery/expansion.js";
import type { FanoutSender } from "../delivery/fanout.js";
import type { FanoutJournal } from "../delivery/journal.js";
import type { Intake } from "../limits/intake.js";
import type { Metrics } from "../metrics/metrics.js";
import type { MucContext } from "../muc/context.js";
import type { Room } from "../muc/room.js";
import type { Retention } from "../muc/retention.js";
import type { ArchiveStore } from "../store/archive.js";
import type { AvatarStore } from "../store/avatars.js";
import type { Database } from "../store/db.js";
import type { RegistrationStore } from "../store/registrations.js";
import type { RoomIndex, RoomStore } from "../store/rooms.js";
import type { Link } from "../xmpp/link.js";
import type { Route, Router } from "../xmpp/router.js";

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
  retention: Retention;
  avatars: AvatarStore;
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
  /** Server-side fan-out through the server's multicast service, when it offers one. */
  expansion: Expansion;
  /** Ends periodic work (first in a stop). */
  stopTimers(): void;
  /** Tells occupants the service is going away, once intake has drained. */
  announceStop(): void;
}
