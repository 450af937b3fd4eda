// Text equivalents of the service's commands, for clients without XEP-0050: a chat to the service
// JID ("create Badminton bob@example.org", "list", "delete badminton", "help") answered by chat.
import { StanzaError } from "../xmpp/stanza-error.js";
import type { Inbound } from "../xmpp/router.js";
import { xml } from "../xmpp/xml.js";
import type { TopicsContext } from "./context.js";
import { createTopic, deleteTopic, memberCount } from "./commands.js";
import { ownedTopics } from "./quota.js";
import * as errors from "./errors.js";
import { preferencesText } from "../preferences/preferences.js";
import { countIfRefusal } from "../limits/limit-error.js";

const HELP = [
  "Topics: write once, each member gets a private chat.",
  "  create NAME [member addresses…]   a topic kept until deleted",
  "  list                              your topics",
  "  delete NAME                       delete a topic and its member list",
  "  preferences [send-chat-states on|off] [receive-chat-states on|off]",
  "              [absent-messages room|mentions|none]",
  "                                    show or change whether typing is shared, and which",
  "                                    room messages reach you while you are not in the room",
  "Or join NAME@<this service>/YourNick in your client's group chat view.",
].join("\n");

export async function onServiceText(ctx: TopicsContext, s: Inbound): Promise<void> {
  const body = s.stanza.getChildText("body");
  if (body === null) return; // chat states and receipts to the service need no answer
  const [verb = "", ...args] = body.trim().split(/\s+/);
  let answer: string;
  try {
    answer = await run(ctx, s, verb.toLowerCase(), args);
  } catch (err) {
    if (!(err instanceof StanzaError)) throw err;
    countIfRefusal(ctx.metrics, err);
    answer = `Sorry: ${err.message}`;
  }
  ctx.out.sendEach(
    xml("message", { type: "chat", from: s.to.bare, id: ctx.ids.next() }, xml("body", {}, answer)),
    [s.from.full],
  );
}

async function run(ctx: TopicsContext, s: Inbound, verb: string, args: string[]): Promise<string> {
  const preferences = await preferencesText(ctx.chatStates.preferences, s.from.bare, [verb, ...args]);
  if (preferences) return preferences;
  const local = ctx.settings.localDomains.includes(s.from.domain);
  if (!local && verb !== "help") throw errors.notLocalUser();
  switch (verb) {
    case "create": {
      const split = args.findIndex((a) => a.includes("@"));
      const nameParts = split === -1 ? args : args.slice(0, split);
      const members = split === -1 ? [] : args.slice(split);
      if (!nameParts.length) return "Usage: create NAME [member addresses…]";
      const jid = await createTopic(ctx, s.from, {
        name: nameParts.join(" "),
        members,
        persistent: ctx.topics.lists.defaultPersistent,
      });
      return `Created ${jid} with ${memberCount(members.length)}. Write to it to reach them all.`;
    }
    case "list": {
      const topics = await ownedTopics(ctx, s.from.bare);
      return topics.length ? `Your topics:\n${topics.join("\n")}` : "You have no topics.";
    }
    case "delete": {
      if (!args[0]) return "Usage: delete NAME";
      return `Deleted ${await deleteTopic(ctx, s.from, args.join(" "))}.`;
    }
    default:
      return HELP;
  }
}
