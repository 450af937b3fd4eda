// Proves the integration harness itself, on the server of this run (SERVER: Prosody or ejabberd): a
// private server starts, users log in and talk, IQs resolve and fail as they should, a component
// can authenticate with the configured secret, and restart() keeps accounts and stored data.
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

const REMOTE = "remote.localhost";

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
    before(async () => {
      server = await startServer({ components: { ...MANIFOLD_COMPONENTS }, extraDomains: [REMOTE] });
    });
    after(() => server.stop());

    it("accepts a component that knows the secret and refuses one that does not", async () => {
      const component = await connectComponent(server, GROUPS_DOMAIN, COMPONENT_SECRET);
      assert.equal(component.status, "online");
      await component.stop();
      await assert.rejects(connectComponent(server, GROUPS_DOMAIN, `${COMPONENT_SECRET}-wrong`));
    });

    it("routes each component domain only to the connection that authenticated for it", async () => {
      const groups = await connectComponent(server, GROUPS_DOMAIN, COMPONENT_SECRET);
      const received: Element[] = [];
      const ownArrived = new Promise<void>((resolve) =>
        groups.on("stanza", (el: Element) => {
          received.push(el);
          if (el.getChildText("body") === "groups") resolve();
        }),
      );
      const [alice] = await registerAndConnect(server, [uniqueName("alice")]);
      await alice!.send(
        xml("message", { to: `room@${LISTS_DOMAIN}`, type: "chat" }, xml("body", {}, "lists")),
      );
      const bounce = await alice!.waitFor((el) => el.attrs.from === `room@${LISTS_DOMAIN}`);
      assert.equal(bounce.attrs.type, "error", `no lists connection, so an error: ${bounce.toString()}`);
      await alice!.send(
        xml("message", { to: `room@${GROUPS_DOMAIN}`, type: "chat" }, xml("body", {}, "groups")),
      );
      await ownArrived;
      assert.deepEqual(
        received.map((el) => el.getChildText("body")),
        ["groups"],
        "the groups connection got its own stanza and not the one for lists",
      );
      await alice!.stop();
      await groups.stop();
    });

    it("lets users of a second host log in and talk to users of the first", async () => {
      const [alice] = await registerAndConnect(server, [uniqueName("alice")]);
      const [rita] = await registerAndConnect(onDomain(server, REMOTE), [uniqueName("rita")]);
      assert.equal(rita!.bare.split("@")[1], REMOTE);
      await rita!.send(xml("message", { to: alice!.bare, type: "chat" }, xml("body", {}, "from afar")));
      const received = await alice!.waitFor((el) => el.getChildText("body") === "from afar");
      assert.equal(received.attrs.from, rita!.jid);
      await Promise.all([alice!.stop(), rita!.stop()]);
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
