// Proves the integration harness itself: a private Prosody starts, users log in and talk, IQs
// resolve and fail as they should, a component can authenticate with the configured secret, and
// restart() keeps accounts and stored data.
import assert from "node:assert/strict";
import { Component } from "@xmpp/component-core";
import type { Element } from "ltx";
import { startProsody, type Prosody } from "../../scripts/lib/prosody.js";
import { COMPONENT_SECRET, GROUPS_DOMAIN, MANIFOLD_COMPONENTS, useProsody } from "../helpers/prosody.js";
import {
  connectUser,
  randomPassword,
  registerAndConnect,
  uniqueName,
  xml,
  type TestUser,
} from "../helpers/users.js";

/** Connects a bare XEP-0114 component (no Manifold) and resolves once Prosody accepted the handshake. */
async function connectComponent(prosody: Prosody, domain: string, secret: string): Promise<Component> {
  const component = new Component({ service: `xmpp://${prosody.host}:${prosody.componentPort}`, domain });
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

describe("integration harness", function () {
  this.timeout(10_000);

  describe("the shared Prosody", () => {
    let users: TestUser[] = [];
    afterEach(() => Promise.all(users.map((u) => u.stop())));

    it("lets two fresh users log in and exchange a chat message", async () => {
      const prosody = await useProsody();
      users = await registerAndConnect(prosody, [uniqueName("alice"), uniqueName("bob")]);
      const [alice, bob] = users as [TestUser, TestUser];
      await alice.send(xml("message", { to: bob.bare, type: "chat", id: "hi-1" }, xml("body", {}, "Hi Bob")));
      const received = await bob.waitFor(
        (el) => el.name === "message" && el.getChildText("body") === "Hi Bob",
      );
      assert.equal(received.attrs.from, alice.jid);
      assert.equal(bob.inbox.length, 0, "waitFor took the stanza out of the inbox");
    });

    it("resolves IQ results and rejects IQ errors with their condition", async () => {
      const prosody = await useProsody();
      users = [await connectUser(prosody, uniqueName("carol"))];
      const [carol] = users as [TestUser];
      const pong = await carol.iq(
        xml("iq", { type: "get", to: prosody.domain }, xml("ping", { xmlns: "urn:xmpp:ping" })),
      );
      assert.equal(pong.attrs.type, "result");
      await assert.rejects(
        carol.iq(
          xml("iq", { type: "get", to: prosody.domain }, xml("query", { xmlns: "urn:x-manifold:nothing" })),
        ),
        (err: Error & { condition?: string }) => err.condition === "service-unavailable",
      );
    });
  });

  describe("a private Prosody", () => {
    let prosody: Prosody;
    before(async () => {
      prosody = await startProsody({ components: { ...MANIFOLD_COMPONENTS } });
    });
    after(() => prosody.stop());

    it("accepts a component that knows the secret and refuses one that does not", async () => {
      const component = await connectComponent(prosody, GROUPS_DOMAIN, COMPONENT_SECRET);
      assert.equal(component.status, "online");
      await component.stop();
      await assert.rejects(connectComponent(prosody, GROUPS_DOMAIN, `${COMPONENT_SECRET}-wrong`));
    });

    it("keeps accounts and offline messages across restart()", async () => {
      const passwords = { dave: randomPassword(), erin: randomPassword() };
      await prosody.registerUsers(Object.entries(passwords).map(([name, password]) => ({ name, password })));
      const dave = await connectUser(prosody, "dave", passwords.dave);
      await dave.send(
        xml("message", { to: "erin@localhost", type: "chat" }, xml("body", {}, "while you were out")),
      );
      // A round trip after the message: once it is answered, Prosody has stored the message offline.
      await dave.iq(xml("iq", { type: "get", to: prosody.domain }, xml("ping", { xmlns: "urn:xmpp:ping" })));
      await dave.stop();

      const pidBefore = prosody.pid;
      await prosody.restart();
      assert.notEqual(prosody.pid, pidBefore);

      const erin = await connectUser(prosody, "erin", passwords.erin);
      const stored = await erin.waitFor((el) => el.getChildText("body") === "while you were out");
      assert.equal(stored.attrs.from?.split("/")[0], "dave@localhost");
      await erin.stop();
    });
  });
});
