// The MANIFOLD_* environment variables, in one table: the loader applies it (load.ts), `manifold
// --help` prints it, and start-up errors name the variable of the key to fix from it, so none of
// the three can drift from the others. spec/unit/startup/environment.spec.ts checks that README's
// table lists them all.
import { ConfigError } from "./error.js";

export interface EnvVariable {
  readonly name: string;
  /** How a value looks, for --help. */
  readonly form: string;
  /** What it sets, in a few words, for --help. */
  readonly meaning: string;
  /** The configuration keys it sets; none for MANIFOLD_CONFIG, which names the file instead. */
  readonly keys: readonly string[];
  /** Its value as the values of `keys`, in order. A value of the wrong form is passed on as it is
   *  (or throws a ConfigError) so that the error names this variable. */
  readonly parse?: (value: string) => readonly unknown[];
}

/** The variable that names the operator's YAML file (the same as `--config FILE`). */
export const CONFIG_FILE_VARIABLE = "MANIFOLD_CONFIG";

const asIs = (value: string) => [value];

export const ENV_VARIABLES: readonly EnvVariable[] = [
  {
    name: CONFIG_FILE_VARIABLE,
    form: "FILE",
    meaning: "a YAML configuration file, as --config (config/example.yaml has every key)",
    keys: [],
  },
  {
    name: "MANIFOLD_SERVER",
    form: "host:port",
    meaning: "the XMPP server's component listener (XEP-0114), not a client port",
    keys: ["server.host", "server.port"],
    parse: (value) => {
      const match = /^(.+):(\d+)$/.exec(value);
      if (!match) {
        throw new ConfigError(
          `config: server = ${JSON.stringify(value)} (from MANIFOLD_SERVER): expected host:port`,
        );
      }
      return [match[1], Number(match[2])];
    },
  },
  {
    name: "MANIFOLD_SERVERS",
    form: "host:port,host:port",
    meaning: "an ejabberd cluster: each node's component listener (server.nodes)",
    keys: ["server.nodes"],
    parse: (value) => [
      value.split(",").map((item) => {
        const match = /^(.+):(\d+)$/.exec(item.trim());
        if (!match) {
          throw new ConfigError(
            `config: server.nodes = ${JSON.stringify(value)} (from MANIFOLD_SERVERS): expected host:port,host:port`,
          );
        }
        return { host: match[1], port: Number(match[2]) };
      }),
    ],
  },
  {
    name: "MANIFOLD_SECRET",
    form: "secret",
    meaning: "the component secret, one for both domains (never logged)",
    keys: ["server.secret"],
    parse: asIs,
  },
  {
    name: "MANIFOLD_SECRET_FILE",
    form: "FILE",
    meaning: "a file whose first line is the component secret",
    keys: ["server.secretFile"],
    parse: asIs,
  },
  {
    name: "MANIFOLD_GROUPS_DOMAIN",
    form: "domain",
    meaning: "component domain of rooms (groups)",
    keys: ["domains.groups"],
    parse: asIs,
  },
  {
    name: "MANIFOLD_LISTS_DOMAIN",
    form: "domain",
    meaning: "component domain of topics (lists)",
    keys: ["domains.lists"],
    parse: asIs,
  },
  {
    name: "MANIFOLD_LOCAL_DOMAINS",
    form: "domain,…",
    meaning: "domains whose users may create rooms and own topics",
    keys: ["localDomains"],
    parse: (value) => [value.split(",").map((d) => d.trim())],
  },
  {
    name: "MANIFOLD_DATA",
    form: "DIR",
    meaning: "the LevelDB directory (one Manifold process per directory)",
    keys: ["data"],
    parse: asIs,
  },
  {
    name: "MANIFOLD_LOG_LEVEL",
    form: "level",
    meaning: "fatal, error, warn, info, debug, trace or silent",
    keys: ["log.level"],
    parse: asIs,
  },
  {
    name: "MANIFOLD_EXPANSION",
    form: "auto|off",
    meaning: "server-side fan-out through the server's multicast service, or one copy per recipient",
    keys: ["delivery.expansion"],
    parse: asIs,
  },
  {
    name: "MANIFOLD_ARCHIVE_EXPIRE_AFTER",
    form: "never|30d|…",
    meaning: "how long archives keep a message (rooms may choose shorter)",
    keys: ["archive.expireAfter"],
    parse: asIs,
  },
  {
    name: "MANIFOLD_HTTP_PORT",
    form: "port",
    meaning: "port of the HTTP side (web client, /healthz, /metrics)",
    keys: ["http.port"],
    // Digits become a number; anything else goes to the schema as text, which rejects it by name.
    parse: (value) => [/^\d+$/.test(value) ? Number(value) : value],
  },
  {
    name: "MANIFOLD_HTTP_HOST",
    form: "address",
    meaning: "address the HTTP side listens on",
    keys: ["http.host"],
    parse: asIs,
  },
  {
    name: "MANIFOLD_WEBSOCKET_URL",
    form: "wss://…",
    meaning: "the XMPP server's WebSocket as browsers reach it",
    keys: ["web.websocketUrl"],
    parse: asIs,
  },
  {
    name: "MANIFOLD_WEB_ENABLED",
    form: "true|false",
    meaning: "false: no web client (/healthz and /metrics stay)",
    keys: ["web.enabled"],
    parse: (value) => [{ true: true, false: false }[value.toLowerCase()] ?? value],
  },
];

/** How start-up errors name the setting to change: its variable and the keys it sets, as in
 *  "MANIFOLD_DATA (data)" or "MANIFOLD_SERVER (server.host, server.port)"; a key no variable sets
 *  is named alone. */
export function settingName(key: string): string {
  const variable = ENV_VARIABLES.find((v) => v.keys.includes(key));
  return variable ? `${variable.name} (${variable.keys.join(", ")})` : key;
}

/** One line per variable for `manifold --help`, with its default from `defaults` (config/default.yaml). */
export function environmentHelp(defaults: Record<string, unknown>): string {
  const width = Math.max(...ENV_VARIABLES.map((v) => v.name.length + v.form.length + 1));
  const lines = ENV_VARIABLES.map((v) => {
    const shown = defaultOf(v, defaults);
    const usage = `${v.name}=${v.form}`.padEnd(width);
    return `  ${usage}  ${v.meaning}${shown === undefined ? "" : ` [${shown}]`}`;
  });
  return lines.join("\n");
}

/** The default in the variable's own form: keys joined by ":" (only MANIFOLD_SERVER has two:
 *  host:port), lists by ","; undefined when a key has no default (the secret). */
function defaultOf(variable: EnvVariable, defaults: Record<string, unknown>): string | undefined {
  if (variable.keys.length === 0) return undefined;
  const values = variable.keys.map((key) =>
    key
      .split(".")
      .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], defaults),
  );
  if (values.some((value) => value === undefined)) return undefined;
  return values.map((value) => (Array.isArray(value) ? value.join(",") : String(value))).join(":");
}
