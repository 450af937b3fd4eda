// Message info for a topic's owner (issue 19): for a message she sent, which members' clients
// confirmed it arrived (XEP-0184 receipts, XEP-0333 received), which read it (displayed or
// acknowledged markers), and for whom it bounced: what WhatsApp's broadcast lists show. The
// reports are the ones already routed back to her (read-reports.ts, messages.ts), kept with the
// archived message (store/archive.ts) and gone with it.
import { parseXml } from "../xmpp/xml.js";
import type { Room } from "../muc/room.js";
import type { ArchiveRecord } from "../store/archive.js";
import type { Inbound } from "../xmpp/router.js";
import { NS } from "../xmpp/ns.js";
import { xml, type Element } from "../xmpp/xml.js";
import { roomNotice } from "../muc/stanzas.js";
import type { TopicsContext } from "./context.js";
import { memberByJid, ownerNick } from "./members.js";

/** How many of her latest messages the command offers to choose from. */
export const CHOICES = 10;

/** The owner's latest messages in the topic, newest first. */
export async function ownerMessages(ctx: TopicsContext, room: Room, max = CHOICES): Promise<ArchiveRecord[]> {
  const owner = room.record.owner!;
  // Members' replies are archived too: read enough to find `max` of hers among them.
  const latest = await ctx.archive.latest(room.jid, max * 20, ctx.retention.notBefore(room.config));
  return latest
    .filter((r) => r.jid === owner && r.copies !== undefined)
    .reverse()
    .slice(0, max);
}

/** A message as a choice reads: its time and the start of its text. */
export function labelOf(record: ArchiveRecord): string {
  const body = parseXml(record.xml).getChildText("body")?.replace(/\s+/g, " ").trim() ?? "(no text)";
  const text = body.length > 40 ? `${body.slice(0, 39)}…` : body;
  return `${new Date(record.at).toISOString().slice(0, 16).replace("T", " ")} UTC: “${text}”`;
}

/** The answer, as text: the message, then who read it, who got it, and for whom it bounced. */
export async function messageInfo(ctx: TopicsContext, room: Room, record: ArchiveRecord): Promise<string> {
  const reports = await ctx.archive.reportsOf(room.jid, record.id);
  const name = (jid: string) => {
    const member = memberByJid(room, jid);
    return member ? `${member.nick} (${jid})` : `${jid} (no longer a member)`;
  };
  const read: string[] = [];
  const delivered: string[] = [];
  const bounced: string[] = [];
  for (const [jid, report] of reports) {
    if (report.bounced) bounced.push(`${name(jid)}: ${report.bounced}`);
    else if (report.read) read.push(`${name(jid)}, ${time(report.read)}`);
    else if (report.delivered) delivered.push(`${name(jid)}, ${time(report.delivered)}`);
  }
  const sent = record.copies ?? 0;
  const waiting = Math.max(0, sent - read.length - delivered.length - bounced.length);
  const section = (title: string, lines: string[]) =>
    lines.length ? [`${title} (${lines.length}):`, ...lines.map((l) => `  ${l}`)] : [];
  return [
    `${labelOf(record)} went to ${sent} member${sent === 1 ? "" : "s"}.`,
    ...section("Read by", read),
    ...section("Delivered to", delivered),
    ...section("Bounced for", bounced),
    `No report yet from ${waiting}: their clients have not confirmed it (not all clients send receipts, and some members may have switched them off).`,
  ].join("\n");
}

const time = (at: number) => new Date(at).toISOString().slice(0, 16).replace("T", " ") + " UTC";

/** The room's text form: "/info" for her last message, "/info 3" for the third last. */
const INFO_TEXT = /^\/info(?:\s+(\d+))?\s*$/i;

export function isInfoText(body: string | null): boolean {
  return body !== null && INFO_TEXT.test(body.trim());
}

/** Answers "/info [N]" from the owner (in her room, or in her chat with the topic's JID), to her
 * session alone, the way she asked; nothing reaches the members. */
export async function answerInfoText(ctx: TopicsContext, room: Room, s: Inbound): Promise<void> {
  const n = Number(INFO_TEXT.exec(s.stanza.getChildText("body")!.trim())![1] ?? "1");
  const mine = await ownerMessages(ctx, room, Math.max(1, n));
  const record = n >= 1 ? mine[n - 1] : undefined;
  const text = record
    ? await messageInfo(ctx, room, record)
    : mine.length
      ? `You have sent ${mine.length} message${mine.length === 1 ? "" : "s"} here that the archive still holds; "/info 1" is the latest.`
      : "You have sent nothing to this topic that the archive still holds.";
  // Not stored anywhere: it is an answer to her, not part of the conversation (XEP-0334).
  const answer =
    s.stanza.attrs.type === "groupchat"
      ? roomNotice(room, text)
      : xml("message", { type: "chat", from: room.jid, id: ctx.ids.next() }, xml("body", {}, text));
  answer.append(xml("no-store", { xmlns: NS.hints }));
  // In the room her client waits for its message to come back (XEP-0045 §7.4) before it shows it
  // sent: it comes back to her session alone, unarchived, as the answer does.
  if (s.stanza.attrs.type === "groupchat") ctx.out.sendEach(echoToAsker(room, s.stanza), [s.from.full]);
  ctx.out.sendEach(answer, [s.from.full]);
}

/** Her "/info" as the room reflects a message: from her occupant JID, with her id and origin-id. */
function echoToAsker(room: Room, asked: Element): Element {
  const originId = asked.getChild("origin-id", NS.sid);
  return xml(
    "message",
    {
      type: "groupchat",
      from: `${room.jid}/${ownerNick(room)}`,
      ...(asked.attrs.id ? { id: asked.attrs.id } : {}),
    },
    xml("body", {}, asked.getChildText("body") ?? ""),
    originId ? xml("origin-id", { xmlns: NS.sid, id: originId.attrs.id }) : null,
    xml("no-store", { xmlns: NS.hints }),
  );
}
