// An opened in-memory Database (memory-level) for store specs.
import { MemoryLevel } from "memory-level";
import { Database } from "../../../src/store/db.js";

export async function memoryDatabase(): Promise<Database> {
  const db = new Database(new MemoryLevel<string, unknown>({ valueEncoding: "json" }));
  await db.open();
  return db;
}
