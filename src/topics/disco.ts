// Discovery of the topic service (PROTOCOL §1): the service lists only the requester's own topics;
// a topic shows its owner the full room information, and anyone else only its name and what a 1:1
// chat needs, never the MUC features, so their clients treat it as a contact.
import type { Inbound } from "../xmpp/router.js";
import { NS } from "../xmpp/ns.js";
import { xml, type Element } from "../xmpp/xml.js";
import { roomInfo, serviceInfo } from "../muc/disco.js";
import { roomVcard } from "../muc/avatar.js";
import type { TopicsContext } from "./context.js";
import { topicNick } from "./notices.js";
import { ownedTopics } from "./quota.js";
import * as errors from "./errors.js";

export function topicServiceInfo(name: string): Element {
  const info = serviceInfo(name);
  info.children.splice(1, 0, xml("identity", { category: "component", type: "generic", name }));
  return info;
}

export async function topicServiceItems(ctx: TopicsContext, s: Inbound): Promise<Element> {
  if (s.payload?.attrs.node) throw errors.noSuchServiceNode();
  const items: Element[] = [];
  for (const jid of await ownedTopics(ctx, s.from.bare)) {
    const topic = await ctx.rooms.peek(jid);
    if (topic) items.push(xml("item", { jid, name: topic.record.config.name }));
  }
  return xml("query", { xmlns: NS.discoItems }, ...items);
}

/** What a topic translates for both its owner and its members (actions.ts, PROTOCOL §5). */
export const MESSAGE_FEATURES = [NS.correct, NS.retract, NS.reactions];

export async function topicInfo(ctx: TopicsContext, s: Inbound): Promise<Element> {
  const room = await ctx.rooms.find(s.to.bare);
  if (room && room.record.owner === s.from.bare) return roomInfo(ctx, s);
  if (!room || room.record.locked) throw errors.noSuchTopic();
  if (s.payload?.attrs.node) throw errors.noSuchTopicNode();
  return xml(
    "query",
    { xmlns: NS.discoInfo },
    xml("identity", { category: "component", type: "generic", name: room.config.name }),
    ...[NS.discoInfo, NS.receipts, NS.markers, NS.chatStates, NS.commands, NS.vcard, ...MESSAGE_FEATURES].map(
      (f) => xml("feature", { var: f }),
    ),
  );
}

/**
 * The topic's vCard (XEP-0054): the name its owner and members know it by, "alice · Badminton",
 * so a client that names contacts from vCards (Converse, on accepting the topic's subscription
 * request) keeps that name, and the avatar its owner set (XEP-0153: members' rosters show it).
 * Anyone else learns only the topic's name, as from disco#info.
 */
export async function topicVcard(ctx: TopicsContext, s: Inbound): Promise<Element> {
  const room = await ctx.rooms.find(s.to.bare);
  if (!room || room.record.locked) throw errors.noSuchTopic();
  const known = room.record.owner === s.from.bare || room.affiliationOf(s.from.bare) === "member";
  if (known) return roomVcard(ctx, room, topicNick(room));
  const name = room.config.name;
  return xml("vCard", { xmlns: NS.vcard }, xml("FN", {}, name), xml("NICKNAME", {}, name));
}
