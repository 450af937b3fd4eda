// What the nbxmpp driver reports (spec/interop/driver/parse.py): stanzas as nbxmpp parsed them, by
// namespace. A value nbxmpp did not recognise is null, never re-read from the XML.

export interface StanzaErrorInfo {
  condition: string | null;
  text: string | null;
  type: string | null;
}

export interface MucUser {
  jid: string | null;
  affiliation: string | null;
  role: string | null;
  nick: string | null;
  actor: string | null;
  reason: string | null;
}

export interface FormField {
  var: string | null;
  type: string;
  /** nbxmpp falls back to `var` when the field has no label. */
  label: string | null;
  required: boolean;
  /** boolean for boolean fields, string[] for list-multi and jid-multi, string otherwise. */
  value: string | boolean | string[] | null;
  options?: { value: string; label: string }[];
  /** The value was not valid for the field's type (nbxmpp's WrongFieldValue). */
  invalid?: boolean;
}

export interface DataForm {
  type: string | null;
  title: string | null;
  instructions: string | null;
  formType: string | null;
  fields: FormField[];
}

export interface Invitation {
  room: string | null;
  /** The inviter: the mediated invite's `from`; for a direct one, the message's sender. */
  from: string | null;
  reason: string | null;
  type: "mediated" | "direct";
}

export interface ParsedMessage {
  kind: "message";
  /** The namespace of the element nbxmpp dispatched as this message (for MAM results: the
   *  forwarded <message/>, which XEP-0297 requires to be jabber:client). */
  namespace: string | null;
  type: string | null;
  from: string | null;
  to: string | null;
  id: string | null;
  originId: string | null;
  stanzaIds: { id: string; by: string }[];
  body: string | null;
  subject: string | null;
  isMucSubject: boolean;
  thread: string | null;
  /** XEP-0203 as nbxmpp's Delay module sorted it: `server` for a delay from the room (or the
   *  server), with its `timestamp`; `userTimestamp` for one from anybody else. */
  delay: { server: boolean; timestamp: string | null; userTimestamp: string | null };
  /** XEP-0172 nick. */
  nickname: string | null;
  chatstate: string | null;
  fromMuc: boolean;
  mucJid: string | null;
  mucNickname: string | null;
  mucPrivateMessage: boolean;
  mucStatusCodes: number[];
  mucUser: MucUser | null;
  mucOfrom: string | null;
  occupantId: string | null;
  /** XEP-0308: the id of the message this one corrects. */
  correction: string | null;
  /** A mediated (XEP-0045) or direct (XEP-0249) invitation, as nbxmpp (and so Gajim) takes it:
   *  the mediated one when a message carries both. */
  invite: Invitation | null;
  /** The XEP-0249 invitation, read by nbxmpp's own parser as a client that knows only XEP-0249
   *  (Converse.js) takes it: nbxmpp skips it when a muc#user element comes with it. */
  directInvite: Invitation | null;
  /** Set on a XEP-0313 result: nbxmpp unwrapped the forwarded message. */
  mam: { id: string; queryId: string; archive: string | null; namespace: string; timestamp: string } | null;
  forms: (DataForm | null)[];
  error: StanzaErrorInfo | null;
}

export interface ParsedPresence {
  kind: "presence";
  /** "available" for a presence without a type. */
  type: string;
  from: string | null;
  id: string | null;
  show: string | null;
  status: string | null;
  /** XEP-0172 nick: nbxmpp reads it on subscription requests only (never on broadcasts). */
  nickname: string | null;
  /** From the user's own full JID. */
  selfPresence: boolean;
  fromMuc: boolean;
  mucJid: string | null;
  mucNickname: string | null;
  /** Only the codes nbxmpp keeps for presence (100, 110, 170, 201, 210, 301, 303, 307, 321…). */
  mucStatusCodes: number[];
  mucUser: MucUser | null;
  mucDestroyed: { reason: string | null } | null;
  occupantId: string | null;
  error: StanzaErrorInfo | null;
}

export type ParsedStanza = ParsedMessage | ParsedPresence;

export interface DiscoInfo {
  identities: { category: string; type: string; name: string | null }[];
  features: string[];
  /** nbxmpp's DiscoInfo.is_muc: a conference identity and the MUC feature. */
  isMuc: boolean;
  /** The muc#roominfo_avatarhash value (XEP-0486), as Gajim reads it; null without one. */
  avatarHash: string | null;
}

export interface JoinResult {
  /** disco#info of the room before entering, as Gajim asks; an error (item-not-found) for a new room. */
  disco: DiscoInfo | { error: StanzaErrorInfo };
  /** The self-presence (status 110). */
  self: ParsedPresence;
  /** Occupant presences received before it. */
  occupants: ParsedPresence[];
  /** Groupchat messages between the self-presence and the subject: the history. */
  history: ParsedMessage[];
  /** The subject message that ends the join. */
  subject: ParsedMessage;
}

export interface MamResult {
  archive: string | null;
  complete: boolean;
  rsm: { first: string | null; last: string | null; count: number | null };
  /** The result messages nbxmpp unwrapped for this query, in the order they arrived. */
  messages: ParsedMessage[];
}

export interface CommandAnswer {
  jid: string | null;
  node: string;
  sessionid: string | null;
  status: "executing" | "completed" | "canceled";
  notes: { type: string; text: string }[];
  actions: string[];
  defaultAction: string | null;
  form: DataForm | null;
}

export interface CommandItem {
  jid: string | null;
  node: string;
  name: string | null;
}

export interface AffiliationItem {
  jid: string;
  nick?: string;
  role?: string;
  reason?: string;
}

/** A value to fill a form field with (booleans for boolean fields, arrays for -multi fields). */
export type FieldInput = string | boolean | string[];

/** A registration form as a user is shown it (XEP-0077 on a room). */
export interface RegistrationForm {
  instructions: string | null;
  /** The user is registered already (<registered/>). */
  registered: boolean;
  form: DataForm | null;
}
