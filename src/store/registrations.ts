// Pending registration requests of members-only rooms (sublevel `regreq`; XEP-0045 §7.10, §9.9)
// and requests of groups to join a room (sublevel `grpreq`; PROTOCOL §2). They survive restarts
// until an owner or admin answers.
import { DURABLE, SEP, rangeOf, type Database, type Sub } from "./db.js";

/** A pending XEP-0045 §7.10 registration (sublevel `regreq`). */
export interface RegistrationRequest {
  v: 1;
  jid: string;
  nick: string;
  at: number;
  fields: Record<string, string>;
}

/** A pending request for a group (`group`, a room of the same service) to join a room (sublevel `grpreq`). */
export interface GroupRequest {
  v: 1;
  group: string;
  requester: string;
  at: number;
  reason?: string;
}

export class RegistrationStore {
  private readonly requests: Sub<RegistrationRequest>;
  private readonly groups: Sub<GroupRequest>;

  constructor(db: Database) {
    this.requests = db.sub("regreq");
    this.groups = db.sub("grpreq");
  }

  getGroup(room: string, group: string): Promise<GroupRequest | undefined> {
    return this.groups.get(room + SEP + group);
  }

  putGroup(room: string, request: GroupRequest): Promise<void> {
    return this.groups.put(room + SEP + request.group, request, DURABLE);
  }

  deleteGroup(room: string, group: string): Promise<void> {
    return this.groups.del(room + SEP + group, DURABLE);
  }

  async listGroups(room: string): Promise<GroupRequest[]> {
    const out: GroupRequest[] = [];
    for await (const value of this.groups.values(rangeOf(room))) out.push(value);
    return out;
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

  async deleteRoom(room: string): Promise<void> {
    await this.requests.clear(rangeOf(room));
    await this.groups.clear(rangeOf(room));
  }
}
