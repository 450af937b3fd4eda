// What every room-service handler receives: collaborators passed in, never imported singletons.
import type { Clock } from "../core/clock.js";
import type { Ids } from "../core/ids.js";
import type { Log } from "../core/log.js";
import type { ChatStates } from "../chatstates/chat-states.js";
import type { Metrics } from "../metrics/metrics.js";
import type { ArchiveStore } from "../store/archive.js";
import type { AvatarStore } from "../store/avatars.js";
import type { RegistrationStore } from "../store/registrations.js";
import type { Outbox } from "../xmpp/outbox.js";
import type { FanoutSender } from "../delivery/fanout.js";
import type { Rooms } from "./rooms.js";
import type { KindTraits } from "./kind.js";
import type { RoomHooks } from "./events.js";
import type { Views } from "./views.js";
import type { RoomConfig } from "./types.js";
import type { Retention } from "./retention.js";

export interface MucSettings {
  domain: string;
  /** Users of these domains may create rooms (unless createRooms is "anyone"). */
  localDomains: readonly string[];
  createRooms: "local" | "anyone";
  historyDefault: number;
  historyMax: number;
  maxMembers: number;
  maxOccupants: number;
  archiveMaxPage: number;
  /** Registration requests (XEP-0045 §7.10) that may wait for an answer in one room; unbounded if absent. */
  maxPendingRequests?: number;
  /** Configuration a newly created room starts with. */
  defaults: RoomConfig;
}

export interface MucContext {
  settings: MucSettings;
  /** What this service's room kind declares about itself. */
  kind: KindTraits;
  /** Room events the core's policies and the kind hook into (muc/events.ts). */
  hooks: RoomHooks;
  /** Who sees whom as what in this kind's rooms. */
  views: Views;
  rooms: Rooms;
  archive: ArchiveStore;
  /** Room avatars' images (their hashes are on the room records). */
  avatars: AvatarStore;
  /** How long the archive keeps a message, per room. */
  retention: Retention;
  registrations: RegistrationStore;
  out: Outbox;
  /** Journaled fan-out: copies that must survive a crash or a lost connection. */
  fanout: FanoutSender;
  clock: Clock;
  ids: Ids;
  log: Log;
  /** What chat states may pass, and to whom (PROTOCOL §3); shared by both services. */
  chatStates: ChatStates;
  metrics: Metrics;
  /** XEP-0421: a stable, opaque id for a user in a room. */
  occupantId(room: string, bareJid: string): string;
}
