// Every room service, one per room kind, each on its own connection; a stanza for one of them goes
// to its service whichever connection it came on.
import type { Config } from "../config/load.js";
import type { Ids } from "../core/ids.js";
import type { Log } from "../core/log.js";
import { ClusterLink } from "../xmpp/cluster-link.js";
import { ComponentConnection } from "../xmpp/connection.js";
import type { Link } from "../xmpp/link.js";
import type { Router } from "../xmpp/router.js";
import type { RoomKindPlugin, RoomService, SharedParts } from "./kind-plugin.js";
import { createRoomService } from "./room-service.js";

export async function createServices(
  kinds: readonly RoomKindPlugin[],
  shared: SharedParts,
  makeLink: (domain: string) => Link,
): Promise<RoomService[]> {
  const routerOf = new Map<string, Router>();
  // A server may hand a stanza for one of our domains to another of our connections (ejabberd
  // with global_routes): the addressee's service handles it, whichever socket it came on.
  const dispatch = (el: Parameters<Router["dispatch"]>[0], own: Router) =>
    (routerOf.get(domainOf(el.attrs.to)) ?? own).dispatch(el);
  const services: RoomService[] = [];
  for (const kind of kinds) {
    const service = await createRoomService(kind, shared, makeLink(kind.domain(shared.config)), dispatch);
    routerOf.set(service.link.domain, service.router);
    services.push(service);
  }
  return services;
}

/** XEP-0114 connections to the configured server, one per service domain. */
export function componentLinks(config: Config, log: Log, ids: Ids): (domain: string) => Link {
  const { nodes, host, port, ...rest } = config.server;
  const connect = (domain: string, node: { host: string; port: number }, nodeLog: Log) =>
    new ComponentConnection(
      { domain, ...rest, ...node, serverDomain: config.localDomains[0]!, ...config.connection },
      nodeLog,
      ids,
    );
  return (domain) => {
    const domainLog = log.child({ domain });
    if (!nodes) return connect(domain, { host, port }, domainLog);
    const members = nodes.map((node) =>
      connect(domain, node, domainLog.child({ node: `${node.host}:${node.port}` })),
    );
    return members.length === 1 ? members[0]! : new ClusterLink(domain, members, domainLog);
  };
}

/** The domain part of a JID as written in a stanza (lower-cased; no full parse on the hot path). */
function domainOf(jid: string | undefined): string {
  if (!jid) return "";
  const slash = jid.indexOf("/");
  const bare = slash === -1 ? jid : jid.slice(0, slash);
  return bare.slice(bare.indexOf("@") + 1).toLowerCase();
}
