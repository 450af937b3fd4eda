// One Manifold per interop spec file against the shared server (SERVER picks Prosody or ejabberd);
// users registered and logged in with nbxmpp per test, stopped after it.
import { ensureNbxmpp } from "../../../scripts/lib/ensure-packages.js";
import type { XmppServer } from "../../../scripts/lib/xmpp-server.js";
import { startManifold, type RunningManifold } from "../../helpers/manifold.js";
import { useServer } from "../../helpers/server.js";
import { randomPassword, uniqueName } from "../../helpers/users.js";
import { InteropUser } from "./user.js";

export interface InteropSuite {
  readonly server: XmppServer;
  /** Registers one user per base name (unique names) and logs them all in with nbxmpp, in parallel. */
  people<const N extends readonly string[]>(...bases: N): Promise<{ [K in keyof N]: InteropUser }>;
}

let nbxmpp: Promise<string> | undefined;

/** Registers the hooks of an interop spec file: call it at the top of its describe block. */
export function interopSuite(): InteropSuite {
  let server: XmppServer | undefined;
  let manifold: RunningManifold | undefined;
  const sessions: InteropUser[] = [];
  const suite: InteropSuite = {
    get server() {
      if (!server) throw new Error("the suite's server is not started yet (use it inside hooks and tests)");
      return server;
    },
    async people<const N extends readonly string[]>(...bases: N) {
      const accounts = bases.map((base) => ({ name: uniqueName(base), password: randomPassword() }));
      await suite.server.registerUsers(accounts);
      const users = await Promise.all(accounts.map((a) => InteropUser.connect(suite.server, a)));
      sessions.push(...users);
      return users as { [K in keyof N]: InteropUser };
    },
  };
  before(async () => {
    // `npm test` has checked already; this is for running the layer alone (installs when root).
    nbxmpp ??= ensureNbxmpp((line) => console.log(line));
    await nbxmpp;
    server = await useServer();
    manifold = await startManifold(server);
  });
  after(() => manifold?.stop());
  afterEach(async function () {
    const users = sessions.splice(0);
    // Read before stopping: closing the stream may log warnings of its own.
    const warnings = users.flatMap((u) => u.warnings.map((w) => `  ${u.bare}: ${w}`));
    await Promise.all(users.map((u) => u.stop()));
    // A test that passed while nbxmpp warned about a stanza (and so dropped or half-read it) has
    // not shown what a client sees: fail it here (mocha then skips the rest of this file).
    if (this.currentTest?.state === "passed" && warnings.length > 0) {
      throw new Error(`nbxmpp warned about stanzas it received:\n${warnings.join("\n")}`);
    }
  });
  return suite;
}
