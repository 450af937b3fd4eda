// The router and the limits: the intake is consulted on arrival, before any route runs, and every
// refusal by a limit (at the intake or thrown by a handler) is counted once by the limit's name.
import assert from "node:assert/strict";
import { pino } from "pino";
import { Intake } from "../../../src/limits/intake.js";
import { LimitError } from "../../../src/limits/limit-error.js";
import { routerCounters } from "../../../src/limits/router-counters.js";
import { Metrics } from "../../../src/metrics/metrics.js";
import { Router, type Route } from "../../../src/xmpp/router.js";
import { xml, type Element } from "../../../src/xmpp/xml.js";

const ROOM = "room@groups.example.org";
const REFUSALS = "manifold_limit_refusals_total";

function world(handle: Route["handle"]) {
  const sent: Element[] = [];
  const handled: string[] = [];
  const metrics = new Metrics();
  const intake = new Intake({
    settings: { stanzasPerSecondPerSender: 1, senderBurst: 1, maxStanzaBytes: 10_000 },
    clock: { now: () => 0 },
    ownDomains: ["groups.example.org"],
    serverDomains: ["example.org"],
  });
  const route: Route = {
    name: "message",
    kind: "message",
    handle: (s) => {
      handled.push(s.stanza.attrs.id!);
      return handle(s);
    },
  };
  const router = new Router({
    routes: [route],
    send: (el) => sent.push(el),
    log: pino({ level: "silent" }),
    intake,
    counters: routerCounters(metrics),
  });
  return { router, sent, handled, metrics };
}

const message = (id: string, from = "alice@example.org/phone") =>
  xml("message", { type: "chat", id, from, to: ROOM }, xml("body", {}, id));

describe("Router with limits", () => {
  it("refuses at the intake before any route runs, answering once and counting every refusal", async () => {
    const { router, sent, handled, metrics } = world(() => undefined);
    for (const id of ["m1", "m2", "m3"]) await router.dispatch(message(id));
    assert.deepEqual(handled, ["m1"]);
    assert.deepEqual(
      sent.map((el) => [el.attrs.id, el.attrs.type]),
      [["m2", "error"]],
    );
    assert.equal(await metrics.count(REFUSALS, { limit: "sender-rate" }), 2);
  });

  it("answers a refusal on arrival from the service (by), though the stanza was to a room", async () => {
    const { router, sent } = world(() => undefined);
    for (const id of ["m1", "m2"]) await router.dispatch(message(id));
    assert.equal(sent[0]?.getChild("error")?.attrs.by, "groups.example.org");
  });

  it("counts a LimitError thrown by a handler by its limit, and answers it", async () => {
    const { router, sent, metrics } = world(() => {
      throw new LimitError("topic-rate", "policy-violation", "at most 1 message a minute", { type: "wait" });
    });
    await router.dispatch(message("m1"));
    assert.equal(sent[0]?.getChild("error")?.attrs.type, "wait");
    assert.equal(await metrics.count(REFUSALS, { limit: "topic-rate" }), 1);
  });

  it("neither limits nor answers an error stanza past the limit, and counts it", async () => {
    const { router, sent, handled, metrics } = world(() => undefined);
    await router.dispatch(message("m1"));
    await router.dispatch(
      xml("message", { type: "error", id: "e1", from: "alice@example.org/phone", to: ROOM }),
    );
    assert.deepEqual(handled, ["m1"]);
    assert.deepEqual(sent, []);
    assert.equal(await metrics.count(REFUSALS, { limit: "sender-rate" }), 1);
  });

  it("passes IQ answers to the waiting requests without spending any budget", async () => {
    const { router, handled } = world(() => undefined);
    for (let i = 0; i < 3; i++)
      await router.dispatch(
        xml("iq", { type: "result", id: `r${i}`, from: "alice@example.org/phone", to: ROOM }),
      );
    await router.dispatch(message("m1"));
    assert.deepEqual(handled, ["m1"]);
  });
});
