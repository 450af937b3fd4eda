// A chat to groups.* itself: the text form of `preferences` (PROTOCOL §3), else a short help. It is
// also the chat where room messages reach members who are not in the room (absent/copy.ts), so a
// reply there is answered with how to answer in the room. A message without a body (a chat state,
// a receipt) needs no answer.
import type { Inbound } from "../xmpp/router.js";
import { xml } from "../xmpp/xml.js";
import { preferencesText } from "../preferences/preferences.js";
import type { GroupsContext } from "./context.js";

const HELP = [
  "This is a group chat service: join a room (room@<this service>/YourNick) to chat.",
  "Messages from rooms you are a member of arrive here, as [Room] nick: text, while you are not",
  "in the room; to answer, join the room.",
  "  preferences [send-chat-states on|off] [receive-chat-states on|off]",
  "              [absent-messages room|mentions|none]",
  "      show or change whether typing is shared, and which room messages reach you while you",
  "      are not in the room (the same settings on the topic service)",
  "Each room also offers ad-hoc commands (XEP-0050) on its address:",
  "  join-as-group           ask for one of your groups to join the room",
  "  pending-requests        owners and admins: answer groups' requests to join",
  "  pending-registrations   owners and admins: answer requests to become a member",
  "  contact-as-group        talk to someone outside your group as the group",
].join("\n");

export async function onGroupServiceText(ctx: GroupsContext, s: Inbound): Promise<void> {
  const body = s.stanza.getChildText("body");
  if (body === null) return;
  const words = body.trim().split(/\s+/);
  const answer = (await preferencesText(ctx.chatStates.preferences, s.from.bare, words)) ?? HELP;
  ctx.out.sendEach(
    xml("message", { type: "chat", from: s.to.bare, id: ctx.ids.next() }, xml("body", {}, answer)),
    [s.from.full],
  );
}
