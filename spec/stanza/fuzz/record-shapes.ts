// The shape of every record in each sublevel of src/store/db.ts (and muc/types.ts), as zod
// schemas: a stored value that does not parse is corrupt, whatever stanza wrote it.
import { z } from "zod";

const v1 = z.literal(1);
const timestamp = z.number().int().nonnegative();
const whole = z.number().int().nonnegative();
const flag = z.object({ v: v1 }).strict();

const config = z
  .object({
    name: z.string(),
    description: z.string(),
    persistent: z.boolean(),
    public: z.boolean(),
    membersOnly: z.boolean(),
    moderated: z.boolean(),
    whois: z.enum(["moderators", "anyone"]),
    changeSubject: z.boolean(),
    allowInvites: z.boolean(),
    allowPrivateMessages: z.enum(["anyone", "participants", "moderators", "none"]),
    maxOccupants: z.number().int().positive(),
    maxMembers: z.number().int().positive(),
    historyLength: whole,
    groupRequests: z.enum(["members", "admins"]).optional(),
    archiveExpiry: z.number().int().min(60_000).optional(),
    absentDelivery: z.enum(["all", "mentions"]).optional(),
  })
  .strict();

const room = z
  .object({
    v: v1,
    jid: z.string(),
    kind: z.enum(["group", "topic"]),
    config,
    subject: z.object({ text: z.string(), nick: z.string(), at: timestamp }).strict().nullable(),
    createdAt: timestamp,
    locked: z.boolean(),
    owner: z.string().optional(),
    endsWhenIdle: z.boolean().optional(),
    avatar: z
      .object({ hash: z.string().regex(/^[0-9a-f]{40}$/), type: z.string().startsWith("image/") })
      .strict()
      .optional(),
  })
  .strict();

const affiliation = z
  .object({
    v: v1,
    // "none" is never stored: removing an affiliation deletes the entry.
    affiliation: z.enum(["owner", "admin", "member", "outcast"]),
    nick: z.string().min(1).optional(),
    reason: z.string().optional(),
    kind: z.enum(["user", "room"]),
    introduced: z.boolean().optional(),
    consented: z.boolean().optional(),
  })
  .strict();

const archive = z
  .object({
    v: v1,
    id: z.string().min(1),
    at: timestamp,
    nick: z.string(),
    jid: z.string(),
    xml: z.string().min(1),
    via: z.string().optional(),
    outside: z.string().optional(),
    refs: z.array(z.string().min(1)),
    copies: whole.optional(),
  })
  .strict();

export const SHAPES = {
  meta: z.union([
    z.object({ v: v1, schema: z.number().int().positive() }).strict(),
    z.object({ v: v1, salt: z.string().min(1) }).strict(),
  ]),
  rooms: room,
  aff: affiliation,
  archive,
  archiveId: z.string().regex(/^\d{20}$/),
  archiveRef: z.string().min(1),
  regreq: z
    .object({
      v: v1,
      jid: z.string(),
      nick: z.string(),
      at: timestamp,
      fields: z.record(z.string(), z.string()),
    })
    .strict(),
  purge: flag,
  owned: flag,
  idle: z.object({ v: v1, at: timestamp }).strict(),
  nest: flag,
  guests: z.object({ v: v1, nick: z.string().min(1), by: z.string(), at: timestamp }).strict(),
  grpreq: z
    .object({ v: v1, group: z.string(), requester: z.string(), at: timestamp, reason: z.string().optional() })
    .strict(),
  prefs: z
    .object({
      v: v1,
      sendChatStates: z.boolean(),
      receiveChatStates: z.boolean(),
      absentMessages: z.enum(["room", "mentions", "none"]).optional(),
    })
    .strict(),
  /** Topic fan-outs not yet confirmed by the server (src/delivery/journal.ts). */
  fanout: z
    .object({
      v: v1,
      domain: z.string(),
      room: z.string(),
      id: z.string().min(1),
      at: timestamp,
      parts: z.array(z.object({ head: z.string(), tail: z.string(), to: z.array(z.string()) }).strict()),
      done: whole,
    })
    .strict(),
  /** How far each journaled fan-out has been confirmed. */
  fanoutMark: z.object({ v: v1, done: whole }).strict(),
  archiveReport: z
    .object({
      v: v1,
      delivered: timestamp.optional(),
      read: timestamp.optional(),
      bounced: z.string().min(1).optional(),
    })
    .strict(),
  avatar: z.object({ v: v1, type: z.string().startsWith("image/"), data: z.string().min(1) }).strict(),
  /** Stored public rooms per service (disco#items). */
  directory: z.object({ v: v1, name: z.string() }).strict(),
} as const;

/** The parsed type of each sublevel's values. */
export type StoredRecord = { [K in keyof typeof SHAPES]: z.infer<(typeof SHAPES)[K]> };
