// Router: routes as data, first match wins, errors mapped to XMPP once, per-room arrival order.
import assert from "node:assert/strict";
import { pino } from "pino";
import { NS } from "../../../src/xmpp/ns.js";
import { Router, type Inbound, type Route } from "../../../src/xmpp/router.js";
import { StanzaError } from "../../../src/xmpp/stanza-error.js";
import { xml, type Element } from "../../../src/xmpp/xml.js";
import { deferred, isSettled } from "../helpers/ticks.js";

const SERVICE = "groups.example.org";
const ROOM = `room@${SERVICE}`;
const ALICE = "alice@example.org/phone";

function world(routes: Route[]) {
  const sent: Element[] = [];
  const responses: Element[] = [];
  const router = new Router({
    routes,
    send: (el) => sent.push(el),
    log: pino({ level: "silent" }),
    onIqResponse: (stanza) => (responses.push(stanza), true),
  });
  return { router, sent, responses };
}

const pingGet = (attrs: Record<string, string> = {}) =>
  xml("iq", { type: "get", id: "p1", from: ALICE, to: ROOM, ...attrs }, xml("ping", { xmlns: NS.ping }));

const groupchat = (body: string, to = ROOM) =>
  xml("message", { type: "groupchat", from: ALICE, to, id: body }, xml("body", {}, body));

function errorOf(el: Element | undefined): { condition?: string; type?: string; text?: string } {
  const error = el?.getChild("error");
  assert.ok(error, `expected an error stanza, got ${String(el)}`);
  const text = error.getChild("text", NS.stanzas);
  return {
    condition: error.getChildElements().find((c) => c.attrs.xmlns === NS.stanzas && c.name !== "text")?.name,
    type: error.attrs.type,
    ...(text ? { text: text.getText() } : {}),
  };
}

describe("Router", () => {
  it("runs only the first route that matches", async () => {
    const calls: string[] = [];
    const { router } = world([
      { name: "presence", kind: "presence", handle: () => void calls.push("presence") },
      { name: "first", kind: "message", types: ["groupchat"], handle: () => void calls.push("first") },
      { name: "second", kind: "message", handle: () => void calls.push("second") },
    ]);
    await router.dispatch(groupchat("hi"));
    assert.deepEqual(calls, ["first"]);
  });

  it("matches routes by addressee and payload", async () => {
    const calls: string[] = [];
    const { router } = world([
      { name: "full", kind: "iq", to: ["full"], handle: () => void calls.push("full") },
      {
        name: "version",
        kind: "iq",
        payload: { name: "query", ns: NS.version },
        handle: () => void calls.push("version"),
      },
      {
        name: "ping",
        kind: "iq",
        payload: { name: "ping", ns: NS.ping },
        handle: () => void calls.push("ping"),
      },
    ]);
    await router.dispatch(pingGet());
    assert.deepEqual(calls, ["ping"]);
  });

  it("hands the matched payload and parsed addresses to the handler", async () => {
    let seen: Inbound | undefined;
    const { router } = world([
      { name: "ping", kind: "iq", payload: { name: "ping", ns: NS.ping }, handle: (s) => void (seen = s) },
    ]);
    await router.dispatch(pingGet({ from: "Alice@Example.org/phone" }));
    assert.equal(seen?.payload?.name, "ping");
    assert.equal(seen?.from.bare, "alice@example.org");
    assert.equal(seen?.to.bare, ROOM);
    assert.equal(seen?.addressee, "bare");
    assert.equal(seen?.type, "get");
  });

  it("answers an IQ get with a result carrying the handler's element", async () => {
    const { router, sent } = world([
      {
        name: "version",
        kind: "iq",
        types: ["get"],
        handle: () => xml("query", { xmlns: NS.version }, xml("name", {}, "Manifold")),
      },
    ]);
    await router.dispatch(pingGet());
    assert.equal(sent.length, 1);
    const reply = sent[0]!;
    assert.deepEqual(reply.attrs, { type: "result", from: ROOM, to: ALICE, id: "p1" });
    assert.equal(reply.getChild("query", NS.version)?.getChildText("name"), "Manifold");
  });

  it("answers an IQ whose handler returns nothing with an empty result", async () => {
    const { router, sent } = world([{ name: "ping", kind: "iq", handle: async () => {} }]);
    await router.dispatch(pingGet());
    assert.equal(sent[0]?.attrs.type, "result");
    assert.equal(sent[0]?.children.length, 0);
  });

  it("answers an IQ nobody handles with service-unavailable and a text", async () => {
    const { router, sent } = world([]);
    await router.dispatch(pingGet());
    assert.equal(sent.length, 1);
    assert.equal(sent[0]?.attrs.type, "error");
    assert.equal(sent[0]?.attrs.to, ALICE);
    assert.equal(sent[0]?.attrs.id, "p1");
    const error = errorOf(sent[0]);
    assert.equal(error.condition, "service-unavailable");
    assert.ok(error.text);
  });

  it("answers a chat message nobody handles with service-unavailable", async () => {
    const { router, sent } = world([]);
    await router.dispatch(xml("message", { type: "chat", from: ALICE, to: ROOM }, xml("body", {}, "hi")));
    assert.equal(errorOf(sent[0]).condition, "service-unavailable");
  });

  it("ignores unhandled presence and headline messages", async () => {
    const { router, sent } = world([]);
    await router.dispatch(xml("presence", { type: "probe", from: ALICE, to: ROOM }));
    await router.dispatch(xml("message", { type: "headline", from: ALICE, to: ROOM }));
    assert.deepEqual(sent, []);
  });

  it("answers a StanzaError with its condition and text", async () => {
    const { router, sent } = world([
      {
        name: "guarded",
        kind: "message",
        handle: () => {
          throw new StanzaError("forbidden", "Visitors cannot speak here");
        },
      },
    ]);
    await router.dispatch(groupchat("hi"));
    assert.equal(sent.length, 1);
    assert.equal(sent[0]?.name, "message");
    assert.deepEqual(errorOf(sent[0]), {
      condition: "forbidden",
      type: "auth",
      text: "Visitors cannot speak here",
    });
  });

  it("answers an unexpected exception with internal-server-error and no internal text", async () => {
    const { router, sent } = world([
      {
        name: "broken",
        kind: "iq",
        handle: async () => {
          await Promise.resolve();
          throw new Error("db path /var/lib/secret-thing exploded");
        },
      },
    ]);
    await router.dispatch(pingGet());
    assert.deepEqual(errorOf(sent[0]), { condition: "internal-server-error", type: "cancel" });
    assert.doesNotMatch(sent[0]!.toString(), /exploded|secret-thing/);
  });

  it("never answers a stanza of type error, even when its handler throws", async () => {
    const { router, sent } = world([
      {
        name: "bounces",
        kind: "message",
        handle: () => {
          throw new StanzaError("bad-request", "no");
        },
      },
      {
        name: "presence",
        kind: "presence",
        handle: () => {
          throw new Error("boom");
        },
      },
    ]);
    await router.dispatch(xml("message", { type: "error", from: ALICE, to: ROOM }));
    await router.dispatch(xml("presence", { type: "error", from: ALICE, to: ROOM }));
    assert.deepEqual(sent, []);
  });

  it("answers a stanza with a malformed from with jid-malformed without running a route", async () => {
    let ran = false;
    const { router, sent } = world([{ name: "any", kind: "message", handle: () => void (ran = true) }]);
    await router.dispatch(
      xml("message", { type: "chat", id: "m1", from: "a@@b", to: ROOM }, xml("body", {}, "hi")),
    );
    assert.equal(ran, false);
    assert.equal(errorOf(sent[0]).condition, "jid-malformed");
    assert.equal(sent[0]?.attrs.id, "m1");
  });

  it("names the room as the error's raiser (by) for what a route refused to the room or an occupant", async () => {
    const { router, sent } = world([
      {
        name: "guarded",
        kind: "message",
        handle: () => {
          throw new StanzaError("forbidden", "Visitors cannot speak here");
        },
      },
      {
        name: "broken",
        kind: "iq",
        handle: () => {
          throw new Error("boom");
        },
      },
    ]);
    await router.dispatch(groupchat("hi"));
    await router.dispatch(
      xml("message", { type: "chat", from: ALICE, to: `${ROOM}/Nick` }, xml("body", {}, "psst")),
    );
    await router.dispatch(pingGet());
    assert.deepEqual(
      sent.map((el) => el.getChild("error")?.attrs.by),
      [ROOM, ROOM, ROOM],
    );
  });

  it("names the service as the raiser (by) for what is refused at its own JID", async () => {
    const { router, sent } = world([
      {
        name: "service",
        kind: "message",
        to: ["service"],
        handle: () => {
          throw new StanzaError("service-unavailable", "This is a room service: join a room to chat");
        },
      },
    ]);
    await router.dispatch(xml("message", { type: "chat", from: ALICE, to: SERVICE }, xml("body", {}, "hi")));
    assert.equal(sent[0]?.getChild("error")?.attrs.by, SERVICE);
  });

  it("names the service as the raiser (by) for its own refusals before any room is involved", async () => {
    const { router, sent } = world([]);
    await router.dispatch(pingGet());
    await router.dispatch(
      xml("message", { type: "chat", id: "m1", from: "a@@b", to: ROOM }, xml("body", {}, "hi")),
    );
    assert.deepEqual(
      sent.map((el) => [errorOf(el).condition, el.getChild("error")?.attrs.by]),
      [
        ["service-unavailable", SERVICE],
        ["jid-malformed", SERVICE],
      ],
    );
  });

  it("passes IQ results and errors to onIqResponse and routes none of them", async () => {
    let ran = false;
    const { router, sent, responses } = world([{ name: "any", kind: "iq", handle: () => void (ran = true) }]);
    const result = xml("iq", { type: "result", id: "ours1", from: ALICE, to: ROOM });
    const error = xml("iq", { type: "error", id: "ours2", from: ALICE, to: ROOM });
    await router.dispatch(result);
    await router.dispatch(error);
    assert.deepEqual(responses, [result, error]);
    assert.equal(ran, false);
    assert.deepEqual(sent, []);
  });

  it("handles stanzas to one room in arrival order, even when the first waits longer", async () => {
    const firstMayFinish = deferred();
    const log: string[] = [];
    const { router } = world([
      {
        name: "groupchat",
        kind: "message",
        handle: async (s) => {
          const body = s.stanza.getChildText("body")!;
          log.push(`start ${body}`);
          if (body === "one") await firstMayFinish.promise;
          log.push(`end ${body}`);
        },
      },
    ]);
    const one = router.dispatch(groupchat("one"));
    const two = router.dispatch(groupchat("two", `${ROOM}/Nick`));
    assert.equal(await isSettled(two), false);
    assert.deepEqual(log, ["start one"]);
    firstMayFinish.resolve();
    await Promise.all([one, two]);
    assert.deepEqual(log, ["start one", "end one", "start two", "end two"]);
  });

  it("handles stanzas to different rooms independently", async () => {
    const blocked = deferred();
    const done: string[] = [];
    const { router } = world([
      {
        name: "groupchat",
        kind: "message",
        handle: async (s) => {
          if (s.to.local === "slow") await blocked.promise;
          done.push(s.to.local);
        },
      },
    ]);
    const slow = router.dispatch(groupchat("a", "slow@groups.example.org"));
    await router.dispatch(groupchat("b", "fast@groups.example.org"));
    assert.deepEqual(done, ["fast"]);
    blocked.resolve();
    await slow;
    assert.deepEqual(done, ["fast", "slow"]);
  });

  it("drain waits for stanzas under way and ignores new ones afterwards", async () => {
    const release = deferred();
    const handled: string[] = [];
    const { router, sent } = world([
      {
        name: "groupchat",
        kind: "message",
        handle: async (s) => {
          if (s.stanza.attrs.id === "early") await release.promise;
          handled.push(s.stanza.attrs.id!);
        },
      },
    ]);
    const early = router.dispatch(groupchat("early"));
    const drained = router.drain();
    assert.equal(await isSettled(drained), false, "drain waits for the stanza under way");
    release.resolve();
    await drained;
    await early;
    await router.dispatch(groupchat("late"));
    await router.dispatch(pingGet());
    assert.deepEqual(handled, ["early"]);
    assert.deepEqual(sent, [], "nothing is answered after drain");
  });
});
