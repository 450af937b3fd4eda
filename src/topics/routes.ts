// The topic service's route table: topic routes first, then the shared room routes for everything
// a topic handles like any room (admin, owner, archive, presence of the owner's sessions).
import type { Route } from "../xmpp/router.js";
import { NS } from "../xmpp/ns.js";
import { commandRoutes } from "../xmpp/commands.js";
import { mucRoutes, type ServiceIdentity } from "../muc/routes.js";
import { isInvitation } from "../muc/invite.js";
import type { TopicsContext } from "./context.js";
import { serviceCommands, topicCommands } from "./commands.js";
import { topicInfo, topicServiceInfo, topicServiceItems, topicVcard } from "./disco.js";
import { onTopicInvitation } from "./invite.js";
import { onMemberBounce, onTopicChat, onTopicGroupchat, onTopicPrivate } from "./messages.js";
import { onServicePresence, onTopicPresence } from "./presence.js";
import { onServiceText } from "./text-commands.js";
import { preferencesCommand } from "../preferences/preferences.js";

const PRESENCE_TYPES = ["", "unavailable", "probe", "subscribe", "subscribed", "unsubscribe", "unsubscribed"];
const MESSAGE_TYPES = ["chat", "normal", ""];

export function topicRoutes(ctx: TopicsContext, service: ServiceIdentity): Route[] {
  const noNode = (s: { payload: { attrs: Record<string, string | undefined> } | undefined }) =>
    !s.payload?.attrs.node;
  return [
    ...commandRoutes(
      "service",
      ["service"],
      [...serviceCommands(ctx), preferencesCommand(ctx.chatStates.preferences)],
    ),
    ...commandRoutes("topic", ["bare"], topicCommands(ctx)),
    {
      name: "topic service disco#info",
      kind: "iq",
      types: ["get"],
      to: ["service"],
      payload: { name: "query", ns: NS.discoInfo },
      when: noNode,
      handle: () => topicServiceInfo(service.name),
    },
    {
      name: "topic service disco#items",
      kind: "iq",
      types: ["get"],
      to: ["service"],
      payload: { name: "query", ns: NS.discoItems },
      handle: (s) => topicServiceItems(ctx, s),
    },
    {
      name: "topic disco#info",
      kind: "iq",
      types: ["get"],
      to: ["bare"],
      payload: { name: "query", ns: NS.discoInfo },
      handle: (s) => topicInfo(ctx, s),
    },
    {
      name: "topic vCard",
      kind: "iq",
      types: ["get"],
      to: ["bare"],
      payload: { name: "vCard", ns: NS.vcard },
      handle: (s) => topicVcard(ctx, s),
    },
    {
      name: "presence to a topic",
      kind: "presence",
      types: PRESENCE_TYPES,
      to: ["bare"],
      when: (s) => !s.stanza.getChild("x", NS.muc),
      handle: (s) => onTopicPresence(ctx, s),
    },
    {
      name: "presence to the topic service",
      kind: "presence",
      types: PRESENCE_TYPES,
      to: ["service"],
      handle: (s) => onServicePresence(ctx, s),
    },
    {
      name: "bounce from a member",
      kind: "message",
      types: ["error"],
      to: ["bare"],
      handle: (s) => onMemberBounce(ctx, s),
    },
    {
      name: "topic groupchat",
      kind: "message",
      types: ["groupchat"],
      to: ["bare"],
      handle: (s) => onTopicGroupchat(ctx, s),
    },
    {
      name: "topic invitation",
      kind: "message",
      types: ["normal", ""],
      to: ["bare"],
      when: isInvitation,
      handle: (s) => onTopicInvitation(ctx, s),
    },
    {
      name: "message to a member",
      kind: "message",
      types: MESSAGE_TYPES,
      to: ["full"],
      handle: (s) => onTopicPrivate(ctx, s),
    },
    {
      name: "message to a topic",
      kind: "message",
      types: MESSAGE_TYPES,
      to: ["bare"],
      handle: (s) => onTopicChat(ctx, s),
    },
    {
      name: "text command",
      kind: "message",
      types: MESSAGE_TYPES,
      to: ["service"],
      handle: (s) => onServiceText(ctx, s),
    },
    ...mucRoutes(ctx, service),
  ];
}
