// The two files a private ejabberd 23.01 runs from, written by us, never Debian's (that one requires
// STARTTLS, shapes c2s to 3 kB/s and listens on every interface). `ejabberd.yml`: everything on
// loopback, plain SASL without TLS, no s2s, no shapers, the modules the suite needs, an HTTP API on
// loopback to create accounts and rosters fast. `ejabberdctl.cfg`: the Erlang node's own name and
// distribution port, so several instances (and a system one) never share a node or epmd.
import { stringify } from "yaml";

export interface EjabberdConfigSettings {
  /** The hosts users live on, the main one first. */
  domains: readonly string[];
  ports: { c2s: number; component: number; api: number };
  /** component domain → secret */
  components: Readonly<Record<string, string>>;
  logLevel: "debug" | "info" | "warn" | "error";
  /** mod_multicast (XEP-0033) at multicast.<domain>, open to the components only, limits raised. */
  multicast?: boolean;
  /** Who may use it; default: the components. */
  multicastSenders?: readonly string[] | undefined;
  /** mod_mam archiving every message, and mod_carbons. */
  archive?: boolean;
  /** mod_muc (XEP-0045), not loaded by default: see EjabberdMuc. */
  muc?: EjabberdMuc | undefined;
  /** The c2s listener's queue of connections not yet accepted; ejabberd's default is 5, too few for
   *  dozens of clients connecting at once (the rest wait for a SYN retransmit, a second or more). */
  c2sBacklog?: number | undefined;
}

/** ejabberd's own MUC service (the benchmark's case b compares a topic with it). */
export interface EjabberdMuc {
  /** Its domain, e.g. "muc.@HOST@" (mod_muc's `host` option). */
  host: string;
  /** More mod_muc options, named as in ejabberd.yml (`history_size`, `max_users`,
   *  `default_room_options`, …); mod_muc's defaults otherwise. */
  options?: Readonly<Record<string, unknown>>;
}

export interface EjabberdctlSettings {
  /** `name@localhost`: unique per instance (Mnesia ties its data to it). */
  nodeName: string;
  /** The node listens for ejabberdctl here instead of registering with epmd. */
  distPort: number;
  /** ejabberd writes the process id of its Erlang VM here. */
  pidPath: string;
  /** The loopback address distribution listens on (127.0.0.1 unless a cluster node has its own:
   *  without epmd, a node reaches another on its own distribution port, so the nodes of one
   *  cluster share the port and differ by address). */
  distAddress?: string;
}

const LOG_LEVELS = { debug: "debug", info: "info", warn: "warning", error: "error" } as const;

/** A loopback-only listener of `module`. */
const listener = (port: number, module: string, options: Record<string, unknown>) => ({
  port,
  ip: "127.0.0.1",
  module,
  ...options,
});

export function renderEjabberdConfig(s: EjabberdConfigSettings): string {
  const components = Object.keys(s.components);
  // Server-side fan-out (docs/servers.md): only Manifold's component domains may use the service,
  // and as senders that are not one of the server's hosts they count as "remote", whose default
  // limit is 20 addresses; Manifold sends at most delivery.confirmEvery (200) in one stanza.
  const multicast = s.multicast
    ? {
        acl: { manifold_components: { server: [...(s.multicastSenders ?? components)] } },
        access_rules: { manifold_multicast: [{ allow: "manifold_components" }] },
      }
    : {};
  const config = {
    ...multicast,
    loglevel: LOG_LEVELS[s.logLevel],
    log_rotate_count: 0,
    log_rotate_size: "infinity",
    hosts: [...s.domains],
    default_db: "mnesia",
    // Stored as given, so SASL PLAIN (what test users log in with) needs no SCRAM derivation.
    auth_password_format: "plain",
    listen: [
      listener(s.ports.c2s, "ejabberd_c2s", {
        starttls: false,
        starttls_required: false,
        max_stanza_size: 262144,
        shaper: "none",
        ...(s.c2sBacklog === undefined ? {} : { backlog: s.c2sBacklog }),
      }),
      // One listener for every component domain, each with its own secret. global_routes: false,
      // or a connection authenticated for one domain is routed the stanzas of all of them (Manifold
      // copes, but the harness spec checks the config an operator should use: docs/servers.md).
      listener(s.ports.component, "ejabberd_service", {
        shaper: "none",
        global_routes: false,
        hosts: Object.fromEntries(
          Object.entries(s.components).map(([domain, password]) => [domain, { password }]),
        ),
      }),
      listener(s.ports.api, "ejabberd_http", { request_handlers: { "/api": "mod_http_api" } }),
    ],
    // The API is for the harness on this machine only; ejabberdctl keeps working too.
    api_permissions: {
      "console commands": { from: ["ejabberd_ctl"], who: "all", what: "*" },
      "harness on loopback": { from: ["mod_http_api"], who: { ip: "127.0.0.1/8" }, what: "*" },
    },
    s2s_access: "none",
    modules: {
      mod_admin_extra: {},
      mod_disco: {},
      mod_http_api: {},
      mod_offline: {},
      mod_ping: {},
      mod_roster: { versioning: false },
      ...(s.multicast
        ? {
            mod_multicast: {
              hosts: ["multicast.@HOST@"],
              access: "manifold_multicast",
              limits: { remote: { message: 5000, presence: 5000 } },
            },
          }
        : {}),
      ...(s.archive ? { mod_mam: { default: "always" }, mod_carboncopy: {} } : {}),
      ...(s.muc ? { mod_muc: { ...s.muc.options, host: s.muc.host } } : {}),
    },
  };
  return (
    "# Generated by Manifold's scripts/lib/ejabberd.ts for a private, loopback-only ejabberd.\n" +
    "# Rewritten on every start: edit the generator, not this file.\n" +
    stringify(config)
  );
}

/** A shell word in single quotes (the file is sourced by ejabberdctl, a bash script). */
const shellWord = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

export function renderEjabberdctlConfig(s: EjabberdctlSettings): string {
  // The Erlang cookie is not here: it is read from $HOME/.erlang.cookie (HOME is the instance
  // directory), so it never shows in the process list.
  const erlOptions = [
    "-env ERL_CRASH_DUMP_BYTES 0",
    // Distribution (ejabberdctl's way in) on loopback only.
    `-kernel inet_dist_use_interface {${(s.distAddress ?? "127.0.0.1").split(".").join(",")}}`,
  ].join(" ");
  return [
    "# Generated by Manifold's scripts/lib/ejabberd.ts; sourced by ejabberdctl.",
    `ERLANG_NODE=${shellWord(s.nodeName)}`,
    `ERL_DIST_PORT=${s.distPort}`,
    `ERL_OPTIONS=${shellWord(erlOptions)}`,
    `EJABBERD_PID_PATH=${shellWord(s.pidPath)}`,
    // We run as root: without this ejabberdctl would switch to the `ejabberd` system user.
    "EXEC_CMD=as_current_user",
    "EJABBERD_BYPASS_WARNINGS=true",
    "",
  ].join("\n");
}
