// The benchmark's ejabberd 23.01: the harness's own lean config (scripts/lib/ejabberd-config.ts: no
// TLS, no shapers on the c2s and component listeners, no stream management, blocking, privacy or
// carbons, mod_multicast open to the components) plus ejabberd's own MUC at muc.localhost for case
// (b), set up as Prosody's is in prosody-lean.ts: no history, only moderators' presence broadcast
// (N occupants joining cost O(N) presence stanzas, not O(N²)), and no limit on the way to 1000
// occupants and beyond (mod_muc's defaults cap a room at 200). ejabberd 23.01 does not lock a room
// it creates for a join: the others may enter at once, as with Prosody's muc_room_locking = false.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { startEjabberd, type Ejabberd } from "../scripts/lib/ejabberd.js";
import { COMPONENT_DOMAINS, MUC_DOMAIN, P_GROUPS_DOMAIN, P_LISTS_DOMAIN } from "./domains.js";

/** Occupants a room may have, rooms a user may be in: far above any N of the benchmark. */
const NO_LIMIT = 100_000;

/** mod_muc's options (ejabberd.yml names). Shapers and intervals are mod_muc's defaults, stated. */
const MUC_OPTIONS = {
  // No history kept or sent (Prosody: muc_room_default_history_length = 0).
  history_size: 0,
  // The hard limit of occupants per room (default 200), and the room option bounded by it.
  max_users: NO_LIMIT,
  // Above this many occupants a room counts as overcrowded and stops sending joiners the presence
  // of those already in (default 1000); Prosody has no such threshold.
  max_users_presence: NO_LIMIT,
  max_user_conferences: NO_LIMIT,
  room_shaper: "none",
  user_message_shaper: "none",
  user_presence_shaper: "none",
  min_message_interval: 0,
  min_presence_interval: 0,
  default_room_options: {
    // Prosody: muc_room_default_presence_broadcast = { moderator = true }.
    presence_broadcast: ["moderator"],
    max_users: NO_LIMIT,
    persistent: false,
    mam: false,
    logging: false,
  },
};

export interface BenchEjabberd {
  ejabberd: Ejabberd;
  /** What the generated config loads and sets, for the report. */
  modules: string;
}

export async function startLeanEjabberd(dir: string, secret: string): Promise<BenchEjabberd> {
  const ejabberd = await startEjabberd({
    dir,
    components: Object.fromEntries(COMPONENT_DOMAINS.map((domain) => [domain, secret])),
    muc: { host: MUC_DOMAIN.replace(/\.localhost$/, ".@HOST@"), options: MUC_OPTIONS },
    // Receivers log in 50 at a time; Prosody's backlog (tcp_backlog) is 128 by default.
    c2sBacklog: 128,
    logLevel: "warn",
  });
  return { ejabberd, modules: describeModules(ejabberd.configPath, ejabberd.domain) };
}

interface Listener {
  module?: string;
  shaper?: string;
  backlog?: number;
  starttls?: boolean;
  hosts?: Record<string, unknown>;
}

interface Config {
  modules?: Record<string, Record<string, unknown>>;
  listen?: Listener[];
  auth_password_format?: string;
  default_db?: string;
  s2s_access?: string;
}

/** `{a: 1, b: [x, y]}` as `a 1, b [x, y]`, for one line of the report. */
function options(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(options).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    return Object.entries(value)
      .map(([key, v]) =>
        v !== null && typeof v === "object" && !Array.isArray(v)
          ? `${key} {${options(v)}}`
          : `${key} ${options(v)}`,
      )
      .join(", ");
  }
  return String(value);
}

function describeModules(configPath: string, domain: string): string {
  const config = parse(readFileSync(configPath, "utf8")) as Config;
  const modules = config.modules ?? {};
  const shaperOf = (module: string) => config.listen?.find((l) => l.module === module)?.shaper ?? "default";
  const c2s = config.listen?.find((l) => l.module === "ejabberd_c2s");
  const components = Object.keys(config.listen?.find((l) => l.module === "ejabberd_service")?.hosts ?? {});
  const multicast = modules.mod_multicast;
  const { host: mucHost, ...muc } = modules.mod_muc ?? {};
  const text =
    `${Object.keys(modules).join(", ")}; auth internal (passwords ${config.auth_password_format ?? "scram"}), ` +
    `storage ${config.default_db ?? "mnesia"}; s2s ${config.s2s_access === "none" ? "disabled" : "enabled"}; ` +
    `no stream management/blocking/privacy/carbons/MAM${c2s?.starttls === false ? "/tls" : ""}; ` +
    `listener shapers c2s ${shaperOf("ejabberd_c2s")}, component ${shaperOf("ejabberd_service")}; ` +
    `c2s backlog ${c2s?.backlog ?? 5}; ` +
    (multicast
      ? `mod_multicast at ${[multicast.hosts].flat().join(", ")} for the components (${options(multicast.limits)}); `
      : "") +
    `components ${components.join(", ")} (${P_GROUPS_DOMAIN} and ${P_LISTS_DOMAIN}: case p's Manifold); ` +
    `${String(mucHost)}: mod_muc (${options(muc)}; a room is open to all as soon as it is created)`;
  return text.replaceAll("@HOST@", domain);
}

/** The Debian package's version (ejabberdctl tells it only to a running node). */
export function ejabberdVersion(): string {
  try {
    const version = execFileSync("dpkg-query", ["-W", "-f=${Version}", "ejabberd"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
    return version || "unknown";
  } catch {
    return "unknown";
  }
}
