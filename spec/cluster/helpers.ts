// A two-node ejabberd cluster with Manifold connected to both nodes (server.nodes), run in-process
// with the production connection factory, and users on either node.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp, type App } from "../../src/app.js";
import { loadConfig } from "../../src/config/load.js";
import { ClusterLink } from "../../src/xmpp/cluster-link.js";
import { startEjabberdCluster, type EjabberdCluster } from "../../scripts/lib/ejabberd-cluster.js";
import type { Ejabberd } from "../../scripts/lib/ejabberd.js";
import { COMPONENT_SECRET, GROUPS_DOMAIN, LISTS_DOMAIN, MANIFOLD_COMPONENTS } from "../helpers/prosody.js";
import { SINK_DOMAIN } from "../helpers/sink.js";
import { connectUser, randomPassword, uniqueName, type TestUser } from "../helpers/users.js";

export async function startCluster(): Promise<EjabberdCluster> {
  return startEjabberdCluster(2, {
    components: { ...MANIFOLD_COMPONENTS, [SINK_DOMAIN]: COMPONENT_SECRET },
    archive: true,
    logLevel: "warn",
  });
}

export interface ClusterOptions {
  /** Extra YAML config. */
  config?: string;
  localDomains?: string;
  /** host:port to reach node i by instead of its own (a relay in front of it). */
  via?: Record<number, string>;
}

/** The MANIFOLD_* variables of a Manifold on every node of the cluster, with its store at `dataDir`
 *  and `config` (extra YAML: a fast watchdog, small chunks) in a file beside it. */
export function clusterEnv(
  cluster: EjabberdCluster,
  dataDir: string,
  options: ClusterOptions = {},
): Record<string, string> {
  const address = (n: Ejabberd, i: number) => options.via?.[i] ?? `${n.host}:${n.componentPort}`;
  const env: Record<string, string> = {
    MANIFOLD_SERVERS: cluster.nodes.map(address).join(","),
    MANIFOLD_SECRET: COMPONENT_SECRET,
    MANIFOLD_GROUPS_DOMAIN: GROUPS_DOMAIN,
    MANIFOLD_LISTS_DOMAIN: LISTS_DOMAIN,
    MANIFOLD_LOCAL_DOMAINS: options.localDomains ?? cluster.nodes[0]!.domain,
    MANIFOLD_DATA: dataDir,
    MANIFOLD_HTTP_PORT: "0",
    MANIFOLD_LOG_LEVEL: process.env.MANIFOLD_TEST_LOG ?? "warn",
  };
  if (options.config) {
    const file = `${dataDir}.yaml`;
    writeFileSync(file, options.config);
    env.MANIFOLD_CONFIG = file;
  }
  return env;
}

export const freshDataDir = (): string => mkdtempSync(join(tmpdir(), "manifold-cluster-"));

/** Manifold in this process on every node of the cluster (the production connection factory). */
export async function startClusterManifold(
  cluster: EjabberdCluster,
  options: ClusterOptions = {},
): Promise<{ app: App; dataDir: string }> {
  const dataDir = freshDataDir();
  const app = await createApp(loadConfig({ env: clusterEnv(cluster, dataDir, options) }));
  await app.start();
  return { app, dataDir };
}

/** The cluster links of a running Manifold, one per domain. */
export const clusterLinks = (app: App): ClusterLink[] =>
  app.links.filter((l): l is ClusterLink => l instanceof ClusterLink);

/** Resolves once every domain has a connection up to `count` nodes. */
export async function nodesUp(app: App, count: number): Promise<void> {
  await Promise.all(clusterLinks(app).map((l) => l.whenUp(count)));
}

const passwords = new Map<string, string>();

/** Logs a user made by usersOn() in again, on `node`. */
export function reconnectOn(node: Ejabberd, user: TestUser): Promise<TestUser> {
  const password = passwords.get(user.bare);
  if (password === undefined) throw new Error(`${user.bare} was not made by usersOn()`);
  return connectUser(node, user.bare.split("@")[0]!, password);
}

/** Registers users (on the cluster, through the first node) and logs each in on the node given. */
export async function usersOn(
  cluster: EjabberdCluster,
  ...people: [base: string, node: Ejabberd][]
): Promise<TestUser[]> {
  const accounts = people.map(([base]) => ({ name: uniqueName(base), password: randomPassword() }));
  await cluster.nodes[0]!.registerUsers(accounts);
  for (const a of accounts) passwords.set(`${a.name}@${cluster.nodes[0]!.domain}`, a.password);
  return Promise.all(accounts.map((a, i) => connectUser(people[i]![1], a.name, a.password)));
}
