// Archive retention: how long a room's archive keeps a message. The service sets the longest time
// (archive.expireAfter, or never); each room's owner may choose a shorter one in the room's form.
// Reads stop at the cut-off themselves (MAM, join history), so an expired message is gone for
// readers at once; archive-sweep.ts removes it from the store later, in batches.
import { describeDuration, formatDuration, parseDuration, type Expiry } from "../core/duration.js";
import { NS } from "../xmpp/ns.js";
import type { ConfigExtension } from "./config-form.js";
import * as errors from "./errors.js";
import type { RoomConfig } from "./types.js";

const FIELD = `${NS.manifold}#archive_expiry`;
/** The value that follows the service's time (the field's default). */
const SERVICE = "service";
/** Choices the form offers, where the service allows them. */
const CHOICES: readonly number[] = [1, 7, 30, 90, 365].map((days) => days * 86_400_000);

export class Retention {
  /** What the room form adds: the room's own time, bounded by the service's. */
  readonly setting: ConfigExtension;

  /** `service`: the longest time any archive keeps a message, null for no limit. */
  constructor(
    readonly service: Expiry,
    private readonly now: () => number,
  ) {
    this.setting = retentionSetting(this);
  }

  /** How long the room's archive keeps a message, null for ever (no config: the service's time). */
  expiryOf(config: Pick<RoomConfig, "archiveExpiry"> | undefined): Expiry {
    const own = config?.archiveExpiry;
    if (own === undefined) return this.service;
    return this.service === null ? own : Math.min(own, this.service);
  }

  /** Messages archived before this time (ms) are expired; 0 when the room keeps everything. */
  notBefore(config: Pick<RoomConfig, "archiveExpiry"> | undefined, now = this.now()): number {
    const expiry = this.expiryOf(config);
    return expiry === null ? 0 : Math.max(0, now - expiry);
  }
}

function retentionSetting(retention: Retention): ConfigExtension {
  const longest = retention.service;
  return {
    setting: "archiveExpiry",
    field: (config) => ({
      var: FIELD,
      type: "list-single",
      label: "Delete archived messages after",
      values: [config.archiveExpiry === undefined ? SERVICE : formatDuration(config.archiveExpiry)],
      options: [
        { value: SERVICE, label: `The service's time (${describeDuration(longest)})` },
        ...[...new Set([...CHOICES, ...(config.archiveExpiry === undefined ? [] : [config.archiveExpiry])])]
          .filter((ms) => longest === null || ms < longest)
          .sort((a, b) => a - b)
          .map((ms) => ({ value: formatDuration(ms), label: describeDuration(ms) })),
      ],
    }),
    apply(form, next) {
      const value = form.text(FIELD)?.trim();
      if (value === undefined || value === "") return;
      if (value === SERVICE) {
        delete next.archiveExpiry;
        return;
      }
      const expiry = parseDuration(value);
      if (expiry === undefined) throw errors.archiveExpiryValue(FIELD, describeDuration(longest));
      if (expiry === null) {
        // Never: the service's time is the longest a room may keep anything.
        if (longest !== null) throw errors.archiveExpiryValue(FIELD, describeDuration(longest));
        delete next.archiveExpiry;
        return;
      }
      if (longest !== null && expiry > longest) {
        throw errors.archiveExpiryValue(FIELD, describeDuration(longest));
      }
      if (longest !== null && expiry === longest) delete next.archiveExpiry;
      else next.archiveExpiry = expiry;
    },
  };
}
