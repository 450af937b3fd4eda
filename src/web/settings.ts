// The Converse.js settings the web client starts with, derived from Manifold's own config so that
// the page always points at the right server and services. Only what differs from Converse's
// defaults, each for a reason a user of topics and groups would notice.
import type { Config } from "../config/schema.js";
import { serverMediaHost } from "./csp.js";

/** Where the Converse.js files are served; the page loads its script and chunks from here. */
export const ASSETS_PATH = "/converse/";

/** The page's own Converse plugin (page.ts): Converse runs only the plugins it is told of. */
export const PAGE_PLUGIN = "manifold-page";

export type ConverseSettings = Record<string, string | boolean | number | string[]>;

export function converseSettings(config: Config): ConverseSettings {
  const loginDomain = config.web.loginDomain ?? config.localDomains[0]!;
  const mediaHost = serverMediaHost(config.web.websocketUrl);
  const mediaDomains = mediaHost === undefined ? [] : [mediaHost];
  return {
    websocket_url: config.web.websocketUrl,
    assets_path: ASSETS_PATH,
    view_mode: "fullscreen",
    // Log in as "alice" rather than "alice@localhost".
    default_domain: loginDomain,
    discover_connection_methods: false,
    ...registration(config.web.allowRegistration, loginDomain),
    // The page's plugin (page.ts) keeps Converse's footer of remote sponsor logos off the page.
    whitelisted_plugins: [PAGE_PLUGIN],
    // Images, videos and audio in messages show inline only from the XMPP server's host (its
    // uploads), which the page's Content-Security-Policy (csp.ts) also allows; any other link stays
    // a link, so reading a message loads nothing from a host the reader did not choose.
    allowed_image_domains: mediaDomains,
    allowed_video_domains: mediaDomains,
    allowed_audio_domains: mediaDomains,
    // A Spotify link would otherwise become a player loaded from open.spotify.com.
    embed_3rd_party_media_players: false,
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

/**
 * In-band registration (XEP-0077) only where the server offers it. Converse shows "Create an
 * account" by default, and a form that, without a registration domain, fetches a list of public
 * providers from data.xmpp.net. Off, its registration plugin does not run at all, so the form is
 * not reachable at #converse/register either; on, accounts are made on the login domain.
 */
function registration(allowed: boolean, loginDomain: string): ConverseSettings {
  return allowed
    ? { allow_registration: true, registration_domain: loginDomain }
    : { allow_registration: false, blacklisted_plugins: ["converse-register"] };
}
