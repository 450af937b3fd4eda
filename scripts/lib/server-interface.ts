// What every private XMPP server of the suites presents, whichever it is (scripts/lib/prosody.ts,
// scripts/lib/ejabberd.ts): the options a server starts with and the running server's interface.
// xmpp-server.ts starts either one by kind; a server's module (ejabberd.ts) imports this file, not
// xmpp-server.ts, so that the two do not import each other.

export const SERVER_KINDS = ["prosody", "ejabberd"] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

export interface ServerAccount {
  name: string;
  password: string;
}

export interface ServerOptions {
  /** Which server; default: the SERVER environment variable, else "prosody". */
  kind?: ServerKind;
  /** Where config, logs and data live; a fresh temp dir (removed at exit) if omitted. */
  dir?: string;
  /** The host users live on; default "localhost". */
  domain?: string;
  /** More hosts for users on the same server, e.g. "remote.localhost" for users of another domain. */
  extraDomains?: readonly string[];
  /** component domain → secret; each domain gets its own entry on the component listener. */
  components: Record<string, string>;
  /** Fixed ports; free loopback ones are picked otherwise. They must be free. */
  ports?: { c2s?: number; component?: number };
  /** The server's log level; default "info". */
  logLevel?: "debug" | "info" | "warn" | "error";
  /** Server-side fan-out for the components (docs/servers.md): Prosody loads Manifold's
   *  mod_manifold_multicast, ejabberd its mod_multicast; default true. */
  multicast?: boolean;
  /** Domains the multicast service lets in; default: the components (a spec of a refusal names others). */
  multicastSenders?: readonly string[];
  /** Every user's messages archived (MAM, archiving everything) and carbons on; default false. */
  archive?: boolean;
}

/**
 * A running private server. Every member of scripts/lib/prosody.ts's `Prosody` is here with a
 * compatible type, so code written against `Prosody` accepts an XmppServer as it is.
 */
export interface XmppServer {
  readonly kind: ServerKind;
  readonly domain: string;
  /** The other user hosts, as configured. */
  readonly extraDomains: readonly string[];
  readonly host: "127.0.0.1";
  readonly c2sPort: number;
  readonly componentPort: number;
  /** WebSocket/BOSH port; only Prosody started with `http` has one. */
  readonly httpPort: number | undefined;
  /** component domain → secret, as configured */
  readonly components: Readonly<Record<string, string>>;
  readonly dir: string;
  /** Where the server keeps accounts, rosters and offline messages. */
  readonly dataDir: string;
  readonly configPath: string;
  readonly logPath: string;
  /** The current process id; undefined while stopped. */
  readonly pid: number | undefined;
  readonly running: boolean;
  /** Asks the server to stop, waits (bounded), kills it if needed. Safe when already stopped. */
  stop(): Promise<void>;
  /** stop(), then start again on the same ports, config and data (also after kill()). */
  restart(): Promise<void>;
  /** Sends a signal to the server process without waiting, e.g. SIGKILL (crash) or SIGSTOP (freeze). */
  kill(signal?: NodeJS.Signals): void;
  /** Creates or overwrites accounts on `domain` (or on one of `extraDomains`); works while running. */
  registerUsers(users: readonly ServerAccount[], domain?: string): Promise<void>;
  /** Makes these users (already registered) mutual contacts in roster group `group`; a user who
   *  already has a roster keeps it. Before they log in. */
  befriend(names: readonly string[], group: string): Promise<void>;
  /** The last lines of the server's log, for error messages. */
  logTail(lines?: number): string;
}

/** The server SERVER names (default "prosody"); anything else is an error that says what is valid. */
export function serverKindFromEnv(env: NodeJS.ProcessEnv = process.env): ServerKind {
  const wanted = (env.SERVER ?? "").trim();
  if (wanted === "") return "prosody";
  const kind = SERVER_KINDS.find((k) => k === wanted.toLowerCase());
  if (!kind) {
    throw new Error(
      `SERVER=${JSON.stringify(wanted)} is not a server the suite can run: use ${SERVER_KINDS.join(" or ")}`,
    );
  }
  return kind;
}

/** Fails unless `domain` is one of the server's user hosts. */
export function checkUserDomain(server: Pick<XmppServer, "domain" | "extraDomains">, domain: string): void {
  if (domain !== server.domain && !server.extraDomains.includes(domain)) {
    throw new Error(
      `This server has no user host ${domain} (it has ${[server.domain, ...server.extraDomains].join(", ")})`,
    );
  }
}
