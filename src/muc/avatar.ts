// Room avatars (XEP-0486 over vcard-temp, XEP-0054): owners set the room's vCard PHOTO on the room
// JID; anyone who may see the room reads the vCard there. The room advertises the image's SHA-1 in
// disco#info (`muc#roominfo_avatarhash`, what Gajim reads) and, for clients that follow XEP-0153
// instead, in a presence from the room's bare JID with vcard-temp:x:update (as Prosody's
// mod_vcard_muc sends it), to each occupant on entering and to all on a change, with status 104.
import { createHash } from "node:crypto";
import * as errors from "./errors.js";
import type { Inbound } from "../xmpp/router.js";
import { NS } from "../xmpp/ns.js";
import { xml, type Element } from "../xmpp/xml.js";
import type { MucContext } from "./context.js";
import type { Room } from "./room.js";
import { allSessions, announceConfigChange } from "./broadcast.js";

/** The image types the service takes, each with how its data starts (its magic number). */
const SIGNATURES: Record<string, (b: Buffer) => boolean> = {
  "image/png": (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  "image/jpeg": (b) => b.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff])),
  "image/gif": (b) => ["GIF87a", "GIF89a"].includes(b.subarray(0, 6).toString("latin1")),
  "image/webp": (b) =>
    b.subarray(0, 4).toString("latin1") === "RIFF" && b.subarray(8, 12).toString("latin1") === "WEBP",
};
export const AVATAR_TYPES = Object.keys(SIGNATURES);

export interface Photo {
  type: string;
  /** base64, as it will be served again. */
  data: string;
  hash: string;
}

/** The vCard's PHOTO, checked; null when it has none (the avatar is removed). Throws the
 * StanzaError that says what is wrong with it. The image's own bytes give its type: XEP-0153 has
 * the TYPE element a hint that MUST be ignored, so a missing or loose one (image/jpg) is no error. */
export function readPhoto(vcard: Element, maxBytes: number): Photo | null {
  const photo = vcard.getChild("PHOTO");
  if (!photo) return null;
  const binval = photo.getChildText("BINVAL")?.replace(/\s+/g, "") ?? "";
  if (!binval) {
    if (photo.getChild("EXTVAL")) throw errors.avatarByUrl();
    return null;
  }
  // Decoded size from the text's length first: an oversized image is refused before decoding.
  const estimate = Math.floor((binval.length * 3) / 4);
  if (estimate - 2 > maxBytes) throw errors.avatarTooLarge(estimate, maxBytes);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(binval)) throw errors.avatarNotBase64();
  const bytes = Buffer.from(binval, "base64");
  if (bytes.length > maxBytes) throw errors.avatarTooLarge(bytes.length, maxBytes);
  const type = AVATAR_TYPES.find((t) => SIGNATURES[t]!(bytes));
  if (!type) throw errors.avatarType(photo.getChildText("TYPE")?.trim() ?? "", AVATAR_TYPES);
  return { type, data: bytes.toString("base64"), hash: createHash("sha1").update(bytes).digest("hex") };
}

/** XEP-0153's presence from the room's bare JID, carrying its avatar's hash (empty: none). */
export function avatarPresence(room: Room): Element {
  return xml(
    "presence",
    { from: room.jid },
    xml("x", { xmlns: NS.vcardUpdate }, xml("photo", {}, room.record.avatar?.hash ?? "")),
  );
}

/** The service's own vCard: its name. */
export const serviceVcard = (name: string): Element =>
  xml("vCard", { xmlns: NS.vcard }, xml("FN", {}, name), xml("NICKNAME", {}, name));

/** The room's vCard: its name and description (from its configuration) and its avatar. */
export async function roomVcard(ctx: MucContext, room: Room, name = room.config.name): Promise<Element> {
  const image = room.record.avatar ? await ctx.avatars.get(room.jid) : undefined;
  return xml(
    "vCard",
    { xmlns: NS.vcard },
    xml("FN", {}, name),
    xml("NICKNAME", {}, name),
    room.config.description ? xml("DESC", {}, room.config.description) : null,
    image ? xml("PHOTO", {}, xml("TYPE", {}, image.type), xml("BINVAL", {}, image.data)) : null,
  );
}

export async function getRoomVcard(ctx: MucContext, s: Inbound): Promise<Element> {
  const room = await ctx.rooms.find(s.to.bare);
  if (!room || (room.record.locked && room.affiliationOf(s.from.bare) !== "owner")) throw errors.noSuchRoom();
  return roomVcard(ctx, room);
}

/** An owner's vCard for the room: only its PHOTO is kept (the name and description are the
 * configuration's). Stored durably before the answer; then everyone is told. */
export async function setRoomVcard(ctx: MucContext, s: Inbound): Promise<void> {
  const room = await ctx.rooms.find(s.to.bare);
  if (!room) throw errors.noSuchRoom();
  if (room.affiliationOf(s.from.bare) !== "owner") throw errors.onlyOwnersSetAvatar();
  const photo = readPhoto(s.payload!, ctx.avatars.maxBytes);
  if ((photo?.hash ?? undefined) === room.record.avatar?.hash) return;
  if (photo) await ctx.avatars.put(room.jid, { v: 1, type: photo.type, data: photo.data });
  const { avatar: _old, ...rest } = room.record;
  await ctx.rooms.saveRecord(
    room,
    photo ? { ...rest, avatar: { hash: photo.hash, type: photo.type } } : rest,
  );
  if (!photo) await ctx.avatars.deleteRoom(room.jid);
  ctx.out.sendEach(avatarPresence(room), allSessions(room));
  announceConfigChange(ctx, room);
  await ctx.hooks.run("avatar-changed", { room });
}
