// The configuration schema: one place that says what every key means, its type and its default.
// Loaded from config/default.yaml, an optional operator file and MANIFOLD_* environment variables (load.ts).
import { z } from "zod";

const domainName = z
  .string()
  .regex(
    /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i,
    "expected a domain name (letters, digits, dots and hyphens)",
  );

const positiveInt = z.number().int().positive();

export const configSchema = z.strictObject({
  server: z.strictObject({
    /** Host of the XMPP server's component listener (XEP-0114). */
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535),
    /** Shared component secret; prefer MANIFOLD_SECRET or secretFile over writing it in a file. */
    secret: z.string().min(1).optional(),
    /** A file whose first line is the secret (Docker/Kubernetes secrets). */
    secretFile: z.string().min(1).optional(),
  }),
  domains: z.strictObject({
    groups: domainName,
    lists: domainName,
  }),
  /** Users of these domains may create rooms and own topics. */
  localDomains: z.array(domainName).min(1),
  /** LevelDB directory. */
  data: z.string().min(1),
  log: z.strictObject({
    level: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]),
  }),
  connection: z.strictObject({
    /** First reconnect delay; doubles per failed attempt up to maxDelayMs, with ± jitter. */
    reconnectInitialMs: positiveInt,
    reconnectMaxMs: positiveInt,
    reconnectJitter: z.number().min(0).max(1),
    /** XEP-0199 ping to the server after this much silence; no answer within pingTimeoutMs = dead socket. */
    pingIntervalMs: positiveInt,
    pingTimeoutMs: positiveInt,
    /** Outbound queue bound (stanzas); beyond it new stanzas are refused and counted, never buffered without limit. */
    queueMaxStanzas: positiveInt,
  }),
  groups: z.strictObject({
    /** Who may create rooms: users of localDomains, or anyone the server lets through. */
    createRooms: z.enum(["local", "anyone"]),
    /** History sent on join when the client does not ask (XEP-0045 §7.2.14), and the most it may ask for. */
    historyDefault: z.number().int().min(0),
    historyMax: z.number().int().min(0),
    /** Service-wide ceiling on a room's member list (PROTOCOL §2 membership threshold). */
    maxMembers: positiveInt,
    /** Service-wide ceiling on occupants per room. */
    maxOccupants: positiveInt,
    /** Largest page a XEP-0313 query may ask for. */
    archiveMaxPage: positiveInt,
    /** Nested groups: most rooms in a chain of rooms inside rooms (2 = one group in one room). */
    maxNestingLevels: z.number().int().min(2),
    /** Nested groups: requests of groups to join one room that may wait for an answer. */
    maxPendingRequests: positiveInt,
  }),
  lists: z.strictObject({
    /** Members per topic. */
    maxMembers: positiveInt,
    /** Topics one owner may have (temporary and persistent). */
    maxTopicsPerOwner: positiveInt,
    /** Messages one owner may send per minute over all their topics. */
    messagesPerMinute: positiveInt,
    /** A temporary topic created by command ends after this long without a message. */
    idleTimeoutHours: z.number().positive(),
    /** As groups.historyDefault / historyMax / archiveMaxPage, for topic rooms. */
    historyDefault: z.number().int().min(0),
    historyMax: z.number().int().min(0),
    archiveMaxPage: positiveInt,
  }),
  http: z.strictObject({
    /** Serve /healthz, /metrics and (with web.enabled) the web client. */
    enabled: z.boolean(),
    /** Loopback by default: put a reverse proxy in front to publish it. */
    host: z.string().min(1),
    /** 0 picks a free port (tests). */
    port: z.number().int().min(0).max(65535),
  }),
  web: z.strictObject({
    /** Serve the bundled web client (Converse.js) at / on the HTTP side. */
    enabled: z.boolean(),
    /** The XMPP server's WebSocket endpoint as the browser reaches it (Prosody: mod_websocket). */
    websocketUrl: z.url({ protocol: /^wss?$/, error: "expected a ws:// or wss:// URL" }),
    /** The domain users log in to with a bare user name; default: the first of localDomains. */
    loginDomain: domainName.optional(),
  }),
  chatStates: z.strictObject({
    /** A conversation with more recipients than this carries no chat states (PROTOCOL §3 fan-out bound). */
    maxRecipients: z.number().int().min(0),
    /** A state alone repeating the sender's last one to the same conversation within this window is dropped. */
    coalesceMs: z.number().int().min(0),
  }),
});

export type Config = z.infer<typeof configSchema>;
