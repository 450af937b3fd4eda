// The configuration schema: one place that says what every key means, its type and its default.
// Loaded from config/default.yaml, an optional operator file and MANIFOLD_* environment variables (load.ts).
import { z } from "zod";
import { parseDuration } from "../core/duration.js";

const domainName = z
  .string()
  .regex(
    /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i,
    "expected a domain name (letters, digits, dots and hyphens)",
  );

const positiveInt = z.number().int().positive();

export const configSchema = z.strictObject({
  server: z.strictObject({
    host: z.string().min(1).describe("Host of the XMPP server's component listener (XEP-0114)."),
    port: z.number().int().min(1).max(65535).describe("Port of the XMPP server's component listener."),
    secret: z
      .string()
      .min(1)
      .optional()
      .describe("Shared component secret; prefer MANIFOLD_SECRET or secretFile over writing it in a file."),
    secretFile: z
      .string()
      .min(1)
      .optional()
      .describe("A file whose first line is the secret (Docker/Kubernetes secrets, systemd credentials)."),
    nodes: z
      .array(
        z.strictObject({
          host: z.string().min(1),
          port: z.number().int().min(1).max(65535),
        }),
      )
      .min(1)
      .optional()
      .describe(
        "An ejabberd cluster: the component listener of each node. Manifold keeps a connection to every node for each domain, takes stanzas from all and spreads what it sends over those that are up. When set, host and port are not used. Prosody takes one connection per domain: leave it unset.",
      ),
  }),
  domains: z.strictObject({
    groups: domainName.describe("Component domain of rooms (groups), e.g. groups.example.org."),
    lists: domainName.describe("Component domain of topics (lists), e.g. lists.example.org."),
  }),
  localDomains: z
    .array(domainName)
    .min(1)
    .describe("Users of these domains may create rooms and own topics."),
  data: z.string().min(1).describe("LevelDB directory (all stored state; back it up with manifold export)."),
  log: z.strictObject({
    level: z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
      .describe("Least severe level written to the log (JSON lines on stdout)."),
  }),
  connection: z.strictObject({
    reconnectInitialMs: positiveInt.describe(
      "First reconnect delay; doubles per failed attempt up to reconnectMaxMs, with ± jitter.",
    ),
    reconnectMaxMs: positiveInt.describe("Longest delay between two reconnect attempts."),
    reconnectJitter: z
      .number()
      .min(0)
      .max(1)
      .describe("Random spread of each reconnect delay, as a fraction (0.3 = ±30%)."),
    pingIntervalMs: positiveInt.describe(
      "XEP-0199 ping to the server after this much silence; no answer within pingTimeoutMs = dead socket.",
    ),
    pingTimeoutMs: positiveInt.describe(
      "How long a ping may wait for its answer before the socket is taken as dead and reconnected.",
    ),
    queueMaxStanzas: positiveInt.describe(
      "Outbound queue bound (stanzas); beyond it new stanzas are refused and counted, never buffered without limit.",
    ),
  }),
  groups: z.strictObject({
    createRooms: z
      .enum(["local", "anyone"])
      .describe("Who may create rooms: users of localDomains, or anyone the server lets through."),
    historyDefault: z
      .number()
      .int()
      .min(0)
      .describe("Messages of history sent on join when the client does not ask (XEP-0045 §7.2.14)."),
    historyMax: z.number().int().min(0).describe("Most messages of history a client may ask for on join."),
    maxMembers: positiveInt.describe(
      "Service-wide ceiling on a room's member list (PROTOCOL §2 membership threshold).",
    ),
    maxOccupants: positiveInt.describe("Service-wide ceiling on occupants per room."),
    archiveMaxPage: positiveInt.describe("Largest page a XEP-0313 archive query may ask for."),
    maxNestingLevels: z
      .number()
      .int()
      .min(2)
      .describe("Nested groups: most rooms in a chain of rooms inside rooms (2 = one group in one room)."),
    maxPendingRequests: positiveInt.describe(
      "Nested groups: requests of groups to join one room that may wait for an answer.",
    ),
    defaultPersistent: z
      .boolean()
      .describe(
        "Rooms created by joining start persistent (PROTOCOL §2: groups are standing bodies, and only a persistent room can join another as a group). The owner can change it in the room's configuration.",
      ),
  }),
  lists: z.strictObject({
    maxMembers: positiveInt.describe("Members per topic."),
    maxTopicsPerOwner: positiveInt.describe("Topics one owner may have (temporary and persistent)."),
    messagesPerMinute: positiveInt.describe("Messages one owner may send per minute over all their topics."),
    idleTimeoutHours: z
      .number()
      .positive()
      .describe("A temporary topic created by command ends after this long without a message."),
    historyDefault: z.number().int().min(0).describe("As groups.historyDefault, for topic rooms."),
    historyMax: z.number().int().min(0).describe("As groups.historyMax, for topic rooms."),
    archiveMaxPage: positiveInt.describe("As groups.archiveMaxPage, for topic rooms."),
    defaultPersistent: z
      .boolean()
      .describe(
        "Topics start persistent, whether created by joining or by command without a `persistent` field (PROTOCOL §1: a topic is a saved list, kept when its owner's client closes). A temporary topic ends when its owner leaves.",
      ),
  }),
  http: z.strictObject({
    enabled: z
      .boolean()
      .describe("Serve /healthz, /metrics, the admin export and (with web.enabled) the web client."),
    host: z.string().min(1).describe("Loopback by default: put a reverse proxy in front to publish it."),
    port: z.number().int().min(0).max(65535).describe("HTTP port; 0 picks a free port (tests)."),
  }),
  web: z.strictObject({
    enabled: z.boolean().describe("Serve the bundled web client (Converse.js) at / on the HTTP side."),
    websocketUrl: z
      .url({ protocol: /^wss?$/, error: "expected a ws:// or wss:// URL" })
      .describe("The XMPP server's WebSocket endpoint as the browser reaches it (Prosody: mod_websocket)."),
    loginDomain: domainName
      .optional()
      .describe("The domain users log in to with a bare user name; default: the first of localDomains."),
    allowRegistration: z
      .boolean()
      .describe(
        'Offer "Create an account" (XEP-0077 in-band registration on loginDomain). Turn on only if the XMPP server lets clients register (Prosody: mod_register with allow_registration = true); otherwise the page offers no registration at all.',
      ),
  }),
  avatars: z.strictObject({
    maxBytes: positiveInt.describe(
      "Largest room or topic avatar (XEP-0486, set through vcard-temp), in bytes of image. Sent base64 it grows by a third and must fit limits.maxStanzaBytes: 131072 (128 KiB) is several times what clients send (Conversations and Gajim scale avatars to a few hundred pixels).",
    ),
  }),
  archive: z.strictObject({
    expireAfter: z
      .string()
      .transform((value, ctx) => {
        const parsed = parseDuration(value);
        if (parsed === undefined) {
          ctx.addIssue({
            code: "custom",
            message: 'expected "never" or a duration of at least a minute, such as 30d, 12h or 1y',
          });
          return z.NEVER;
        }
        return parsed;
      })
      .describe(
        'How long room and topic archives keep a message (MAM, join history, the ids corrections and retractions name): "never", or a duration such as 90d, 12h or 1y. Each room\'s owner may choose a shorter time in its configuration, never a longer one. Off by default.',
      ),
    sweepIntervalMs: positiveInt.describe(
      "How often expired messages are removed from the store. Queries never show an expired message in between: they stop at the cut-off themselves.",
    ),
    sweepBatch: positiveInt.describe(
      "Messages removed per store write while sweeping; after each batch the sweep rests as long as the batch took, so delivery goes on beside it.",
    ),
  }),
  delivery: z.strictObject({
    expansion: z
      .enum(["auto", "off"])
      .describe(
        "Server-side fan-out: `auto` looks for the server's XEP-0033 multicast service when connecting (Prosody with Manifold's mod_manifold_multicast, ejabberd with mod_multicast; docs/servers.md) and, if it lets Manifold in, sends the copies for users of localDomains as one stanza per confirmEvery recipients that the server expands. `off` sends every copy as its own stanza. Remote users always get their own.",
      ),
    confirmEvery: positiveInt.describe(
      "Journaled fan-out (topic messages, room messages to absent members): copies sent between two confirmations by the server (a XEP-0199 ping), and the most of one fan-out the send queue holds. At most 32 times this many copies are unanswered at once; the rest of a burst waits in the journal. After a crash or a lost connection, copies past the last confirmation are sent again (same stanza id), so smaller values mean fewer repeats and more pings.",
    ),
    serverSyncMs: z
      .number()
      .int()
      .min(0)
      .describe(
        "Topic fan-out: how long after the server's answer a confirmation holds. Prosody stores offline messages before it answers: 0. ejabberd's database writes can trail its answers by 1–2 s, so copies confirmed just before an ejabberd crash can be lost: set 2500 there.",
      ),
    confirmTimeoutMs: positiveInt.describe(
      "Topic fan-out: a confirmation not answered in this time counts as lost, and the unconfirmed copies are sent again.",
    ),
  }),
  limits: z.strictObject({
    stanzasPerSecondPerSender: z
      .number()
      .positive()
      .describe(
        "Stanzas one user (bare JID) may send to Manifold per second, sustained. A person chatting and typing sends well under 2 a second and topic owners are held to lists.messagesPerMinute anyway; 10 keeps one account from taking over the service. Over it: policy-violation (wait), at most one error a second, the rest dropped.",
      ),
    senderBurst: positiveInt.describe(
      "Stanzas one user may send at once before stanzasPerSecondPerSender applies. A client logging in sends a join, a disco query and an archive query for every bookmarked room at once, and its server sends its presence to every topic the user follows: 300 covers about a hundred of them.",
    ),
    maxStanzaBytes: positiveInt.describe(
      "Largest stanza Manifold handles, in bytes; larger ones are refused (policy-violation) before any work. 262144 (256 KiB) is far above what chat clients send, and of the order of the servers' own client stanza limits.",
    ),
    topicMessagesPerMinute: positiveInt.describe(
      "Lasting messages into one topic per minute, from its owner and its members' replies together; over it: policy-violation (wait). 600 lets a large topic's members all answer a question within minutes while bounding what one topic adds to its archive and its owner's inbox.",
    ),
  }),
  chatStates: z.strictObject({
    maxRecipients: z
      .number()
      .int()
      .min(0)
      .describe(
        "A conversation with more recipients than this carries no chat states (PROTOCOL §3 fan-out bound).",
      ),
    coalesceMs: z
      .number()
      .int()
      .min(0)
      .describe(
        "A state alone repeating the sender's last one to the same conversation within this window is dropped.",
      ),
  }),
});

export type Config = z.infer<typeof configSchema>;
