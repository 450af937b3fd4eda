// Predicates over what nbxmpp parsed, and the steps every interop spec repeats (create a room,
// say something and see it reflected). Each step waits for the stanza that proves it happened.
import assert from "node:assert/strict";
import { GROUPS_DOMAIN, LISTS_DOMAIN } from "../../helpers/server.js";
import { uniqueName } from "../../helpers/users.js";
import type {
  DataForm,
  FieldInput,
  FormField,
  JoinResult,
  ParsedMessage,
  ParsedPresence,
  ParsedStanza,
} from "./parsed.js";
import type { InteropUser } from "./user.js";

export { GROUPS_DOMAIN, LISTS_DOMAIN };
export const CLIENT = "jabber:client";
export const MUC_ROOMCONFIG = "http://jabber.org/protocol/muc#roomconfig";

/** A room JID on groups.localhost no other spec uses. */
export const freshRoom = (base = "room"): string => `${uniqueName(base)}@${GROUPS_DOMAIN}`;
/** A topic JID on lists.localhost no other spec uses. */
export const freshTopic = (base = "topic"): string => `${uniqueName(base)}@${LISTS_DOMAIN}`;
export const localPart = (jid: string): string => jid.split("@")[0]!;

// ---------------------------------------------------------------------------------------------
// Predicates

export const isMessage = (e: ParsedStanza): e is ParsedMessage => e.kind === "message";
export const isPresence = (e: ParsedStanza): e is ParsedPresence => e.kind === "presence";

/** A message of `type` from exactly `from` (with this body, when given). */
export const messageFrom =
  (type: string, from: string, body?: string) =>
  (e: ParsedStanza): e is ParsedMessage =>
    isMessage(e) && e.type === type && e.from === from && (body === undefined || e.body === body);

/** A groupchat from an occupant (`room/nick`). */
export const groupchatFrom = (occupant: string, body?: string) => messageFrom("groupchat", occupant, body);
/** A chat with a body from `from`. */
export const chatFrom =
  (from: string, body?: string) =>
  (e: ParsedStanza): e is ParsedMessage =>
    messageFrom("chat", from, body)(e) && e.body !== null;

/** An occupant presence, available unless `type` says otherwise. */
export const presenceFrom =
  (from: string, type = "available") =>
  (e: ParsedStanza): e is ParsedPresence =>
    isPresence(e) && e.from === from && e.type === type;

/** A room status message: a groupchat with a body from the bare room JID. */
export const roomMessage =
  (room: string, pattern?: RegExp) =>
  (e: ParsedStanza): e is ParsedMessage =>
    messageFrom("groupchat", room)(e) && e.body !== null && (pattern === undefined || pattern.test(e.body));

/** A mediated invitation nbxmpp recognised, from the bare room JID. */
export const invitationFrom =
  (room: string) =>
  (e: ParsedStanza): e is ParsedMessage =>
    isMessage(e) && e.from === room && e.invite?.type === "mediated";

/** A message from `from` carrying a data form of `formType` (as nbxmpp found it, by namespace). */
export const formMessageFrom =
  (from: string, formType: string) =>
  (e: ParsedStanza): e is ParsedMessage =>
    isMessage(e) && e.from === from && e.type !== "error" && e.forms.some((f) => f?.formType === formType);

/** The outcome of a request to `room`: a chat from the service JID naming the room. */
export const outcomeFor =
  (room: string, pattern?: RegExp) =>
  (e: ParsedStanza): e is ParsedMessage =>
    messageFrom("chat", room.split("@")[1]!)(e) &&
    e.invite === null &&
    e.forms.length === 0 &&
    e.body !== null &&
    e.body.includes(room) &&
    (pattern === undefined || pattern.test(e.body));

// ---------------------------------------------------------------------------------------------
// Forms

export function fieldOf(form: DataForm | null | undefined, name: string): FormField {
  const found = form?.fields.find((f) => f.var === name);
  assert.ok(found, `the form has a field ${name}: ${JSON.stringify(form)}`);
  return found;
}

/** The values a field holds, as strings (booleans as "1"/"0"). */
export function valuesOf(field: FormField): string[] {
  const { value } = field;
  if (Array.isArray(value)) return value;
  if (typeof value === "boolean") return [value ? "1" : "0"];
  return value === null || value === "" ? [] : [value];
}

// ---------------------------------------------------------------------------------------------
// Steps

/**
 * Creates a room by joining it, as Gajim does: disco#info finds nothing, the self-presence has 201
 * and makes the creator owner, then the config form is fetched, changed with `values` and
 * submitted (empty `values`: the instant room Gajim accepts).
 */
export async function createRoom(
  owner: InteropUser,
  room: string,
  nick: string,
  values: Record<string, FieldInput> = {},
): Promise<JoinResult> {
  const joined = await owner.join(room, nick);
  const self = joined.self;
  assert.ok(self.mucStatusCodes.includes(201), `201: the room was created: ${JSON.stringify(self)}`);
  assert.ok(self.mucStatusCodes.includes(110), `110: the self-presence: ${JSON.stringify(self)}`);
  assert.equal(self.mucUser?.affiliation, "owner", `the creator is owner: ${JSON.stringify(self)}`);
  assert.equal(self.mucUser?.role, "moderator", `and moderator: ${JSON.stringify(self)}`);
  const form = await owner.configure(room, values);
  assert.equal(form.formType, MUC_ROOMCONFIG, `the room configuration form: ${JSON.stringify(form)}`);
  return joined;
}

/** Sends a groupchat and waits for its reflection (matched by id, as clients do); returns it. */
export async function say(
  user: InteropUser,
  room: string,
  nick: string,
  body: string,
): Promise<ParsedMessage> {
  const id = await user.send(room, "groupchat", body);
  return user.waitFor((e): e is ParsedMessage => groupchatFrom(`${room}/${nick}`, body)(e) && e.id === id);
}

/** The stanza-id a room (or topic) stamped on a message it archives (XEP-0359, `by` the room). */
export function stanzaIdBy(message: ParsedMessage, by: string): string {
  const ids = message.stanzaIds.filter((s) => s.by === by);
  assert.equal(ids.length, 1, `one stanza-id by ${by}: ${JSON.stringify(message)}`);
  return ids[0]!.id;
}
