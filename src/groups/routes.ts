// The route table of groups.*: the room service's, preceded by the `preferences` command and its
// text on the service JID (PROTOCOL §3) and what nesting adds (PROTOCOL §2): commands on room
// JIDs, answers to group requests, guests' messages and private messages to guests.
import { isVoiceRequest } from "../muc/voice.js";
import type { Route } from "../xmpp/router.js";
import { commandRoutes } from "../xmpp/commands.js";
import { mucRoutes, type ServiceIdentity } from "../muc/routes.js";
import { isInvitation } from "../muc/invite.js";
import { isRegistrationAnswer } from "../muc/registration-requests.js";
import { onPrivateMessage } from "../muc/private.js";
import type { GroupsContext } from "./context.js";
import { groupCommands } from "./commands.js";
import { onGuestMessage, toGuest } from "./guests.js";
import { onGroupServiceText } from "./service-text.js";
import { preferencesCommand } from "../preferences/preferences.js";
import { isGroupRequestAnswer, onGroupRequestAnswer } from "./requests.js";

export function groupRoutes(ctx: GroupsContext, service: ServiceIdentity): Route[] {
  return [
    ...commandRoutes("service", ["service"], [preferencesCommand(ctx.chatStates.preferences)]),
    ...commandRoutes("room", ["bare"], groupCommands(ctx)),
    {
      name: "group request answer",
      kind: "message",
      types: ["normal", ""],
      to: ["bare"],
      when: isGroupRequestAnswer,
      handle: (s) => onGroupRequestAnswer(ctx, s),
    },
    {
      name: "guest message",
      kind: "message",
      types: ["chat", "normal", ""],
      to: ["bare"],
      when: (s) => !isInvitation(s) && !isRegistrationAnswer(s) && !isVoiceRequest(s),
      handle: (s) => onGuestMessage(ctx, s),
    },
    {
      name: "private message (to a guest or an occupant)",
      kind: "message",
      types: ["chat", "normal", ""],
      to: ["full"],
      handle: async (s) => {
        if (!(await toGuest(ctx, s))) await onPrivateMessage(ctx, s);
      },
    },
    {
      // Conversations files the service's chats (absent members' copies) in a group-chat view,
      // since the service is a MUC service, and answers there as groupchat.
      name: "text to the service",
      kind: "message",
      types: ["chat", "normal", "", "groupchat"],
      to: ["service"],
      handle: (s) => onGroupServiceText(ctx, s),
    },
    ...mucRoutes(ctx, service),
  ];
}
