// Receipts (XEP-0184) and markers (XEP-0333) from members name the owner's message by an id their
// client saw: the copy's `id` (the topic's stanza-id), or the owner's origin-id (Conversations and
// Dino echo that). The owner's client knows the message by its own `id`, and in the room a marker
// by the stanza-id (XEP-0333 for group chats). Recent sends are remembered per topic under every
// alias; older ones are found in the archive by stanza-id.
import { NS } from "../xmpp/ns.js";
import { parseXml, xml, type Element } from "../xmpp/xml.js";
import type { Room } from "../muc/room.js";
import type { TopicsContext } from "./context.js";

export interface SentIds {
  /** The id the owner's client gave the message, if any. */
  own: string | undefined;
  stanzaId: string;
}

/** Messages remembered per topic; markers are for what members just read. */
const RECENT_PER_TOPIC = 100;

export class RecentSends {
  private readonly byTopic = new Map<string, Map<string, SentIds>>();

  remember(topic: string, ids: SentIds, originId: string | undefined): void {
    const aliases = this.byTopic.get(topic) ?? new Map<string, SentIds>();
    this.byTopic.set(topic, aliases);
    for (const alias of [ids.stanzaId, ids.own, originId]) if (alias) aliases.set(alias, ids);
    // Each message has at most three aliases: drop the oldest entries beyond the bound.
    for (const oldest of aliases.keys()) {
      if (aliases.size <= RECENT_PER_TOPIC * 3) break;
      aliases.delete(oldest);
    }
  }

  find(topic: string, id: string): SentIds | undefined {
    return this.byTopic.get(topic)?.get(id);
  }

  forget(topic: string): void {
    this.byTopic.delete(topic);
  }
}

/** The owner's message a member's report names, if it can be traced. */
async function traced(ctx: TopicsContext, room: Room, id: string): Promise<SentIds | undefined> {
  const recent = ctx.topics.recent.find(room.jid, id);
  if (recent) return recent;
  const record = await ctx.archive.get(room.jid, id);
  if (!record || record.jid !== room.record.owner) return undefined;
  return { own: parseXml(record.xml).attrs.id, stanzaId: id };
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
