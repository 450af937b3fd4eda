// RegistrationStore: pending XEP-0045 §7.10 registration requests per room (memory-level).
import assert from "node:assert/strict";
import type { RegistrationRequest } from "../../../src/store/registrations.js";
import type { Database } from "../../../src/store/db.js";
import { RegistrationStore } from "../../../src/store/registrations.js";
import { memoryDatabase } from "../helpers/memory-db.js";

function request(jid: string, nick: string): RegistrationRequest {
  return { v: 1, jid, nick, at: 1_700_000_000_000, fields: { "muc#register_roomnick": nick } };
}

describe("RegistrationStore", () => {
  let db: Database;
  let store: RegistrationStore;

  beforeEach(async () => {
    db = await memoryDatabase();
    store = new RegistrationStore(db);
  });
  afterEach(() => db.close());

  it("gives back a stored request as it was written", async () => {
    const alice = request("alice@example.org", "Alice");
    await store.put("a@x", alice);
    assert.deepEqual(await store.get("a@x", "alice@example.org"), alice);
  });

  it("returns undefined for a request that does not exist", async () => {
    assert.equal(await store.get("a@x", "nobody@example.org"), undefined);
  });

  it("replaces an earlier request from the same user", async () => {
    await store.put("a@x", request("alice@example.org", "Alice"));
    await store.put("a@x", request("alice@example.org", "Ally"));
    assert.deepEqual(
      (await store.list("a@x")).map((r) => r.nick),
      ["Ally"],
    );
  });

  it("lists one room's requests only, not those of a room sharing its prefix", async () => {
    await store.put("a@x", request("alice@example.org", "Alice"));
    await store.put("a@x", request("bob@example.org", "Bob"));
    await store.put("ab@x", request("carol@example.org", "Carol"));
    assert.deepEqual((await store.list("a@x")).map((r) => r.jid).sort(), [
      "alice@example.org",
      "bob@example.org",
    ]);
  });

  it("deletes one request", async () => {
    await store.put("a@x", request("alice@example.org", "Alice"));
    await store.put("a@x", request("bob@example.org", "Bob"));
    await store.delete("a@x", "alice@example.org");
    assert.deepEqual(
      (await store.list("a@x")).map((r) => r.jid),
      ["bob@example.org"],
    );
  });

  it("deletes a room's requests, leaving a room whose JID shares its prefix", async () => {
    await store.put("a@x", request("alice@example.org", "Alice"));
    await store.put("ab@x", request("carol@example.org", "Carol"));
    await store.deleteRoom("a@x");
    assert.deepEqual(await store.list("a@x"), []);
    assert.deepEqual(
      (await store.list("ab@x")).map((r) => r.jid),
      ["carol@example.org"],
    );
  });
});
