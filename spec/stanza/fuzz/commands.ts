// XEP-0050 commands as Manifold offers them: discovered, as a client does, with disco#items on the
// commands node of both services and of every room and topic, asked by every user of the cast
// (each sees only the commands they may run); then executions of them, valid and broken.
import fc from "fast-check";
import { ALICE, BOB, CAROL, DAN, EVE, FRED, MALLORY, ROOMS, SERVICES, TOPICS } from "./cast.js";
import { fromAddress } from "./addresses.js";
import { scenarioWorld } from "./scenario.js";
import { commandPayload, node, NS } from "./payloads-iq.js";
import { el } from "./xml-text.js";
import { fuzzStanza, type FuzzStanza } from "./arbitraries.js";

export interface OfferedCommand {
  jid: string;
  node: string;
  /** A user the command was offered to. */
  user: string;
}

export async function discoverCommands(): Promise<OfferedCommand[]> {
  const { w } = await scenarioWorld();
  const offered = new Map<string, OfferedCommand>();
  try {
    for (const address of [...SERVICES, ...ROOMS, ...TOPICS]) {
      for (const user of [ALICE, BOB, CAROL, DAN, EVE, MALLORY, FRED]) {
        await w.send(
          el(
            "iq",
            { type: "get", id: "disco", from: user, to: address },
            el("query", { xmlns: NS.discoItems, node: NS.commands }),
          ),
        );
        const reply = w.take().find((e) => e.name === "iq" && e.attrs.id === "disco");
        if (reply?.attrs.type !== "result")
          throw new Error(`commands of ${address} for ${user}: ${reply?.toString() ?? "no answer"}`);
        for (const item of reply.getChild("query")?.getChildren("item") ?? []) {
          const found = { jid: item.attrs.jid ?? "", node: item.attrs.node ?? "", user };
          offered.set(`${found.jid} ${found.node}`, offered.get(`${found.jid} ${found.node}`) ?? found);
        }
      }
    }
  } finally {
    await w.stop();
  }
  return [...offered.values()];
}

/** Executions of offered commands: mostly by someone they were offered to, with the right node. */
export function commandStanza(offered: readonly OfferedCommand[]): fc.Arbitrary<FuzzStanza> {
  return fc
    .record({
      target: fc.constantFrom(...offered),
      from: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fromAddress }),
      otherNode: fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: node }),
      info: fc.oneof(
        { weight: 6, arbitrary: fc.constant(false) },
        { weight: 1, arbitrary: fc.constant(true) },
      ),
      id: fc.stringMatching(/^[a-z0-9]{1,6}$/),
    })
    .chain(({ target, from, otherNode, info, id }) => {
      const nodeName = otherNode ?? target.node;
      const sender = from ?? target.user;
      const payload = info
        ? fc.constant(el("query", { xmlns: NS.discoInfo, node: nodeName }))
        : commandPayload(fc.constant(nodeName));
      return payload.map((p) =>
        fuzzStanza(
          `command ${target.node}${from ? " by anyone" : ""}`,
          el("iq", { type: info ? "get" : "set", from: sender, to: target.jid, id: `cmd-${id}` }, p),
        ),
      );
    });
}
