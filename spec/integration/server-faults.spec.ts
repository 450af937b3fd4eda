// Server faults under load (issue 7): the XMPP server killed with SIGKILL while an owner's topic
// messages are fanning out to members who are offline (their server stores the copies). Manifold
// reconnects with backoff; the topic and its member list are intact; every message the owner saw
// accepted (its reflection) reaches every member, repeats carrying the same stanza id. Run twice:
// with the server expanding the copies (issue 18: mod_manifold_multicast, mod_multicast) and
// with delivery.expansion off, one stanza per copy.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, type XmppServer } from "../../scripts/lib/xmpp-server.js";
import { startManifold, type RunningManifold } from "../helpers/manifold.js";
import { MANIFOLD_COMPONENTS } from "../helpers/prosody.js";
import { enter } from "../helpers/rooms.js";
import { connectUser, randomPassword, uniqueName, type TestUser } from "../helpers/users.js";
import {
  admin,
  createPersistentTopic,
  freshTopic,
  groupchat,
  isChatFrom,
  isGroupchatFrom,
  memberList,
  SID,
} from "../helpers/topics.js";
import type { Element } from "ltx";

const MEMBERS = 20;
const BEFORE = 10;
const AFTER = 10;

for (const expansion of ["auto", "off"] as const)
  describe(`server faults: the XMPP server killed under load (expansion ${expansion})`, function () {
    this.timeout(120_000);
    let server: XmppServer;
    let manifold: RunningManifold;
    const sessions: TestUser[] = [];
    const owner = { name: uniqueName("faults-alice"), password: randomPassword() };
    const members = Array.from({ length: MEMBERS }, (_, i) => ({
      name: uniqueName(`faults-m${i}`),
      password: randomPassword(),
    }));

    before(async () => {
      // Its own server: this spec kills it. Short backoff so the spec takes seconds.
      server = await startServer({ components: { ...MANIFOLD_COMPONENTS } });
      await server.registerUsers([owner, ...members]);
      // ejabberd writes accounts to disk a second or two after it answers (docs/servers.md): a clean
      // restart makes sure the accounts, which are not under test, survive the kill.
      if (server.kind === "ejabberd") await server.restart();
      const file = join(mkdtempSync(join(tmpdir(), "manifold-faults-")), "config.yaml");
      // ejabberd answers before its database has written (docs/servers.md): confirmations wait for it.
      const sync = server.kind === "ejabberd" ? "delivery:\n  serverSyncMs: 2500\n" : "";
      writeFileSync(file, `connection:\n  reconnectInitialMs: 100\n  reconnectMaxMs: 1000\n${sync}`);
      manifold = await startManifold(server, {
        env: { MANIFOLD_CONFIG: file, MANIFOLD_EXPANSION: expansion },
      });
    });
    after(async () => {
      await Promise.all(sessions.map((s) => s.stop()));
      await manifold.stop();
      await server.stop();
    });

    it("loses no accepted message and no stored state, and repeats carry the same stanza id", async () => {
      const memberJids = members.map((m) => `${m.name}@${server.domain}`);
      let alice = await connectUser(server, owner.name, owner.password);
      sessions.push(alice);
      const topic = freshTopic("faults");
      await createPersistentTopic(alice, topic);
      await admin(alice, topic, ...memberJids.map((jid) => ({ jid, affiliation: "member" })));

      const accepted: string[] = [];
      const send = async (user: TestUser, body: string) => {
        await groupchat(user, topic, body);
        await user.waitFor(isGroupchatFrom(topic, "Alice", body));
        accepted.push(body);
      };
      for (let i = 1; i <= BEFORE; i++) await send(alice, `message ${i}`);
      // More on their way, then the crash while they fan out: these count only if reflected.
      const unconfirmed = [1, 2, 3].map((k) => `in flight ${k}`);
      for (const body of unconfirmed) await groupchat(alice, topic, body);
      await alice.waitFor(isGroupchatFrom(topic, "Alice", unconfirmed[0]));
      accepted.push(unconfirmed[0]!);
      server.kill("SIGKILL");
      await manifold.app.links[1]!.when("offline");
      // Reflections that made it out before the kill were accepted too.
      for (const body of unconfirmed.slice(1))
        if (alice.inbox.some(isGroupchatFrom(topic, "Alice", body))) accepted.push(body);

      await server.restart();
      await Promise.all(manifold.app.links.map((link) => link.when("online")));
      alice = await connectUser(server, owner.name, owner.password);
      sessions.push(alice);
      await enter(alice, topic, "Alice");
      assert.deepEqual(await memberList(alice, topic), [...memberJids].sort(), "the member list is intact");
      for (let i = 1; i <= AFTER; i++) await send(alice, `after ${i}`);
      assert.ok((await manifold.app.metrics.count("manifold_component_reconnects")) >= 1);

      // Every member logs in and finds every accepted message in what their server kept for them;
      // a repeat (a copy the server had not confirmed when it died) keeps its stanza id.
      let repeats = 0;
      for (const m of members) {
        const member = await connectUser(server, m.name, m.password);
        sessions.push(member);
        const ids = new Map<string, string | undefined>();
        for (const body of accepted) {
          const first = await member.waitFor(isChatFrom(topic, body));
          ids.set(body, first.getChild("stanza-id", SID)?.attrs.id);
        }
        const more: Element[] = member.inbox.filter((el) => el.name === "message" && el.attrs.from === topic);
        for (const copy of more) {
          const body = copy.getChildText("body") ?? "";
          if (!ids.has(body)) continue; // an in-flight message that was never reflected may or may not arrive
          assert.equal(
            copy.getChild("stanza-id", SID)?.attrs.id,
            ids.get(body),
            `a repeat of "${body}" keeps its id`,
          );
          repeats++;
        }
        await member.stop();
      }
      assert.equal(await manifold.app.metrics.count("manifold_send_refused_total"), 0, "nothing was refused");
      const expanded = await manifold.app.metrics.count("manifold_expanded_copies_total");
      if (expansion === "auto") assert.ok(expanded > 0, "the server expanded the copies");
      else assert.equal(expanded, 0, "every copy was a stanza of its own");
      console.log(
        `      ${accepted.length} accepted messages × ${MEMBERS} members all delivered after the server's kill (${repeats} repeats)`,
      );
    });
  });
