// Proves the integration harness itself, on the server of this run (SERVER: Prosody or ejabberd): a
// private server starts, users log in and talk, IQs resolve and fail as they should, a component
// can authenticate with the configured secret, and restart() keeps accounts and stored data. Also
// pins down where the two servers differ in ways Manifold depends on (docs/servers.md).
import assert from "node:assert/strict";
import { Component } from "@xmpp/component-core";
import type { Element } from "ltx";
import { startServer, type XmppServer } from "../../scripts/lib/xmpp-server.js";
import {
  COMPONENT_SECRET,
  GROUPS_DOMAIN,
  LISTS_DOMAIN,
  MANIFOLD_COMPONENTS,
  useServer,
} from "../helpers/server.js";
import {
  connectUser,
  onDomain,
  randomPassword,
  registerAndConnect,
  uniqueName,
  xml,
  type TestUser,
} from "../helpers/users.js";

/** Connects a bare XEP-0114 component (no Manifold) and resolves once the server accepted the handshake. */
async function connectComponent(server: XmppServer, domain: string, secret: string): Promise<Component> {
  const component = new Component({ service: `xmpp://${server.host}:${server.componentPort}`, domain });
  component.on("error", () => undefined); // a refused handshake rejects start() below
  component.on("open", (header: Element) => {
    component
      .authenticate(header.attrs.id ?? "", secret)
      .catch((err: unknown) => component.emit("error", err));
  });
  try {
    await component.start();
  } catch (err) {
    await component.stop().catch(() => undefined);
    throw err;
  }
  return component;
}

/** Every stanza a component receives, and a wait for the first one that matches. */
function record(component: Component): {
  stanzas: Element[];
  next(match: (el: Element) => boolean): Promise<Element>;
} {
  const stanzas: Element[] = [];
  const waiting: { match: (el: Element) => boolean; resolve: (el: Element) => void }[] = [];
  component.on("stanza", (el: Element) => {
    stanzas.push(el);
    for (const w of waiting.filter((w) => w.match(el))) {
      waiting.splice(waiting.indexOf(w), 1);
      w.resolve(el);
    }
  });
  return {
    stanzas,
    next: (match) => {
      const seen = stanzas.find(match);
      return seen ? Promise.resolve(seen) : new Promise((resolve) => waiting.push({ match, resolve }));
    },
  };
}

const REMOTE = "remote.localhost";
const CHATSTATES = "http://jabber.org/protocol/chatstates";

describe("integration harness", function () {
  this.timeout(10_000);

  describe("the shared server", () => {
    let users: TestUser[] = [];
    afterEach(() => Promise.all(users.map((u) => u.stop())));

    it("lets two fresh users log in and exchange a chat message", async () => {
      const server = await useServer();
      users = await registerAndConnect(server, [uniqueName("alice"), uniqueName("bob")]);
      const [alice, bob] = users as [TestUser, TestUser];
      await alice.send(xml("message", { to: bob.bare, type: "chat", id: "hi-1" }, xml("body", {}, "Hi Bob")));
      const received = await bob.waitFor(
        (el) => el.name === "message" && el.getChildText("body") === "Hi Bob",
      );
      assert.equal(received.attrs.from, alice.jid);
      assert.equal(bob.inbox.length, 0, "waitFor took the stanza out of the inbox");
    });

    it("resolves IQ results and rejects IQ errors with their condition", async () => {
      const server = await useServer();
      users = [await connectUser(server, uniqueName("carol"))];
      const [carol] = users as [TestUser];
      const pong = await carol.iq(
        xml("iq", { type: "get", to: server.domain }, xml("ping", { xmlns: "urn:xmpp:ping" })),
      );
      assert.equal(pong.attrs.type, "result");
      await assert.rejects(
        carol.iq(
          xml("iq", { type: "get", to: server.domain }, xml("query", { xmlns: "urn:x-manifold:nothing" })),
        ),
        (err: Error & { condition?: string }) => err.condition === "service-unavailable",
      );
    });
  });

  describe("a private server", () => {
    let server: XmppServer;
    let users: TestUser[] = [];
    let components: Component[] = [];
    before(async () => {
      server = await startServer({ components: { ...MANIFOLD_COMPONENTS }, extraDomains: [REMOTE] });
    });
    after(() => server.stop());
    afterEach(async () => {
      await Promise.all([...users.splice(0), ...components.splice(0)].map((x) => x.stop()));
    });

    it("accepts a component that knows the secret and refuses one that does not", async () => {
      const component = await connectComponent(server, GROUPS_DOMAIN, COMPONENT_SECRET);
      assert.equal(component.status, "online");
      await component.stop();
      await assert.rejects(connectComponent(server, GROUPS_DOMAIN, `${COMPONENT_SECRET}-wrong`));
    });

    it("routes each component domain only to the connection that authenticated for it", async () => {
      const groups = await connectComponent(server, GROUPS_DOMAIN, COMPONENT_SECRET);
      components = [groups];
      const received: Element[] = [];
      const ownArrived = new Promise<void>((resolve) =>
        groups.on("stanza", (el: Element) => {
          received.push(el);
          if (el.getChildText("body") === GROUPS_DOMAIN) resolve();
        }),
      );
      users = await registerAndConnect(server, [uniqueName("alice")]);
      const [alice] = users;
      const message = (domain: string) =>
        xml("message", { to: `room@${domain}`, type: "chat" }, xml("body", {}, domain));
      await alice!.send(message(LISTS_DOMAIN));
      await alice!.send(message(GROUPS_DOMAIN)); // from the same session, so it arrives after
      await ownArrived;
      assert.deepEqual(
        received.map((el) => el.getChildText("body")),
        [GROUPS_DOMAIN],
        "the groups connection got its own stanza and not the one for lists",
      );
      const bounce = await alice!.waitFor((el) => el.attrs.from === `room@${LISTS_DOMAIN}`);
      assert.equal(bounce.attrs.type, "error", `no lists connection, so an error: ${bounce.toString()}`);
    });

    it("lets users of a second host log in and talk to users of the first", async () => {
      users = await registerAndConnect(server, [uniqueName("alice")]);
      users.push(...(await registerAndConnect(onDomain(server, REMOTE), [uniqueName("rita")])));
      const [alice, rita] = users;
      assert.equal(rita!.bare.split("@")[1], REMOTE);
      await rita!.send(xml("message", { to: alice!.bare, type: "chat" }, xml("body", {}, "from afar")));
      const received = await alice!.waitFor((el) => el.getChildText("body") === "from afar");
      assert.equal(received.attrs.from, rita!.jid);
    });

    // Prosody refuses a second connection for a connected domain; ejabberd accepts it and hands
    // each stanza to one of the two. So on ejabberd nothing stops a second Manifold (with another
    // data directory) from taking half of the traffic: run one instance (docs/servers.md).
    it("refuses a second connection for a domain (Prosody) or shares the domain with it (ejabberd)", async () => {
      components = [await connectComponent(server, GROUPS_DOMAIN, COMPONENT_SECRET)];
      const second = connectComponent(server, GROUPS_DOMAIN, COMPONENT_SECRET);
      if (server.kind === "prosody") {
        await assert.rejects(second, /conflict/);
      } else {
        components.push(await second);
        assert.equal(components[1]!.status, "online");
      }
    });

    // Why Manifold sends chat states only to people it knows to be online: Prosody stores a state
    // sent to an offline user and hands it over at their next login (even with <no-store/>);
    // ejabberd stores none and bounces the state to its sender with service-unavailable.
    it("stores a chat state for an offline user (Prosody) or bounces it (ejabberd)", async () => {
      const lists = await connectComponent(server, LISTS_DOMAIN, COMPONENT_SECRET);
      components = [lists];
      const seen = record(lists);
      const name = uniqueName("offline");
      const password = randomPassword();
      await server.registerUsers([{ name, password }]);
      const to = `${name}@${server.domain}`;
      const from = `topic@${LISTS_DOMAIN}`;
      await lists.send(
        xml("message", { from, to, type: "chat", id: "state" }, xml("composing", { xmlns: CHATSTATES })),
      );
      await lists.send(xml("message", { from, to, type: "chat", id: "body" }, xml("body", {}, "sentinel")));
      // The server answers the ping after it has handled both messages (one stream, in order).
      await lists.send(
        xml(
          "iq",
          { from, to: server.domain, type: "get", id: "sync" },
          xml("ping", { xmlns: "urn:xmpp:ping" }),
        ),
      );
      await seen.next((el) => el.attrs.id === "sync");
      const bounce = seen.stanzas.find((el) => el.attrs.id === "state");

      users = [await connectUser(server, name, password)];
      // A message with a body is stored on both; what was stored comes in order, at login.
      await users[0]!.waitFor((el) => el.getChildText("body") === "sentinel");
      const statesStored = users[0]!.inbox.filter((el) => el.getChild("composing", CHATSTATES)).length;
      if (server.kind === "prosody") {
        assert.equal(bounce, undefined, "no bounce");
        assert.equal(statesStored, 1, "Prosody stored the state and hands it over at login");
      } else {
        assert.equal(bounce?.attrs.type, "error", `ejabberd bounces the state: ${String(bounce)}`);
        assert.ok(bounce?.getChild("error")?.getChild("service-unavailable"), String(bounce));
        assert.equal(statesStored, 0, "ejabberd stored no state");
      }
    });

    it("keeps accounts and offline messages across restart()", async () => {
      const passwords = { dave: randomPassword(), erin: randomPassword() };
      await server.registerUsers(Object.entries(passwords).map(([name, password]) => ({ name, password })));
      const dave = await connectUser(server, "dave", passwords.dave);
      await dave.send(
        xml("message", { to: "erin@localhost", type: "chat" }, xml("body", {}, "while you were out")),
      );
      // A round trip after the message: once it is answered, the server has stored the message offline.
      await dave.iq(xml("iq", { type: "get", to: server.domain }, xml("ping", { xmlns: "urn:xmpp:ping" })));
      await dave.stop();

      const pidBefore = server.pid;
      await server.restart();
      assert.notEqual(server.pid, pidBefore);

      const erin = await connectUser(server, "erin", passwords.erin);
      const stored = await erin.waitFor((el) => el.getChildText("body") === "while you were out");
      assert.equal(stored.attrs.from?.split("/")[0], "dave@localhost");
      await erin.stop();
    });
  });
});
