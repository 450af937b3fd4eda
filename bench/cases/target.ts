// What every benchmark case provides: a way to send message `seq` of a run to its N receivers.
// The body comes from bodyOf(run, seq, performance.now()) at the moment of sending.
import type { TestUser } from "../../spec/helpers/users.js";

export type CaseKey = "a" | "b" | "c" | "p" | "g" | "n";

export const CASE_TITLES: Record<CaseKey, string> = {
  a: "topic via Manifold",
  b: "the server's MUC",
  c: "bare component",
  p: "topic, a stanza per copy",
  g: "flat group room",
  n: "3-level nested groups",
};

/** A case's title in the report: case b is the MUC of the server the run measured ("Prosody MUC"). */
export const caseTitle = (key: CaseKey, serverName: string): string =>
  key === "b" ? `${serverName} MUC` : CASE_TITLES[key];

export interface Target {
  key: CaseKey;
  /** Receivers r1…rN get every message. */
  n: number;
  /** Sends one message; resolves once it is written to the socket. */
  send(run: string, seq: number): Promise<void>;
  /** Error stanzas the sender got back, for a failure message. */
  diagnose?(): string;
  /** Forgets what the sender received during a run (reflections). */
  drain?(): void;
}

/** The last few error stanzas in a sending user's inbox. */
export function ownerErrors(owner: TestUser): string {
  const errors = owner.inbox.filter((el) => el.attrs.type === "error").slice(-3);
  return errors.length
    ? `the owner got back:\n${errors.map(String).join("\n")}`
    : "the owner got no error back";
}
