// A user logged in with nbxmpp: typed calls on the driver, each what a Gajim user does.
import type { XmppServer } from "../../../scripts/lib/xmpp-server.js";
import { Driver } from "./driver.js";
import type {
  AffiliationItem,
  CommandAnswer,
  CommandItem,
  DataForm,
  DiscoInfo,
  FieldInput,
  JoinResult,
  MamResult,
  ParsedPresence,
  ParsedStanza,
  RegistrationForm,
} from "./parsed.js";

export type UserHost = Pick<XmppServer, "host" | "c2sPort" | "domain">;

export interface Account {
  name: string;
  password: string;
}

export class InteropUser {
  private constructor(
    private readonly driver: Driver,
    /** The full JID the server bound. */
    readonly jid: string,
  ) {}

  /** Starts a driver and logs in (roster, then initial presence, as Gajim does). */
  static async connect(server: UserHost, account: Account): Promise<InteropUser> {
    const driver = new Driver(`${account.name}@${server.domain}`);
    try {
      const { jid } = await driver.request<{ jid: string }>("connect", {
        host: server.host,
        port: server.c2sPort,
        domain: server.domain,
        username: account.name,
        password: account.password,
      });
      return new InteropUser(driver, jid);
    } catch (err) {
      await driver.stop();
      throw err;
    }
  }

  get bare(): string {
    return this.jid.split("/")[0]!;
  }

  get inbox(): readonly ParsedStanza[] {
    return this.driver.inbox;
  }

  /** nbxmpp's warnings about stanzas it received: each is a stanza Gajim would drop or misread. */
  get warnings(): readonly string[] {
    return this.driver.warnings;
  }

  /** The first stanza received (and not taken yet) that matches; waits for one if none has. */
  waitFor<T extends ParsedStanza>(
    predicate: (event: ParsedStanza) => event is T,
    timeout?: number,
  ): Promise<T>;
  waitFor(predicate: (event: ParsedStanza) => boolean, timeout?: number): Promise<ParsedStanza>;
  waitFor(predicate: (event: ParsedStanza) => boolean, timeout?: number): Promise<ParsedStanza> {
    return this.driver.waitFor(predicate, timeout);
  }

  stop(): Promise<void> {
    return this.driver.stop();
  }

  discoInfo(jid: string): Promise<DiscoInfo> {
    return this.driver.request("discoInfo", { jid });
  }

  /** Publishes a vCard with only PHOTO to `jid`, as Gajim sets a room's avatar. */
  setAvatar(jid: string, type: string, data: string): Promise<void> {
    return this.driver.request("setAvatar", { jid, type, data });
  }

  /** `jid`'s vCard avatar as nbxmpp reads it: its SHA-1 (null without one) and size. */
  vcard(jid: string): Promise<{ avatarSha: string | null; avatarBytes: number }> {
    return this.driver.request("vcard", { jid });
  }

  /** Enters a room (disco#info first); resolves once the subject has arrived. */
  join(room: string, nick: string, history?: { maxstanzas?: number }): Promise<JoinResult> {
    return this.driver.request("join", { room, nick, ...(history ? { history } : {}) });
  }

  /** Leaves a room; resolves with the own unavailable presence (status 110). */
  leave(room: string, nick: string): Promise<ParsedPresence> {
    return this.driver.request("leave", { room, nick });
  }

  /** Sends a message; resolves with its id (also its origin-id). */
  async send(
    to: string,
    type: "chat" | "groupchat" | "normal",
    body: string,
    options: { id?: string; privateMessage?: boolean; corrects?: string } = {},
  ): Promise<string> {
    const { id } = await this.driver.request<{ id: string }>("send", { to, type, body, ...options });
    return id;
  }

  /** Sends a mediated invitation to a room. */
  async invite(room: string, to: string, reason?: string): Promise<string> {
    const { id } = await this.driver.request<{ id: string }>("invite", { room, to, reason });
    return id;
  }

  async getConfig(room: string): Promise<DataForm | null> {
    return (await this.driver.request<{ form: DataForm | null }>("getConfig", { room })).form;
  }

  /** Fetches the room's config form, changes `values`, submits it; resolves with the form as received. */
  async configure(room: string, values: Record<string, FieldInput> = {}): Promise<DataForm> {
    return (await this.driver.request<{ form: DataForm }>("configure", { room, values })).form;
  }

  setAffiliation(room: string, ...items: { jid: string; affiliation: string; reason?: string }[]) {
    return this.driver.request<null>("setAffiliation", { room, items });
  }

  getAffiliation(room: string, affiliation: string): Promise<AffiliationItem[]> {
    return this.driver.request("getAffiliation", { room, affiliation });
  }

  /** One page of a XEP-0313 query (RSM `max`, `after`). */
  mam(jid: string, page: { max: number; after?: string }): Promise<MamResult> {
    return this.driver.request("mam", { jid, ...page });
  }

  /** Answers a contact (presence subscription) request: accept sends `subscribed`, decline
   *  `unsubscribed`, as Gajim's buttons on the request do. */
  answerSubscription(jid: string, accept: boolean): Promise<null> {
    return this.driver.request("answerSubscription", { jid, accept });
  }

  /** Changes one's own status (`show` away/xa/dnd/chat, none for online), sent to all contacts. */
  setStatus(status: { show?: "away" | "xa" | "dnd" | "chat"; status?: string }): Promise<null> {
    return this.driver.request("setStatus", status);
  }

  /** The registration form of `jid` (XEP-0077), as a user is shown it. */
  registrationForm(jid: string): Promise<RegistrationForm> {
    return this.driver.request("registrationForm", { jid });
  }

  /** Fetches the registration form of `jid`, fills in `values` and submits it. */
  register(jid: string, values: Record<string, FieldInput>): Promise<null> {
    return this.driver.request("register", { jid, values });
  }

  listCommands(jid: string): Promise<CommandItem[]> {
    return this.driver.request("listCommands", { jid });
  }

  executeCommand(jid: string, node: string): Promise<CommandAnswer> {
    return this.driver.request("execute", { jid, node });
  }

  /** Submits the form of the session's last stage, filled in with `values`. */
  submitCommand(
    sessionid: string,
    values: Record<string, FieldInput>,
    action?: "next" | "complete" | "prev",
  ): Promise<CommandAnswer> {
    return this.driver.request("submit", { sessionid, values, ...(action ? { action } : {}) });
  }
}
