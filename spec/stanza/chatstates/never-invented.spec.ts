// Manifold never makes up a chat state (XEP-0085 §5.5, PROTOCOL §3): not when people come and go,
// not when messages without states pass, not when a topic's owner goes offline.
import assert from "node:assert/strict";
import { world, LISTS, GROUPS, type World } from "../helpers/world.js";
import { BADMINTON, BOB_JID, OWNER, addMembers } from "../helpers/topics.js";
import { createRoom, join } from "../helpers/muc.js";
import { CHATSTATES } from "../helpers/chatstates.js";
import type { Element } from "../../../src/xmpp/xml.js";

const BOB = `${BOB_JID}/laptop`;
const TEA = `tea@${GROUPS}`;

function anyState(out: Element[]): string[] {
  const found: string[] = [];
  const visit = (el: Element) => {
    if (el.attrs.xmlns === CHATSTATES) found.push(el.toString());
    el.getChildElements().forEach(visit);
  };
  out.forEach(visit);
  return found;
}

describe("chat states: never invented", () => {
  let w: World;
  afterEach(() => w.stop());

  it("sends none of its own through a topic's whole life and a room's comings and goings", async () => {
    w = await world();
    const seen: Element[] = [];
    const step = async (stanza: string) => {
      await w.send(stanza);
      seen.push(...w.take());
    };
    await step(`<presence from="${OWNER}" to="${LISTS}"/>`);
    await createRoom(w, OWNER, BADMINTON, "Alice", { "muc#roomconfig_persistentroom": "1" });
    seen.push(...(await addMembers(w, OWNER, BADMINTON, [BOB_JID])));
    await step(`<presence from="${BOB}" to="${BADMINTON}"/>`);
    await step(`<message type="groupchat" from="${OWNER}" to="${BADMINTON}"><body>hi</body></message>`);
    await step(`<message type="chat" from="${BOB}" to="${BADMINTON}"><body>hello</body></message>`);
    await step(`<presence type="unavailable" from="${OWNER}" to="${BADMINTON}/Alice"/>`);
    await step(`<message type="chat" from="${BOB}" to="${BADMINTON}"><body>still there?</body></message>`);
    await step(`<presence type="unavailable" from="${OWNER}" to="${LISTS}"/>`);
    await step(`<presence type="unavailable" from="${BOB}" to="${BADMINTON}"/>`);
    await createRoom(w, OWNER, TEA, "Alice");
    seen.push(...(await join(w, BOB, TEA, "Bob")));
    await step(`<message type="groupchat" from="${BOB}" to="${TEA}"><body>tea</body></message>`);
    await step(`<presence type="unavailable" from="${BOB}" to="${TEA}/Bob"/>`);
    assert.ok(seen.length >= 15, `the scenario produced traffic (${seen.length} stanzas)`);
    assert.deepEqual(anyState(seen), []);
  });
});
