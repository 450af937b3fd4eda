// The XMPP server a benchmark run measures against, chosen by BENCH_SERVER (bench/settings.ts): the
// lean Prosody of prosody-lean.ts (the default) or the lean ejabberd of ejabberd-lean.ts, both seen
// through the harness's common XmppServer interface, with what the report says about them.
import { randomBytes } from "node:crypto";
import type { ServerKind, XmppServer } from "../scripts/lib/server-interface.js";
import { prosodyServer } from "../scripts/lib/xmpp-server.js";
import { ejabberdVersion, startLeanEjabberd } from "./ejabberd-lean.js";
import { prosodyVersion, startLeanProsody } from "./prosody-lean.js";

export interface BenchServer {
  kind: ServerKind;
  /** "Prosody" or "ejabberd", for the report. */
  name: string;
  version: string;
  server: XmppServer;
  /** The secret of every component domain (domains.ts). */
  secret: string;
  /** The server's modules and settings, one line for the report. */
  modules: string;
  /** What the report should say about running on this server. */
  notes: string[];
}

export const serverName = (kind: ServerKind): string => (kind === "prosody" ? "Prosody" : "ejabberd");

export const serverVersion = (kind: ServerKind): string =>
  kind === "prosody" ? prosodyVersion() : ejabberdVersion();

/** Starts the lean server of `kind` in `dir`; resolves once it answers XMPP. */
export async function startBenchServer(kind: ServerKind, dir: string): Promise<BenchServer> {
  const secret = randomBytes(16).toString("hex");
  const common = { kind, name: serverName(kind), version: serverVersion(kind), secret };
  if (kind === "prosody") {
    const { prosody, modules } = await startLeanProsody(dir, secret);
    return { ...common, server: prosodyServer(prosody), modules, notes: [] };
  }
  const { ejabberd, modules } = await startLeanEjabberd(dir, secret);
  return {
    ...common,
    server: ejabberd,
    modules,
    notes: [
      "Manifold runs with the same configuration on both servers, so that the figures compare. In " +
        "production on ejabberd, docs/servers.md sets `delivery.serverSyncMs: 2500` (Mnesia writes " +
        "behind); that holds back only the journal's confirmations of copies sent, not the messages, " +
        "which leave as they do here.",
    ],
  };
}
