// Receipts (XEP-0184) and markers (XEP-0333) from topic members reach the owner naming the owner's
// message as the owner's client knows it (PROTOCOL §3 "Reading"); chat-state preferences leave them alone.
import assert from "node:assert/strict";
import { world, LISTS, type World } from "../helpers/world.js";
import { BADMINTON, BOB_JID, OWNER, addMembers, chatTo } from "../helpers/topics.js";
import { createRoom } from "../helpers/muc.js";
import { HINTS, MARKERS, RECEIPTS, SID, setPreferences } from "../helpers/chatstates.js";
import type { Element } from "../../../src/xmpp/xml.js";

const BOB = `${BOB_JID}/laptop`;
const fromBob = (child: string) => `<message type="chat" from="${BOB}" to="${BADMINTON}">${child}</message>`;
const idOf = (el: Element | undefined, name: string, ns: string) => el?.getChild(name, ns)?.attrs.id;

describe("chat states: receipts and markers from topic members", () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
    await createRoom(w, OWNER, BADMINTON, "Alice", { "muc#roomconfig_persistentroom": "1" });
    await addMembers(w, OWNER, BADMINTON, [BOB_JID]);
    await w.send(`<presence from="${BOB}" to="${BADMINTON}"/>`);
    w.take();
  });
  afterEach(() => w.stop());

  /** The owner writes; returns the id of the copy bob received and the room's stanza-id. */
  async function ownerWrites(type: "groupchat" | "chat"): Promise<{ copyId: string; stanzaId: string }> {
    await w.send(
      `<message type="${type}" id="mine" from="${OWNER}" to="${BADMINTON}"><body>Court at 7?</body><request xmlns="${RECEIPTS}"/><markable xmlns="${MARKERS}"/></message>`,
    );
    const copy = w.take().find(chatTo(BOB_JID))!;
    return { copyId: copy.attrs.id as string, stanzaId: copy.getChild("stanza-id", SID)!.attrs.id as string };
  }

  it("in the room: a marker names the room's stanza-id, a receipt the owner's own id", async () => {
    const { copyId, stanzaId } = await ownerWrites("groupchat");
    await w.send(fromBob(`<displayed xmlns="${MARKERS}" id="${copyId}"/>`));
    const marker = w.take().find((el) => el.attrs.to === OWNER)!;
    assert.equal(marker.attrs.type, "groupchat");
    assert.equal(marker.attrs.from, `${BADMINTON}/bob`, "read by bob");
    assert.equal(idOf(marker, "displayed", MARKERS), stanzaId);
    await w.send(fromBob(`<received xmlns="${RECEIPTS}" id="${copyId}"/>`));
    assert.equal(
      idOf(
        w.take().find((el) => el.attrs.to === OWNER),
        "received",
        RECEIPTS,
      ),
      "mine",
    );
  });

  it("outside the room: both name the owner's own id, from the topic JID, not stored", async () => {
    await w.send(`<presence from="${OWNER}" to="${LISTS}"/>`);
    await w.send(`<presence type="unavailable" from="${OWNER}" to="${BADMINTON}/Alice"/>`);
    w.take();
    const { copyId } = await ownerWrites("chat");
    await w.send(fromBob(`<displayed xmlns="${MARKERS}" id="${copyId}"/>`));
    await w.send(fromBob(`<received xmlns="${RECEIPTS}" id="${copyId}"/>`));
    const [marker, receipt] = w.take().filter(chatTo("alice@localhost"));
    assert.equal(marker?.attrs.from, BADMINTON);
    assert.equal(idOf(marker, "displayed", MARKERS), "mine");
    assert.equal(idOf(receipt, "received", RECEIPTS), "mine");
    assert.ok(receipt?.getChild("no-store", HINTS));
  });

  it("traces a marker that names the owner's origin-id (as Conversations and Dino send them)", async () => {
    await w.send(
      `<message type="groupchat" id="mine" from="${OWNER}" to="${BADMINTON}"><body>hi</body><origin-id xmlns="${SID}" id="origin-1"/></message>`,
    );
    const stanzaId = w.take().find(chatTo(BOB_JID))!.getChild("stanza-id", SID)!.attrs.id;
    await w.send(fromBob(`<displayed xmlns="${MARKERS}" id="origin-1"/>`));
    assert.equal(
      idOf(
        w.take().find((el) => el.attrs.to === OWNER),
        "displayed",
        MARKERS,
      ),
      stanzaId,
    );
  });

  it("traces a message too old to be remembered through the archive", async () => {
    const { copyId, stanzaId } = await ownerWrites("groupchat");
    // 101 later messages with three ids each push the first out of the 100 remembered.
    for (let i = 0; i < 101; i++) {
      await w.send(
        `<message type="groupchat" id="m${i}" from="${OWNER}" to="${BADMINTON}"><body>${i}</body><origin-id xmlns="${SID}" id="o${i}"/></message>`,
      );
    }
    w.take();
    await w.send(fromBob(`<received xmlns="${RECEIPTS}" id="${copyId}"/>`));
    await w.send(fromBob(`<displayed xmlns="${MARKERS}" id="${copyId}"/>`));
    const [receipt, marker] = w.take().filter((el) => el.attrs.to === OWNER);
    assert.equal(idOf(receipt, "received", RECEIPTS), "mine");
    assert.equal(idOf(marker, "displayed", MARKERS), stanzaId);
  });

  it("leaves an id it cannot trace (not the owner's message) as it was", async () => {
    await w.send(fromBob(`<displayed xmlns="${MARKERS}" id="unknown"/>`));
    assert.equal(
      idOf(
        w.take().find((el) => el.attrs.to === OWNER),
        "displayed",
        MARKERS,
      ),
      "unknown",
    );
  });

  it("is not stopped by a member's chat-state preference", async () => {
    const { copyId } = await ownerWrites("groupchat");
    await setPreferences(w, BOB, LISTS, { send: false, receive: false });
    await w.send(fromBob(`<displayed xmlns="${MARKERS}" id="${copyId}"/>`));
    assert.ok(w.take().some((el) => el.attrs.to === OWNER && el.getChild("displayed", MARKERS)));
  });

  it("does not pass the owner's own receipts and markers to members", async () => {
    await w.send(
      `<message type="chat" from="${OWNER}" to="${BADMINTON}"><displayed xmlns="${MARKERS}" id="x"/></message>`,
    );
    assert.deepEqual(w.take().filter(chatTo(BOB_JID)), []);
  });
});
