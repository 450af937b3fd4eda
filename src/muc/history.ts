// Discussion history sent on join (XEP-0045 §7.2.14), read from the room's archive.
import { NS } from "../xmpp/ns.js";
import { parseXml, xml, type Element } from "../xmpp/xml.js";
import type { MucContext } from "./context.js";
import type { Room } from "./room.js";
import type { ArchiveRecord } from "../store/archive.js";

/** How much history the joining client asked for, within the service's limits. */
export function historyRequest(ctx: MucContext, room: Room, join: Element | undefined, now: number) {
  const history = join?.getChild("history");
  const limit = Math.min(room.config.historyLength, ctx.settings.historyMax);
  let max = Math.min(limit, ctx.settings.historyDefault);
  let since = 0;
  let maxChars = Infinity;
  if (history) {
    const { maxstanzas, maxchars, seconds } = history.attrs;
    if (maxstanzas !== undefined) max = Math.min(limit, toCount(maxstanzas));
    if (maxchars !== undefined) maxChars = toCount(maxchars);
    if (seconds !== undefined) since = Math.max(since, now - toCount(seconds) * 1000);
    if (history.attrs.since) {
      const t = Date.parse(history.attrs.since);
      if (!Number.isNaN(t)) since = Math.max(since, t);
    }
  }
  return { max: maxChars === 0 ? 0 : max, since, maxChars };
}

function toCount(value: string): number {
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/** One archived message as history: original id, author nick, XEP-0203 delay. */
/** `shown`: the archived message as the reader sees it (MucContext.views decides which rendering). */
export function historyMessage(room: Room, record: ArchiveRecord, shown: string): Element {
  const message = parseXml(shown);
  message.append(xml("delay", { xmlns: NS.delay, stamp: new Date(record.at).toISOString(), from: room.jid }));
  return message;
}

export async function sendHistory(
  ctx: MucContext,
  room: Room,
  to: string,
  join: Element | undefined,
  through?: string,
) {
  const { max, since, maxChars } = historyRequest(ctx, room, join, ctx.clock.now());
  const notBefore = ctx.retention.notBefore(room.config);
  const records = await ctx.archive.latest(room.jid, max, Math.max(since, notBefore));
  let chars = 0;
  const picked: ArchiveRecord[] = [];
  for (const record of records.reverse()) {
    chars += record.xml.length;
    if (chars > maxChars) break;
    picked.unshift(record);
  }
  for (const record of picked)
    ctx.out.sendEach(historyMessage(room, record, ctx.views.archived(record, through)), [to]);
}
