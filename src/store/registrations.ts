// Pending registration requests of members-only rooms (sublevel `regreq`; XEP-0045 §7.10, §9.9).
// They survive restarts until an owner or admin answers.
import type { RegistrationRequest } from "../muc/types.js";
import { DURABLE, SEP, rangeOf, type Database, type Sub } from "./db.js";

export class RegistrationStore {
  private readonly requests: Sub<RegistrationRequest>;

  constructor(db: Database) {
    this.requests = db.sub("regreq");
  }

  get(room: string, jid: string): Promise<RegistrationRequest | undefined> {
    return this.requests.get(room + SEP + jid);
  }

  put(room: string, request: RegistrationRequest): Promise<void> {
    return this.requests.put(room + SEP + request.jid, request, DURABLE);
  }

  delete(room: string, jid: string): Promise<void> {
    return this.requests.del(room + SEP + jid, DURABLE);
  }

  async list(room: string): Promise<RegistrationRequest[]> {
    const out: RegistrationRequest[] = [];
    for await (const value of this.requests.values(rangeOf(room))) out.push(value);
    return out;
  }

  deleteRoom(room: string): Promise<void> {
    return this.requests.clear(rangeOf(room));
  }
}
