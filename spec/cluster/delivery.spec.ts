// Manifold on a two-node ejabberd cluster (issue 20; docs/operations.md, "An ejabberd cluster"):
// one connection to each node for each domain, stanzas taken from both, copies spread over both.
// Users logged in on either node get a topic's message once each, answer through whichever node
// they are on, and use a nested-group room together.
import assert from "node:assert/strict";
import type { Element } from "ltx";
import type { App } from "../../src/app.js";
import type { EjabberdCluster } from "../../scripts/lib/ejabberd-cluster.js";
import {
  addMembers as addTopicMembers,
  createPersistentTopic,
  freshTopic,
  groupchat,
  isChatFrom,
  isGroupchatFrom,
  chat,
} from "../helpers/topics.js";
import { enterThrough, groupInRoom, recordAll } from "../helpers/groups.js";
import type { TestUser } from "../helpers/users.js";
import { clusterLinks, nodesUp, startCluster, startClusterManifold, usersOn } from "./helpers.js";

describe("cluster: Manifold on two ejabberd nodes", function () {
  this.timeout(60_000);
  let cluster: EjabberdCluster;
  let app: App;
  const sessions: TestUser[] = [];

  before(async () => {
    cluster = await startCluster();
    ({ app } = await startClusterManifold(cluster));
    await nodesUp(app, 2);
  });
  after(async () => {
    await Promise.all(sessions.map((s) => s.stop()));
    await app?.stop();
    await cluster?.stop();
  });

  it("keeps a connection to each node for each domain", () => {
    const links = clusterLinks(app);
    assert.deepEqual(
      links.map((l) => [l.domain, l.size, l.nodesUp]),
      [
        ["groups.localhost", 2, 2],
        ["lists.localhost", 2, 2],
      ],
    );
  });

  it("gives members on both nodes a topic's message once each, and brings their answers back", async () => {
    const [a, b] = cluster.nodes;
    const [alice, bob, carol, dave, erin] = await usersOn(
      cluster,
      ["alice", a!],
      ["bob", a!],
      ["carol", b!],
      ["dave", b!],
      ["erin", b!],
    );
    sessions.push(alice!, bob!, carol!, dave!, erin!);
    const members = [bob!, carol!, dave!, erin!];
    const seen = new Map(members.map((m) => [m, recordAll(m)]));
    const topic = freshTopic("cluster");
    await createPersistentTopic(alice!, topic);
    await addTopicMembers(alice!, topic, ...members);

    await groupchat(alice!, topic, "hello, both nodes");
    await groupchat(alice!, topic, "and again");
    for (const member of members) await member.waitFor(isChatFrom(topic, "and again"));
    for (const [member, stanzas] of seen) {
      const copies = stanzas.filter(isChatFrom(topic, "hello, both nodes"));
      assert.equal(copies.length, 1, `${member.bare} got the first message once`);
    }

    await chat(carol!, topic, "count me in");
    const answer = await alice!.waitFor((el: Element) => el.getChildText("body") === "count me in");
    assert.equal(answer.attrs.type, "groupchat", "in her room, from carol's occupant");
    assert.ok(answer.attrs.from?.startsWith(`${topic}/`));
  });

  it("lets users on both nodes use a nested-group room together", async () => {
    const [a, b] = cluster.nodes;
    const [alice, bob, carol, erin] = await usersOn(
      cluster,
      ["alice", a!],
      ["bob", b!],
      ["carol", a!],
      ["erin", b!],
    );
    sessions.push(alice!, bob!, carol!, erin!);
    const { b: room, name } = await groupInRoom(alice!, carol!, [bob!], [erin!]);
    await enterThrough(bob!, room, name, "bobby");
    await groupchat(bob!, room, "from node b, as the group");
    await carol!.waitFor(isGroupchatFrom(room, name, "from node b, as the group"));
    // Erin (node b) is not in the room: it reaches her as a member who is away.
    await erin!.waitFor(
      (el: Element) =>
        el.attrs.from === "groups.localhost" &&
        el.getChildText("body") === `[${room.split("@")[0]}] ${name}: from node b, as the group`,
    );
  });
});
