// The authorization matrix against a real server with real clients (spec/helpers/authz-matrix.ts):
// every operation by every role, all cells on one fixture set up once, in the table's order.
//
// The `remote` role needs users of a second domain on the same server: this file starts its own
// server (Prosody or ejabberd, as SERVER says) with a second user host.
import assert from "node:assert/strict";
import type { Element } from "ltx";
import { startServer, type XmppServer } from "../../scripts/lib/xmpp-server.js";
import { GROUPS_DOMAIN, LISTS_DOMAIN, MANIFOLD_COMPONENTS, SERVER_KIND } from "../helpers/server.js";
import { startManifold, type RunningManifold } from "../helpers/manifold.js";
import {
  StanzaErrorReply,
  connectUser,
  onDomain,
  randomPassword,
  uniqueName,
  type TestUser,
} from "../helpers/users.js";
import {
  MATRIX,
  PEOPLE,
  cellName,
  rolesOf,
  runCell,
  setUpFixture,
  type Driver,
  type Fixture,
  type Person,
} from "../helpers/authz-matrix.js";

const REMOTE = "remote.localhost";

interface Stage {
  server: XmppServer;
  /** Logs in a new user of REMOTE; undefined when this server has no second host. */
  remoteUser?: () => Promise<TestUser>;
  /** Stops what this file started (not the shared server). */
  stop(): Promise<void>;
}

/** A server of its own with a second user host, REMOTE, for the remote role. */
async function stage(): Promise<Stage> {
  const server = await startServer({ components: { ...MANIFOLD_COMPONENTS }, extraDomains: [REMOTE] });
  return {
    server,
    remoteUser: () => connectUser(onDomain(server, REMOTE), uniqueName("remote")),
    stop: () => server.stop(),
  };
}

/** Each person is one logged-in client; IQ errors come back as answers rather than rejections. */
function clientDriver(server: XmppServer, users: Map<Person, TestUser>): Driver {
  const user = (p: Person): TestUser => {
    const found = users.get(p);
    if (!found)
      throw new Error(
        `${SERVER_KIND} has no second host here, so no ${p} user could log in (scripts/lib/xmpp-server.ts needs extra hosts)`,
      );
    return found;
  };
  return {
    local: server.domain,
    remote: REMOTE,
    groups: GROUPS_DOMAIN,
    lists: LISTS_DOMAIN,
    unique: uniqueName,
    jid: (p) => user(p).jid,
    send: (p, stanza) => user(p).send(stanza),
    iq: (p, stanza) =>
      user(p)
        .iq(stanza)
        .catch((err: unknown) => {
          if (err instanceof StanzaErrorReply) return err.stanza;
          throw err;
        }),
    waitFor: (p, match) => user(p).waitFor(match),
    take(p, match) {
      const found = user(p).inbox.find(match);
      // waitFor takes a stanza already received at once, so this removes it from the inbox now.
      if (found) void user(p).waitFor((el: Element) => el === found);
      return found;
    },
    clear: (p) => users.get(p)?.drain(),
  };
}

describe("authorization matrix (real server)", function () {
  this.timeout(30_000);
  let setup: Stage;
  let manifold: RunningManifold;
  const users = new Map<Person, TestUser>();
  let d: Driver;
  let fixture: Fixture;

  before(async () => {
    setup = await stage();
    manifold = await startManifold(setup.server);
    const locals = PEOPLE.filter((p) => p !== "remote");
    const accounts = locals.map((p) => ({
      person: p,
      name: uniqueName(p.replace("-", "")),
      password: randomPassword(),
    }));
    await setup.server.registerUsers(accounts);
    const clients = await Promise.all(accounts.map((a) => connectUser(setup.server, a.name, a.password)));
    accounts.forEach((a, i) => users.set(a.person, clients[i]!));
    if (setup.remoteUser) users.set("remote", await setup.remoteUser());
    d = clientDriver(setup.server, users);
    fixture = await setUpFixture(d);
  });

  after(async () => {
    await Promise.all([...users.values()].map((u) => u.stop()));
    await manifold?.stop();
    await setup?.stop();
  });

  for (const op of MATRIX) {
    for (const role of rolesOf(op)) {
      it(cellName(op, role), async () => {
        assert.equal(await runCell(d, fixture, op, role), op.expected[role], op.ref);
      });
    }
  }
});
