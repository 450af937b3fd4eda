// XEP-0421 occupant ids: HMAC of room and user under a per-installation salt, so an id is stable
// for one user in one room, differs across rooms, and reveals nothing about the real JID.
import { createHmac, randomBytes } from "node:crypto";
import { DURABLE, type Database } from "../store/db.js";

export async function loadOccupantIdSalt(db: Database): Promise<string> {
  const stored = await db.meta.get("occupant-id-salt");
  if (stored && typeof stored.salt === "string") return stored.salt;
  const salt = randomBytes(32).toString("base64");
  await db.meta.put("occupant-id-salt", { v: 1, salt }, DURABLE);
  return salt;
}

export function occupantIdFactory(salt: string): (room: string, bareJid: string) => string {
  return (room, bareJid) =>
    createHmac("sha256", salt).update(`${room}\u0000${bareJid}`).digest("base64url").slice(0, 22);
}
