// Accounts written straight into Prosody's internal storage, the fastest reliable way to create
// users: `<data>/<host>/accounts/<user>.dat` holding `return { ["password"] = "…" };`. With
// `authentication = "internal_plain"` Prosody reads that file on every login (mod_storage_internal
// keeps no cache), so it works while Prosody runs. Measured: ~0.1 ms per user, against ~30 ms per
// `prosodyctl register` and a c2s round trip per in-band registration.
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { luaString } from "./prosody-config.js";

export interface ProsodyAccount {
  name: string;
  password: string;
}

/** Usernames that nodeprep leaves unchanged, so the file name is the name Prosody looks up. */
const PLAIN_USERNAME = /^[a-z0-9][a-z0-9._-]*$/;

/** util/datamanager.lua's path encoding: every non-alphanumeric byte becomes %xx (lower-case hex). */
export function encodeStoragePathPart(part: string): string {
  return part.replace(/[^a-zA-Z0-9]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

export function accountFilePath(dataDir: string, domain: string, name: string): string {
  return join(dataDir, encodeStoragePathPart(domain), "accounts", `${encodeStoragePathPart(name)}.dat`);
}

/** Creates or overwrites the accounts (a new password replaces the old one). */
export function writeAccounts(dataDir: string, domain: string, accounts: readonly ProsodyAccount[]): void {
  for (const { name, password } of accounts) {
    if (!PLAIN_USERNAME.test(name)) {
      throw new Error(
        `Test username ${JSON.stringify(name)} must match ${String(PLAIN_USERNAME)} (lower-case ASCII, as Prosody stores it)`,
      );
    }
    if (password.length === 0) throw new Error(`Empty password for test user ${name}`);
  }
  mkdirSync(join(dataDir, encodeStoragePathPart(domain), "accounts"), { recursive: true });
  for (const { name, password } of accounts) {
    const path = accountFilePath(dataDir, domain, name);
    const scratch = `${path}.${process.pid}.tmp`;
    writeFileSync(scratch, `return {\n\t["password"] = ${luaString(password)};\n};\n`);
    renameSync(scratch, path); // atomic: Prosody never reads a half-written account
  }
}

export function rosterFilePath(dataDir: string, domain: string, name: string): string {
  return join(dataDir, encodeStoragePathPart(domain), "roster", `${encodeStoragePathPart(name)}.dat`);
}

/**
 * Makes the named users (already accounts) contacts of each other, subscribed both ways, in one
 * roster group, so each sees the others online from the first login. A user who already has a
 * roster keeps it untouched: this seeds, it never overwrites what users changed since.
 */
export function writeMutualRosters(
  dataDir: string,
  domain: string,
  names: readonly string[],
  group: string,
): void {
  mkdirSync(join(dataDir, encodeStoragePathPart(domain), "roster"), { recursive: true });
  for (const name of names) {
    const path = rosterFilePath(dataDir, domain, name);
    if (existsSync(path)) continue;
    const contacts = names
      .filter((other) => other !== name)
      .map(
        (other) =>
          `\t[${luaString(`${other}@${domain}`)}] = { ["subscription"] = "both"; ["name"] = ${luaString(other)};` +
          ` ["groups"] = { [${luaString(group)}] = true; }; };\n`,
      );
    const scratch = `${path}.${process.pid}.tmp`;
    writeFileSync(
      scratch,
      `return {\n\t[false] = { ["version"] = 1; ["pending"] = {}; };\n${contacts.join("")}};\n`,
    );
    renameSync(scratch, path);
  }
}
