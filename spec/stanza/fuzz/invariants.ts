// What must hold of Manifold's store after any sequence of stanzas: every record of every sublevel
// documented in src/store/db.ts parses, and the records agree with each other (one owner per
// topic, nesting edges match member entries and point to stored rooms without cycles, archive ids
// unique and indexed both ways, topic indexes complete). Returns problems as sentences; [] = valid.
import { createHash } from "node:crypto";
import { SCHEMA_VERSION, SEP } from "../../../src/store/db.js";
import { parseJid } from "../../../src/xmpp/jid.js";
import { parseXml } from "../../../src/xmpp/xml.js";
import { GROUPS, LISTS } from "./cast.js";
import { SHAPES, type StoredRecord } from "./record-shapes.js";
import { nestingProblems } from "./nesting.js";

/** A store to read: memory-level in stanza specs, LevelDB (level) in integration specs. */
export interface Store {
  iterator(): AsyncIterable<[string, unknown]>;
}
/** Each sublevel's entries: key (inside the sublevel) → value. */
export type Snapshot = Map<string, Map<string, unknown>>;

const MAX_NESTING_LEVELS = 5; // config/default.yaml groups.maxNestingLevels, as the world uses

/** Reads every entry, grouped by sublevel ("!name!key" in memory-level's encoding). */
export async function snapshot(level: Store): Promise<{ data: Snapshot; problems: string[] }> {
  const data: Snapshot = new Map(Object.keys(SHAPES).map((name) => [name, new Map<string, unknown>()]));
  const problems: string[] = [];
  for await (const [key, value] of level.iterator()) {
    const match = /^!([^!]+)!([\s\S]*)$/.exec(key);
    const entries = match && data.get(match[1]!);
    if (!entries) problems.push(`key outside the documented sublevels: ${JSON.stringify(key)}`);
    else entries.set(match[2]!, value);
  }
  return { data, problems };
}

export async function storeProblems(level: Store): Promise<string[]> {
  const { data, problems } = await snapshot(level);
  for (const [name, entries] of data) {
    const shape = SHAPES[name as keyof typeof SHAPES];
    for (const [key, value] of entries) {
      const parsed = shape.safeParse(value);
      if (!parsed.success)
        problems.push(
          `${name} ${show(key)}: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`,
        );
    }
  }
  if (problems.length) return problems; // cross-checks assume well-formed records
  return [
    ...metaProblems(data),
    ...roomProblems(data),
    ...archiveProblems(data),
    ...indexProblems(data),
    ...fanoutProblems(data),
    ...avatarProblems(data),
  ];
}

/** An avatar image belongs to a stored (or purge-marked) room, and a stored room's avatar hash
 * names its image: the image is written first and removed last. */
function avatarProblems(data: Snapshot): string[] {
  const out: string[] = [];
  const images = get<StoredRecord["avatar"]>(data, "avatar");
  for (const room of images.keys()) {
    if (!get(data, "rooms").has(room) && !get(data, "purge").has(room))
      out.push(`avatar ${show(room)}: no stored or purge-marked room`);
  }
  for (const [jid, record] of get<StoredRecord["rooms"]>(data, "rooms")) {
    if (!record.avatar) continue;
    const image = images.get(jid);
    const hash = image && createHash("sha1").update(Buffer.from(image.data, "base64")).digest("hex");
    if (hash !== record.avatar.hash)
      out.push(`rooms ${show(jid)}: avatar ${record.avatar.hash} has no such image`);
  }
  return out;
}

const show = (key: string) => JSON.stringify(key.replace(SEP, " ␀ "));
const get = <T>(data: Snapshot, name: string) => data.get(name) as Map<string, T>;
const split = (key: string): [string, string] => {
  const at = key.indexOf(SEP);
  return at === -1 ? [key, ""] : [key.slice(0, at), key.slice(at + 1)];
};
const isBareJid = (text: string) => {
  const jid = parseJid(text);
  return !!jid && jid.bare === text && !jid.resource;
};
const isRoomOf = (text: string, domain: string) => isBareJid(text) && text.endsWith(`@${domain}`);

function metaProblems(data: Snapshot): string[] {
  const meta = get<{ schema?: number; salt?: string }>(data, "meta");
  const out: string[] = [];
  if (meta.get("schema")?.schema !== SCHEMA_VERSION)
    out.push(`meta "schema" missing or not ${SCHEMA_VERSION}`);
  if (!meta.get("occupant-id-salt")?.salt) out.push(`meta "occupant-id-salt" missing`);
  return out;
}

function roomProblems(data: Snapshot): string[] {
  const out: string[] = [];
  const rooms = get<StoredRecord["rooms"]>(data, "rooms");
  const members = new Map<string, [string, StoredRecord["aff"]][]>();
  for (const [key, value] of get<StoredRecord["aff"]>(data, "aff")) {
    const [room, jid] = split(key);
    if (!rooms.has(room)) out.push(`aff ${show(key)}: no stored room ${room}`);
    if (!isBareJid(jid)) out.push(`aff ${show(key)}: "${jid}" is not a normalised bare JID`);
    members.set(room, [...(members.get(room) ?? []), [jid, value]]);
  }
  for (const [jid, record] of rooms) {
    const kind = jid.endsWith(`@${LISTS}`) ? "topic" : jid.endsWith(`@${GROUPS}`) ? "group" : undefined;
    if (!isBareJid(jid) || record.jid !== jid)
      out.push(`rooms ${show(jid)}: key and jid ${record.jid} differ`);
    if (record.kind !== kind) out.push(`rooms ${jid}: kind ${record.kind} on the wrong service`);
    if (record.locked) out.push(`rooms ${jid}: a locked room is stored`);
    if (!record.config.persistent && !record.endsWhenIdle) out.push(`rooms ${jid}: temporary yet stored`);
    const list = members.get(jid) ?? [];
    const owners = list.filter(([, a]) => a.affiliation === "owner").map(([j]) => j);
    const counted = list.filter(([, a]) => a.affiliation !== "outcast").length;
    const nicks = list.map(([, a]) => a.nick).filter((n) => n !== undefined);
    if (new Set(nicks).size !== nicks.length) out.push(`aff ${jid}: one registered nick held twice`);
    if (record.kind === "topic") {
      if (owners.length !== 1 || owners[0] !== record.owner)
        out.push(`topic ${jid}: owners [${owners.join(", ")}], record says ${record.owner ?? "none"}`);
      for (const [member, a] of list)
        if (a.affiliation !== "owner" && (a.affiliation !== "member" || a.kind !== "user" || !a.nick))
          out.push(`topic ${jid}: ${member} is ${a.affiliation}/${a.kind}${a.nick ? "" : " without a nick"}`);
      if (record.endsWhenIdle && !get(data, "idle").has(jid))
        out.push(`topic ${jid}: ends when idle, no idle entry`);
    } else {
      if (owners.length === 0) out.push(`room ${jid}: no owner`);
      if (record.owner !== undefined || record.endsWhenIdle) out.push(`room ${jid}: has topic-only fields`);
      if (counted > record.config.maxMembers)
        out.push(`room ${jid}: ${counted} members over its limit of ${record.config.maxMembers}`);
      for (const [member, a] of list)
        if (
          a.kind === "room" &&
          (!isRoomOf(member, GROUPS) || !["member", "outcast"].includes(a.affiliation))
        )
          out.push(`room ${jid}: group entry ${member} is ${a.affiliation}`);
    }
  }
  out.push(...nestingProblems(data, MAX_NESTING_LEVELS));
  for (const [key, guest] of get<StoredRecord["guests"]>(data, "guests")) {
    const [room, jid] = split(key);
    if (rooms.get(room)?.kind !== "group") out.push(`guests ${show(key)}: no stored group ${room}`);
    if (!isBareJid(jid) || !isBareJid(guest.by)) out.push(`guests ${show(key)}: bad JID`);
    if ((members.get(room) ?? []).some(([m]) => m === jid)) out.push(`guests ${show(key)}: also affiliated`);
  }
  return out;
}

function archiveProblems(data: Snapshot): string[] {
  const out: string[] = [];
  const ids = get<string>(data, "archiveId");
  const seen = new Set<string>();
  const kept = (room: string) => get(data, "rooms").has(room) || get(data, "purge").has(room);
  for (const [key, record] of get<StoredRecord["archive"]>(data, "archive")) {
    const [room, serial] = split(key);
    if (!kept(room)) out.push(`archive ${show(key)}: no stored or purge-marked room`);
    if (!/^\d{20}$/.test(serial)) out.push(`archive ${show(key)}: serial is not 20 digits`);
    const idKey = room + SEP + record.id;
    if (seen.has(idKey)) out.push(`archive ${room}: id ${record.id} archived twice`);
    seen.add(idKey);
    if (ids.get(idKey) !== serial) out.push(`archiveId ${show(idKey)}: does not point at ${serial}`);
    try {
      if (parseXml(record.xml).name !== "message") out.push(`archive ${show(key)}: not a message`);
    } catch {
      out.push(`archive ${show(key)}: its xml does not parse`);
    }
  }
  for (const key of ids.keys()) if (!seen.has(key)) out.push(`archiveId ${show(key)}: no archived message`);
  // A recipient's report belongs to an archived message (it goes when the message expires).
  const archived = new Set(get(data, "archive").keys());
  for (const key of get(data, "archiveReport").keys()) {
    const [room, rest] = split(key);
    const [serial] = split(rest);
    if (!archived.has(room + SEP + serial))
      out.push(`archiveReport ${show(key)}: no archived message at ${serial}`);
  }
  // Each author id names an archived message of that author in that room.
  const authors = new Map(
    [...get<StoredRecord["archive"]>(data, "archive")].map(([key, r]) => [split(key)[0] + SEP + r.id, r.jid]),
  );
  // ... and is listed by that message (`refs`), so that its expiry removes the entry: both ways.
  const listed = new Set(
    [...get<StoredRecord["archive"]>(data, "archive")].flatMap(([key, r]) =>
      (r.refs ?? []).map((ref) => split(key)[0] + SEP + r.jid + SEP + ref),
    ),
  );
  const indexed = new Set<string>();
  for (const [key, id] of get<string>(data, "archiveRef")) {
    const [room, rest] = split(key);
    const [author] = split(rest);
    indexed.add(key);
    if (authors.get(room + SEP + id) !== author)
      out.push(`archiveRef ${show(key)}: names no archived message of ${author}`);
    if (!listed.has(key)) out.push(`archiveRef ${show(key)}: not listed in its message's refs`);
  }
  for (const key of listed) if (!indexed.has(key)) out.push(`archive refs ${show(key)}: not in archiveRef`);
  for (const name of ["regreq", "grpreq"]) {
    for (const [key, value] of get<{ jid?: string; group?: string }>(data, name)) {
      const [room, jid] = split(key);
      if (!kept(room)) out.push(`${name} ${show(key)}: no stored or purge-marked room`);
      if ((value.jid ?? value.group) !== jid || !isBareJid(jid))
        out.push(`${name} ${show(key)}: key and record differ`);
    }
  }
  return out;
}

function indexProblems(data: Snapshot): string[] {
  const out: string[] = [];
  const rooms = get<StoredRecord["rooms"]>(data, "rooms");
  const owned = get(data, "owned");
  for (const key of owned.keys()) {
    const [owner, topic] = split(key);
    if (rooms.get(topic)?.owner !== owner)
      out.push(`owned ${show(key)}: ${topic} is not a stored topic of ${owner}`);
  }
  for (const [jid, record] of rooms)
    if (record.kind === "topic" && !owned.has((record.owner ?? "") + SEP + jid))
      out.push(`owned: ${jid} not indexed`);
  for (const jid of get(data, "idle").keys())
    if (!rooms.get(jid)?.endsWhenIdle) out.push(`idle ${show(jid)}: not a stored topic that ends when idle`);
  const directory = get<StoredRecord["directory"]>(data, "directory");
  for (const [key, entry] of directory) {
    const [domain, jid] = split(key);
    const record = rooms.get(jid);
    if (!record?.config.public || !jid.endsWith(`@${domain}`) || record.config.name !== entry.name)
      out.push(`directory ${show(key)}: not a stored public room of ${domain} named "${entry.name}"`);
  }
  for (const [jid, record] of rooms)
    if (record.config.public && !directory.has(jid.slice(jid.indexOf("@") + 1) + SEP + jid))
      out.push(`directory: stored public room ${jid} not listed`);
  for (const [jid, prefs] of get<StoredRecord["prefs"]>(data, "prefs")) {
    if (!isBareJid(jid)) out.push(`prefs ${show(jid)}: not a bare JID`);
    const defaults =
      prefs.sendChatStates && prefs.receiveChatStates && (prefs.absentMessages ?? "room") === "room";
    if (defaults) out.push(`prefs ${show(jid)}: defaults stored`);
  }
  return out;
}

/** Each journaled fan-out: a topic's copies, from one of Manifold's domains, that put together parse,
 *  confirmed no further than it has copies; a confirmed mark only for an entry still journaled. */
function fanoutProblems(data: Snapshot): string[] {
  const out: string[] = [];
  for (const [key, entry] of get<StoredRecord["fanout"]>(data, "fanout")) {
    const copies = entry.parts.reduce((n, part) => n + part.to.length, 0);
    if (!/^\d{20}$/.test(key)) out.push(`fanout ${show(key)}: key is not a 20-digit serial`);
    if (![GROUPS, LISTS].includes(entry.domain)) out.push(`fanout ${show(key)}: domain ${entry.domain}`);
    const done = Math.max(
      entry.done,
      get<StoredRecord["fanoutMark"]>(data, "fanoutMark").get(key)?.done ?? 0,
    );
    if (done > copies) out.push(`fanout ${show(key)}: ${done} of ${copies} copies confirmed`);
    for (const part of entry.parts.slice(0, 3)) {
      try {
        const copy = parseXml(part.head + (part.to[0] ?? "x@y") + part.tail);
        if (copy.attrs.from?.split("@").at(-1)?.split("/")[0] !== entry.domain)
          out.push(`fanout ${show(key)}: a copy is not from ${entry.domain}`);
      } catch {
        out.push(`fanout ${show(key)}: a copy does not parse`);
      }
    }
  }
  for (const key of get<StoredRecord["fanoutMark"]>(data, "fanoutMark").keys())
    if (!get(data, "fanout").has(key)) out.push(`fanoutMark ${show(key)}: no fan-out entry`);
  return out;
}
