// XEP-0050 ad-hoc commands: listing (disco#items on the commands node, §2.2), execution with at
// most one form stage (§3.4), cancel (§3.5). Commands are data; sessions are stateless: a stage
// answers with a form and a session id, the submission carries both back and is run to completion.
import { randomBytes } from "node:crypto";
import * as errors from "./errors.js";
import type { Inbound, Route } from "./router.js";
import { NS } from "./ns.js";
import { buildForm, readForm, type FormSpec, type SubmittedForm } from "./forms.js";
import { xml, type Element } from "./xml.js";
import type { Jid } from "./jid.js";

export interface CommandInput {
  from: Jid;
  to: Jid;
  /** The submitted form, absent on the first execution. */
  form: SubmittedForm | undefined;
}

/** What one execution produced: a form to fill in (executing), or the end with a note (completed). */
export type CommandOutcome =
  | { status: "executing"; form: FormSpec }
  | { status: "completed"; note: string; noteType?: "info" | "warn" | "error"; form?: FormSpec };

export interface Command {
  node: string;
  name: string;
  /** Whether `from` may see and run the command at `to`; throws item-not-found when `to` does not exist. */
  allowed(from: Jid, to: Jid): boolean | Promise<boolean>;
  run(input: CommandInput): CommandOutcome | Promise<CommandOutcome>;
}

/** disco#items on the commands node: only the commands the requester may run (§2.2). */
export async function commandItems(commands: readonly Command[], s: Inbound): Promise<Element> {
  const items: Element[] = [];
  for (const command of commands) {
    if (await command.allowed(s.from, s.to))
      items.push(xml("item", { jid: s.to.full, node: command.node, name: command.name }));
  }
  return xml("query", { xmlns: NS.discoItems, node: NS.commands }, ...items);
}

/** disco#info on a command's node (§2.3). */
export async function commandInfo(commands: readonly Command[], s: Inbound): Promise<Element> {
  const command = await find(commands, s, s.payload?.attrs.node);
  return xml(
    "query",
    { xmlns: NS.discoInfo, node: command.node },
    xml("identity", { category: "automation", type: "command-node", name: command.name }),
    xml("feature", { var: NS.commands }),
    xml("feature", { var: NS.data }),
  );
}

export async function executeCommand(commands: readonly Command[], s: Inbound): Promise<Element> {
  const request = s.payload!;
  const command = await find(commands, s, request.attrs.node);
  const sessionid = request.attrs.sessionid || randomBytes(8).toString("hex");
  const action = request.attrs.action ?? "execute";
  const reply = (status: string, ...children: (Element | null)[]) =>
    xml("command", { xmlns: NS.commands, node: command.node, sessionid, status }, ...children);
  if (action === "cancel") return reply("canceled");
  if (!["execute", "complete", "next"].includes(action)) throw errors.oneStage(action);
  const form = readForm(request);
  if (form && form.type === "cancel") return reply("canceled");
  if (form && form.type !== "submit") throw errors.commandFormNotSubmitted();
  const outcome = await command.run({ from: s.from, to: s.to, form });
  if (outcome.status === "executing") {
    return reply(
      "executing",
      xml("actions", { execute: "complete" }, xml("complete")),
      buildForm(outcome.form),
    );
  }
  return reply(
    "completed",
    xml("note", { type: outcome.noteType ?? "info" }, outcome.note),
    outcome.form ? buildForm(outcome.form) : null,
  );
}

async function find(commands: readonly Command[], s: Inbound, node: string | undefined): Promise<Command> {
  const command = commands.find((c) => c.node === node);
  if (!command) throw errors.noSuchCommand(node ?? "");
  // XEP-0050 §4.4: a command the requester may not run is forbidden (it is listed only to those who may).
  if (!(await command.allowed(s.from, s.to))) throw errors.commandForbidden(command.name);
  return command;
}

/** The routes serving `commands` at the given addressees. */
export function commandRoutes(name: string, to: Route["to"], commands: readonly Command[]): Route[] {
  return [
    {
      name: `${name} commands list`,
      kind: "iq",
      types: ["get"],
      to,
      payload: { name: "query", ns: NS.discoItems },
      when: (s) => s.payload?.attrs.node === NS.commands,
      handle: (s) => commandItems(commands, s),
    },
    {
      name: `${name} command info`,
      kind: "iq",
      types: ["get"],
      to,
      payload: { name: "query", ns: NS.discoInfo },
      when: (s) => commands.some((c) => c.node === s.payload?.attrs.node),
      handle: (s) => commandInfo(commands, s),
    },
    {
      name: `${name} command`,
      kind: "iq",
      types: ["set"],
      to,
      payload: { name: "command", ns: NS.commands },
      handle: (s) => executeCommand(commands, s),
    },
  ];
}
