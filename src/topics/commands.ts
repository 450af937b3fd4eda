// Ad-hoc commands of the topic service (XEP-0050, PROTOCOL §1): `create`, `list` and `delete` on
// the service JID for owners, `leave` on a topic JID for its members.
import { labelOf, messageInfo, ownerMessages } from "./message-info.js";
import { parseJid, type Jid } from "../xmpp/jid.js";
import type { Command } from "../xmpp/commands.js";
import { destroyRoom } from "../muc/owner.js";
import { applyAffiliations } from "../muc/membership.js";
import type { TopicsContext } from "./context.js";
import { defaultTopicConfig } from "./defaults.js";
import { memberByJid } from "./members.js";
import { followOwner } from "./presence.js";
import { checkTopicQuota, ownedTopics } from "./quota.js";
import { leaveTopic } from "./replies.js";
import * as errors from "./errors.js";

/** The topic JID's local part for a name: lower case, spaces as "-", only a-z 0-9 . _ - kept. */
export function slugOf(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/\s+/g, "-")
    .replace(/[^a-z0-9._-]/g, "")
    .slice(0, 64);
}

export interface CreateRequest {
  name: string;
  members: string[];
  persistent: boolean;
}

export const memberCount = (n: number): string => (n === 1 ? "1 member" : `${n} members`);

/** Creates a topic, stored at once (persistent, or ending when idle), with its first members. */
export async function createTopic(ctx: TopicsContext, owner: Jid, request: CreateRequest): Promise<string> {
  await checkTopicQuota(ctx, owner);
  const name = request.name.trim();
  const local = slugOf(name);
  if (!local) throw errors.nameWithoutLetters();
  const jid = `${local}@${ctx.settings.domain}`;
  const existing = await ctx.rooms.find(jid);
  if (existing) {
    throw existing.record.owner === owner.bare ? errors.topicAlreadyYours(jid) : errors.topicNameTaken(jid);
  }
  const written = [...new Set(request.members.map((m) => m.trim()).filter(Boolean))];
  // A list past the limit is refused from its length, before any address in it is read (issue 7 §5).
  const limit = ctx.topics.lists.maxMembers;
  if (written.length > limit) throw ctx.kind.memberLimitError(limit + 1);
  const memberJids = [
    ...new Set(
      written.map((text) => {
        const parsed = parseJid(text);
        if (!parsed?.local) throw errors.notUserAddress(text);
        return parsed.bare;
      }),
    ),
  ];
  if (memberJids.includes(owner.bare)) throw errors.ownerAsMember();
  const config = { ...defaultTopicConfig(ctx.topics.lists), name, persistent: request.persistent };
  const room = await ctx.rooms.create(jid, owner.bare, "topic", config, {
    owner: owner.bare,
    locked: false,
    ...(request.persistent ? {} : { endsWhenIdle: true }),
  });
  if (memberJids.length)
    await applyAffiliations(
      ctx,
      room,
      memberJids.map((m) => ({ jid: m, affiliation: "member" as const })),
    );
  followOwner(ctx, owner.bare);
  ctx.log.info({ topic: jid, members: memberJids.length }, "topic created by command");
  return jid;
}

export async function deleteTopic(ctx: TopicsContext, owner: Jid, which: string): Promise<string> {
  const jid = which.includes("@") ? which.toLowerCase() : `${slugOf(which)}@${ctx.settings.domain}`;
  const room = await ctx.rooms.find(jid);
  if (!room || room.record.owner !== owner.bare) throw errors.notYourTopic(jid);
  await destroyRoom(ctx, room, undefined, "The topic was deleted by its owner");
  return jid;
}

export function serviceCommands(ctx: TopicsContext): Command[] {
  const isLocal = (from: Jid) => ctx.settings.localDomains.includes(from.domain);
  return [
    {
      node: "create",
      name: "Create a topic",
      allowed: isLocal,
      async run({ from, form }) {
        if (!form) {
          return {
            status: "executing",
            form: {
              type: "form",
              title: "Create a topic",
              instructions: "Write once to the topic; each member gets it as a private chat.",
              fields: [
                { var: "name", type: "text-single", label: "Name", required: true },
                { var: "members", type: "jid-multi", label: "Members" },
                {
                  var: "persistent",
                  type: "boolean",
                  label: "Keep until deleted",
                  values: [ctx.topics.lists.defaultPersistent ? "1" : "0"],
                },
              ],
            },
          };
        }
        const name = form.text("name") ?? "";
        if (!name.trim()) throw errors.nameMissing();
        const members = form.all("members").flatMap((v) => v.split(/[\s,]+/));
        const jid = await createTopic(ctx, from, {
          name,
          members,
          persistent: form.boolean("persistent") ?? ctx.topics.lists.defaultPersistent,
        });
        return {
          status: "completed",
          note: `Topic "${name.trim()}" is ready at ${jid} with ${memberCount(members.filter(Boolean).length)}. Send it a message to write to all of them.`,
        };
      },
    },
    {
      node: "list",
      name: "My topics",
      allowed: isLocal,
      async run({ from }) {
        const rows: { jid: string; name: string; members: number; persistent: boolean }[] = [];
        for (const jid of await ownedTopics(ctx, from.bare)) {
          const topic = await ctx.rooms.peek(jid);
          if (!topic) continue;
          const { config } = topic.record;
          rows.push({ jid, name: config.name, members: topic.members - 1, persistent: config.persistent });
        }
        const lines = rows.map(
          (r) => `${r.name} — ${r.jid} — ${r.members} members${r.persistent ? "" : " (temporary)"}`,
        );
        return {
          status: "completed",
          note: rows.length ? `Your topics:\n${lines.join("\n")}` : "You have no topics.",
          form: {
            type: "result",
            title: "My topics",
            fields: rows.map((r) => ({
              var: r.jid,
              type: "text-single" as const,
              label: r.name,
              values: [lines[rows.indexOf(r)]!],
            })),
          },
        };
      },
    },
    {
      node: "delete",
      name: "Delete a topic",
      allowed: isLocal,
      async run({ from, form }) {
        const mine = await ownedTopics(ctx, from.bare);
        if (!form) {
          if (!mine.length) return { status: "completed", note: "You have no topics to delete." };
          return {
            status: "executing",
            form: {
              type: "form",
              title: "Delete a topic",
              fields: [
                {
                  var: "topic",
                  type: "list-single",
                  label: "Topic",
                  required: true,
                  options: await Promise.all(
                    mine.map(async (jid) => ({ value: jid, label: await topicLabel(ctx, jid) })),
                  ),
                },
              ],
            },
          };
        }
        const jid = await deleteTopic(ctx, from, form.text("topic") ?? "");
        return { status: "completed", note: `Deleted ${jid} and its member list.` };
      },
    },
  ];
}

/** How a topic is named in a form's option: its name and address (clients show labels, not values). */
async function topicLabel(ctx: TopicsContext, jid: string): Promise<string> {
  const name = (await ctx.rooms.peek(jid))?.record.config.name;
  return name ? `${name} (${jid})` : jid;
}

export function topicCommands(ctx: TopicsContext): Command[] {
  return [
    {
      node: "message-info",
      name: "Message info",
      async allowed(from, to) {
        const room = await ctx.rooms.find(to.bare);
        if (!room) throw errors.noSuchTopic();
        return room.record.owner === from.bare;
      },
      async run({ to, form }) {
        const room = await ctx.rooms.find(to.bare);
        if (!room) throw errors.noSuchTopic();
        if (!form) {
          const mine = await ownerMessages(ctx, room);
          if (!mine.length) return { status: "completed", note: "You have sent nothing to this topic yet." };
          return {
            status: "executing",
            form: {
              type: "form",
              title: "Message info",
              instructions: "Who got and read one of your messages.",
              fields: [
                {
                  var: "message",
                  type: "list-single",
                  label: "Message",
                  required: true,
                  values: [mine[0]!.id],
                  options: mine.map((r) => ({ value: r.id, label: labelOf(r) })),
                },
              ],
            },
          };
        }
        const id = form.text("message") ?? "";
        const record = await ctx.archive.get(room.jid, id, ctx.retention.notBefore(room.config));
        if (!record || record.jid !== room.record.owner || record.copies === undefined)
          throw errors.noSuchOwnMessage(id);
        return { status: "completed", note: await messageInfo(ctx, room, record) };
      },
    },
    {
      node: "leave",
      name: "Leave this topic",
      async allowed(from, to) {
        const room = await ctx.rooms.find(to.bare);
        if (!room) throw errors.noSuchTopic();
        return !!memberByJid(room, from.bare);
      },
      async run({ from, to }) {
        const room = await ctx.rooms.find(to.bare);
        const member = room && memberByJid(room, from.bare);
        if (!room || !member) throw errors.notMemberLeaving();
        return { status: "completed", note: await leaveTopic(ctx, room, member) };
      },
    },
  ];
}
