-- Prosody 0.12 for docker-compose.yml: users on "localhost" and Manifold's two component domains.
-- A local trial, not a production setup: no TLS, so clients must allow plaintext logins.
-- Add users with: docker compose exec prosody prosodyctl register alice localhost 'a-password'

-- Logs go to the container's stdout (`docker compose logs prosody`).
log = { { levels = { min = "info" }, to = "console" } }
data_path = "/var/lib/prosody"
certificates = "/etc/prosody/certs" -- empty: nothing here uses TLS

-- IPv4 only: a container often has no IPv6, and a failed bind on :: would log errors.
interfaces = { "0.0.0.0" }
c2s_ports = { 5222 }
c2s_direct_tls_ports = {}
legacy_ssl_ports = {}
s2s_ports = {}
-- Manifold connects here from its own container (MANIFOLD_SERVER=prosody:5347).
component_ports = { 5347 }
component_interfaces = { "0.0.0.0" }
-- WebSocket (/xmpp-websocket) and BOSH (/http-bind) for web clients.
http_ports = { 5280 }
http_interfaces = { "0.0.0.0" }
https_ports = {}
http_default_host = "localhost"
consider_websocket_secure = true
consider_bosh_secure = true

c2s_require_encryption = false
allow_unencrypted_plain_auth = true
authentication = "internal_hashed"
storage = "internal"

-- Prosody reads sockets 4 KiB at a time by default, which stalls big stanzas from a component.
network_default_read_size = 65536

-- A lean module set: no mod_limits (Debian's default throttles c2s to 10 kB/s), no blocklist and no
-- smacks (both slow fan-out), no tls and no s2s.
-- The web client (served by Manifold) also wants PEP bookmarks with autojoin, carbons, vCards and MAM.
modules_enabled = {
  "roster", "saslauth", "disco", "ping", "offline", "http", "websocket", "bosh",
  "pep", "bookmarks", "private", "carbons", "vcard_legacy", "mam",
  -- Server-side fan-out: a topic's copies leave Manifold as one stanza that Prosody expands
  -- (server/prosody/mod_manifold_multicast.lua, copied into the image; docs/servers.md).
  "manifold_multicast",
}
plugin_paths = { "/usr/local/lib/prosody/modules" }
manifold_multicast_senders = { "groups.localhost", "lists.localhost" }
modules_disabled = { "s2s", "s2s_auth_certs" }

VirtualHost "localhost"

-- Both components use MANIFOLD_SECRET from the environment (see docker-compose.yml).
Component "groups.localhost"
    component_secret = ENV_MANIFOLD_SECRET

Component "lists.localhost"
    component_secret = ENV_MANIFOLD_SECRET
