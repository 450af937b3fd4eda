// One interface for the private XMPP servers the integration suite runs Manifold against: Prosody
// 0.12 (scripts/lib/prosody.ts) and ejabberd 23.01 (scripts/lib/ejabberd.ts). `startServer` picks
// the server from its options or from the SERVER environment variable, so one spec file runs
// against either: `SERVER=ejabberd npm run test:integration`. The interface itself, and the options,
// are in server-interface.ts (re-exported here).
import { startEjabberd } from "./ejabberd.js";
import { writeAccounts } from "./prosody-accounts.js";
import { luaString } from "./prosody-config.js";
import { startProsody, type Prosody } from "./prosody.js";
import {
  checkUserDomain,
  serverKindFromEnv,
  type ServerOptions,
  type XmppServer,
} from "./server-interface.js";

export {
  SERVER_KINDS,
  checkUserDomain,
  serverKindFromEnv,
  type ServerAccount,
  type ServerKind,
  type ServerOptions,
  type XmppServer,
} from "./server-interface.js";

/** Starts a private server of `options.kind` (else SERVER) and resolves once it answers XMPP. */
export async function startServer(options: ServerOptions): Promise<XmppServer> {
  const { kind = serverKindFromEnv(), extraDomains = [], ...rest } = options;
  if (kind === "ejabberd") return startEjabberd({ ...rest, extraDomains });
  const hosts = extraDomains.map((domain) => `VirtualHost ${luaString(domain)}`);
  const prosody = await startProsody({ ...rest, ...(hosts.length ? { extraConfig: hosts.join("\n") } : {}) });
  return prosodyServer(prosody, extraDomains);
}

/** A Prosody seen through the common interface (its befriend writes files and is synchronous);
 *  `extraDomains` are the VirtualHosts its config has besides `domain`. */
export function prosodyServer(prosody: Prosody, extraDomains: readonly string[] = []): XmppServer {
  const server: XmppServer = {
    kind: "prosody",
    domain: prosody.domain,
    extraDomains: [...extraDomains],
    host: prosody.host,
    c2sPort: prosody.c2sPort,
    componentPort: prosody.componentPort,
    httpPort: prosody.httpPort,
    components: prosody.components,
    dir: prosody.dir,
    dataDir: prosody.dataDir,
    configPath: prosody.configPath,
    logPath: prosody.logPath,
    get pid() {
      return prosody.pid;
    },
    get running() {
      return prosody.running;
    },
    stop: () => prosody.stop(),
    restart: () => prosody.restart(),
    kill: (signal) => prosody.kill(signal),
    registerUsers(users, domain = prosody.domain) {
      checkUserDomain(server, domain);
      if (domain === prosody.domain) return prosody.registerUsers(users);
      writeAccounts(prosody.dataDir, domain, users);
      return Promise.resolve();
    },
    befriend(names, group) {
      prosody.befriend(names, group);
      return Promise.resolve();
    },
    logTail: (lines) => prosody.logTail(lines),
  };
  return server;
}
