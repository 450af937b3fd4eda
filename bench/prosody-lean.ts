// The benchmark's Prosody: the harness's own lean config (scripts/lib/prosody-config.ts: no mod_limits,
// no blocklist, no smacks, network_default_read_size = 65536) plus a MUC component for case (b)
// and a component domain for the bare sender of case (c). Reports which modules it loads.
import { readFileSync } from "node:fs";
import { startProsody, type Prosody } from "../scripts/lib/prosody.js";
import {
  BARE_DOMAIN,
  COMPONENT_DOMAINS,
  GROUPS_DOMAIN,
  LISTS_DOMAIN,
  MUC_DOMAIN,
  P_GROUPS_DOMAIN,
  P_LISTS_DOMAIN,
} from "./domains.js";

/** Prosody's own MUC: no room locking, no history, and only moderators' presence is broadcast, so
 *  that N occupants joining costs O(N) presence stanzas rather than O(N²). */
const MUC_CONFIG = `Component "${MUC_DOMAIN}" "muc"
    muc_room_locking = false
    muc_room_default_history_length = 0
    muc_room_default_presence_broadcast = { moderator = true }
    muc_tombstones = false`;

export interface BenchProsody {
  prosody: Prosody;
  /** The global modules_enabled list of the generated config, plus the MUC component. */
  modules: string;
}

export async function startLeanProsody(dir: string, secret: string): Promise<BenchProsody> {
  const prosody = await startProsody({
    dir,
    components: Object.fromEntries(COMPONENT_DOMAINS.map((domain) => [domain, secret])),
    extraConfig: MUC_CONFIG,
    logLevel: "warn",
  });
  return { prosody, modules: describeModules(prosody.configPath) };
}

function describeModules(configPath: string): string {
  const config = readFileSync(configPath, "utf8");
  const enabled = /^modules_enabled = \{(.*)\}$/m.exec(config)?.[1] ?? "";
  const names = [...enabled.matchAll(/"([^"]+)"/g)].map((m) => m[1]!);
  const readSize = /^network_default_read_size = (\d+)/m.exec(config)?.[1] ?? "default";
  return (
    `modules_enabled ${names.join(", ")}; auth internal_plain, storage internal; s2s disabled; ` +
    `no limits/blocklist/smacks/carbons/csi/tls; network_default_read_size ${readSize}, Nagle on ` +
    `(Prosody's default); mod_manifold_multicast for the components; components ${GROUPS_DOMAIN}, ` +
    `${LISTS_DOMAIN}, ${BARE_DOMAIN}, ${P_GROUPS_DOMAIN} and ${P_LISTS_DOMAIN} (case p's Manifold); ` +
    `${MUC_DOMAIN}: muc (no locking, no history, presence broadcast for moderators only)`
  );
}

export function prosodyVersion(): string {
  try {
    return readFileSync("/usr/lib/prosody/prosody.version", "utf8").trim();
  } catch {
    return "unknown";
  }
}
