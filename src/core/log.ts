// Structured logging (pino: JSON lines on stdout). Secrets never reach a log line: callers log JIDs and
// conditions, never stanzas with credentials, and `redact` guards the config object if it is logged whole.
import { pino, type Logger } from "pino";

export type Log = Logger;

export function createLog(level: string, name = "manifold"): Log {
  return pino({ name, level, redact: ["secret", "*.secret", "server.secret", "config.server.secret"] });
}
