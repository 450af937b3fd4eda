// A private ejabberd cluster on loopback (issue 20): several nodes started by the harness
// (scripts/lib/ejabberd.ts), each its own directory and Erlang node, all with one cookie, then
// joined with `ejabberdctl join_cluster` so they share Mnesia (accounts, rosters, offline
// storage) and route to one another's users. Without epmd a node reaches another on the
// distribution port it listens on itself, so the nodes share one port and each listens on its own
// loopback address (127.0.0.2, 127.0.0.3, …; Linux routes all of 127/8 to lo).
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { promisify } from "node:util";
import { findEjabberdctl, startEjabberd, type Ejabberd, type EjabberdOptions } from "./ejabberd.js";
import { pickFreePort } from "./ports.js";

const run = promisify(execFile);

export interface EjabberdCluster {
  /** The nodes, the first one the cluster was joined to. */
  readonly nodes: readonly Ejabberd[];
  /** `ejabberdctl` against one node: its output. */
  ctl(node: Ejabberd, ...args: string[]): Promise<string>;
  /** The nodes each node sees in the cluster (`list_cluster`), itself included. */
  members(node: Ejabberd): Promise<string[]>;
  stop(): Promise<void>;
}

export async function startEjabberdCluster(
  size: number,
  options: Omit<EjabberdOptions, "clusterNode" | "dir">,
): Promise<EjabberdCluster> {
  const distPort = await pickFreePort();
  const cookie = randomBytes(16).toString("hex");
  const nodes: Ejabberd[] = [];
  const ctl = async (node: Ejabberd, ...args: string[]) => {
    const config = join(node.dir, "config");
    const { stdout } = await run(
      findEjabberdctl()!,
      ["--config-dir", config, "--ctl-config", join(config, "ejabberdctl.cfg"), ...args],
      { env: { PATH: process.env.PATH ?? "", HOME: node.dir }, encoding: "utf8" },
    );
    return stdout;
  };
  const cluster: EjabberdCluster = {
    nodes,
    ctl,
    async members(node) {
      const out = await ctl(node, "list_cluster");
      return out
        .split("\n")
        .map((line) => line.trim().replace(/^'|'$/g, ""))
        .filter(Boolean);
    },
    async stop() {
      await Promise.all(nodes.map((n) => n.stop()));
    },
  };
  try {
    for (let i = 0; i < size; i++) {
      const address = `127.0.0.${i + 2}`;
      nodes.push(await startEjabberd({ ...options, clusterNode: { address, distPort, cookie } }));
    }
    for (const node of nodes.slice(1)) await ctl(node, "join_cluster", nodes[0]!.nodeName);
    const seen = await cluster.members(nodes[0]!);
    const missing = nodes.filter((n) => !seen.includes(n.nodeName));
    if (missing.length)
      throw new Error(
        `ejabberd nodes did not join the cluster: ${missing.map((n) => n.nodeName).join(", ")}`,
      );
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  return cluster;
}
