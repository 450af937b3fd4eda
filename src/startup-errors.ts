// Start-up failures whose cause Manifold knows, as the one line an operator reads: what failed,
// why, and the setting to change, named by its MANIFOLD_* variable and key (config/env.ts). The
// parts that fail throw typed errors carrying the facts; only this module turns them into advice,
// because only here are the configuration's names known. `manifold start` prints the line.
import { userInfo } from "node:os";
import { resolve } from "node:path";
import type { Config } from "./config/load.js";
import { settingName } from "./config/env.js";
import { HttpListenError } from "./http/server.js";
import { StoreOpenError } from "./store/open-error.js";
import { ComponentRefusedError } from "./xmpp/refusal.js";

/** The line for a start-up failure of a known cause; undefined for any other error. */
export function explainStartupError(err: unknown, config: Config): string | undefined {
  let line: string | undefined;
  if (err instanceof StoreOpenError) line = storeLine(err, config);
  else if (err instanceof HttpListenError) line = httpLine(err);
  else if (err instanceof ComponentRefusedError) line = refusalLine(err, config);
  // A cause's own text (a path, a server's words) must not break the one line.
  return line?.replace(/\s*\n\s*/g, " ");
}

function storeLine(err: StoreOpenError, config: Config): string {
  const absolute = resolve(config.data);
  const where = `the store at ${absolute}${absolute === config.data ? "" : ` ("${config.data}")`}`;
  const data = settingName("data");
  switch (err.problem) {
    case "locked":
      return `${where} is in use: another process (another Manifold, or manifold import) holds its LevelDB lock; stop that one, or set ${data} to a directory of this Manifold's own`;
    case "not-a-directory":
      return `${where} is not a directory (${err.detail}): set ${data} to a directory, which is created if missing`;
    case "no-permission":
      return `${where} cannot be opened: no permission (${err.detail}); let ${runningAs()} write there, or set ${data} to a directory it may write`;
    case "other":
      return `${where} cannot be opened: ${err.detail} (${data})`;
  }
}

function runningAs(): string {
  try {
    return `user ${userInfo().username}`;
  } catch {
    return "the user Manifold runs as"; // no passwd entry (some containers)
  }
}

function httpLine(err: HttpListenError): string {
  const at = `the HTTP side cannot listen on ${err.address}`;
  const port = settingName("http.port");
  const host = settingName("http.host");
  switch (err.code) {
    case "EADDRINUSE":
      return `${at}: the port is in use by another program (another Manifold?); set ${port} to a free port, or ${host} to another address (http.enabled: false turns the HTTP side off)`;
    case "EACCES":
      return `${at}: permission denied (ports below 1024 need privileges); set ${port} to 1024 or above`;
    case "EADDRNOTAVAIL":
      return `${at}: ${err.host} is not an address of this machine; set ${host} to one of its addresses`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `${at}: ${err.host} does not resolve; set ${host} to an address of this machine`;
    default:
      return `${at}: ${err.code ?? err.message}; check ${host} and ${port}`;
  }
}

function refusalLine(err: ComponentRefusedError, config: Config): string {
  const { domain, server, answer } = err;
  const serverSetting = settingName("server.host");
  const domainSetting = settingName(domain === config.domains.groups ? "domains.groups" : "domains.lists");
  switch (err.reason) {
    case "secret":
      // ejabberd answers a domain missing from its listener exactly as it answers a wrong secret.
      return `the XMPP server at ${server} refused the secret of component ${domain} (${answer}): set ${settingName("server.secret")} or ${settingName("server.secretFile")} to the secret the server has for ${domain} (Prosody: its component_secret; ejabberd: its password under the ejabberd_service listener's hosts, where a missing ${domain} gets this same answer)`;
    case "unknown-domain":
      return `the XMPP server at ${server} has no component ${domain} (${answer}): declare it there (Prosody: Component "${domain}" with component_secret; ejabberd: ${domain} under the hosts of its ejabberd_service listener), or set ${domainSetting} to a domain it declares, or ${serverSetting} to the server that declares it`;
    case "not-component-port":
      return `${server} is not the XMPP server's component listener (${answer}, as a client port does): set ${serverSetting} to its component port (Prosody: component_ports, 5347 by default; ejabberd: the port of its ejabberd_service listener)`;
  }
}
