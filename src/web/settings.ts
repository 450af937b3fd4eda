// The Converse.js settings the web client starts with, derived from Manifold's own config so that
// the page always points at the right server and services. Only what differs from Converse's
// defaults, each for a reason a user of topics and groups would notice.
import type { Config } from "../config/schema.js";

/** Where the Converse.js files are served; the page loads its script and chunks from here. */
export const ASSETS_PATH = "/converse/";

export type ConverseSettings = Record<string, string | boolean | number | string[]>;

export function converseSettings(config: Config): ConverseSettings {
  return {
    websocket_url: config.web.websocketUrl,
    assets_path: ASSETS_PATH,
    view_mode: "fullscreen",
    // Log in as "alice" rather than "alice@localhost".
    default_domain: config.web.loginDomain ?? config.localDomains[0]!,
    discover_connection_methods: false,
    // The user is not their own contact.
    show_self_in_roster: false,
    // "Add groupchat" takes a bare room name as a room of the groups service.
    muc_domain: config.domains.groups,
    // Join rooms and topics without asking for a nick: the user's local part.
    muc_nickname_from_jid: true,
    // Converse would otherwise register that nick with every room entered, making the user a
    // member of open rooms just by visiting (and a fellow of a group, a member as "Alpha/bob").
    auto_register_muc_nickname: false,
    // Converse suggests rooms from an outside search service (search.jabber.network) as the user
    // types a name; ask the room service instead, which keeps what is typed on this server.
    muc_search_service: config.domains.groups,
    // Bookmarked rooms and topics with autojoin are entered at login (XEP-0402 via PEP).
    allow_bookmarks: true,
    muc_respect_autojoin: true,
    // A topic writes from its own JID, which is not in the member's roster until they accept its
    // subscription request: without this Converse would drop the topic's first messages.
    allow_non_roster_messaging: true,
    // Topics, groups and preferences offer XEP-0050 commands; Converse lists them in its settings.
    allow_adhoc_commands: true,
    auto_reconnect: true,
    i18n: "en",
    loglevel: "warn",
  };
}
