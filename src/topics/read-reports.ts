// Receipts (XEP-0184) and markers (XEP-0333) from members name the owner's message by an id their
// client saw: the copy's `id` (the topic's stanza-id), or the owner's origin-id (Conversations and
// Dino echo that). The owner's client knows the message by its own `id`, and in the room a marker
// by the stanza-id (XEP-0333 for group chats). Recent sends are remembered per topic under every
// alias (recent-sends.ts); older ones are found in the archive by stanza-id.
import { NS } from "../xmpp/ns.js";
import { parseXml, xml, type Element } from "../xmpp/xml.js";
import type { Room } from "../muc/room.js";
import type { TopicsContext } from "./context.js";
import type { SentIds } from "./recent-sends.js";

/** The owner's message a member's report names, if it can be traced. */
async function traced(ctx: TopicsContext, room: Room, id: string): Promise<SentIds | undefined> {
  const recent = ctx.topics.recent.find(room.jid, id);
  if (recent) return recent;
  const record = await ctx.archive.get(room.jid, id, ctx.retention.notBefore(room.config));
  if (!record || record.jid !== room.record.owner) return undefined;
  return { own: parseXml(record.xml).attrs.id, stanzaId: id };
}

/** XEP-0184 receipts and XEP-0333 `received` say the member's client has the message; the other
 * markers (`displayed`, `acknowledged`) that they have seen it. */
function reportOf(child: Element, at: number): { delivered: number } | { read: number } | undefined {
  if (!child.attrs.id) return undefined;
  if (child.is("received", NS.receipts) || child.is("received", NS.markers)) return { delivered: at };
  if (child.is("displayed", NS.markers) || child.is("acknowledged", NS.markers)) return { read: at };
  return undefined;
}

/** Keeps the member's receipts and markers with the owner's message they name (message info). */
export async function noteReports(
  ctx: TopicsContext,
  room: Room,
  member: string,
  children: Element[],
): Promise<void> {
  for (const child of children) {
    const report = reportOf(child, ctx.clock.now());
    const ids = report && (await traced(ctx, room, child.attrs.id!));
    if (report && ids) await ctx.archive.report(room.jid, ids.stanzaId, member, report);
  }
}

/** The member's children with each receipt and marker renamed for the owner's client. */
export async function forOwner(
  ctx: TopicsContext,
  room: Room,
  children: Element[],
  inRoom: boolean,
): Promise<Element[]> {
  const out: Element[] = [];
  for (const child of children) {
    const isReceipt = child.is("received", NS.receipts);
    const isMarker = child.attrs.xmlns === NS.markers && child.name !== "markable";
    const ids =
      (isReceipt || isMarker) && child.attrs.id ? await traced(ctx, room, child.attrs.id) : undefined;
    const renamed = !ids ? undefined : isMarker && inRoom ? ids.stanzaId : ids.own;
    out.push(renamed ? xml(child.name, { ...child.attrs, id: renamed }, ...child.getChildElements()) : child);
  }
  return out;
}
