// The privacy switch (PROTOCOL §3): command `preferences` on both service JIDs, and its text
// equivalent. One setting per user, the same on both services; stored before it is confirmed.
import type { Command } from "../xmpp/commands.js";
import type { FormSpec, SubmittedForm } from "../xmpp/forms.js";
import type { Preferences, PreferenceStore } from "../store/preferences.js";
import * as errors from "./errors.js";

export const PREFERENCES_FORM = "urn:x-manifold:0#preferences";
const SEND = "send-chat-states";
const RECEIVE = "receive-chat-states";

/** What is in force, in words (the command's note and the text answer). */
export function describe(p: Preferences): string {
  const send = p.sendChatStates ? "on (others see when you type)" : "off (nobody sees when you type)";
  const receive = p.receiveChatStates
    ? "on (you see when others type)"
    : "off (you do not see when others type)";
  return `Chat states: ${SEND} ${send}; ${RECEIVE} ${receive}.`;
}

function form(type: "form" | "result", p: Preferences): FormSpec {
  return {
    type,
    formType: PREFERENCES_FORM,
    title: "Preferences",
    ...(type === "form"
      ? { instructions: "Manifold enforces these for every client, in topics and in groups." }
      : {}),
    fields: [
      {
        var: SEND,
        type: "boolean",
        label: "Send my chat states (others see when I type)",
        values: [p.sendChatStates ? "1" : "0"],
      },
      {
        var: RECEIVE,
        type: "boolean",
        label: "Receive chat states (I see when others type)",
        values: [p.receiveChatStates ? "1" : "0"],
      },
    ],
  };
}

function fromForm(current: Preferences, submitted: SubmittedForm): Preferences {
  if (submitted.formType && submitted.formType !== PREFERENCES_FORM)
    throw errors.notPreferencesForm(submitted.formType);
  return {
    v: 1,
    sendChatStates: submitted.boolean(SEND) ?? current.sendChatStates,
    receiveChatStates: submitted.boolean(RECEIVE) ?? current.receiveChatStates,
  };
}

export function preferencesCommand(store: PreferenceStore): Command {
  return {
    node: "preferences",
    name: "Preferences (chat states)",
    allowed: () => true,
    async run({ from, form: submitted }) {
      const current = store.get(from.bare);
      if (!submitted) return { status: "executing", form: form("form", current) };
      const next = fromForm(current, submitted);
      await store.set(from.bare, next);
      return { status: "completed", note: describe(next), form: form("result", next) };
    },
  };
}

/**
 * The text form: "preferences" shows them, "preferences send-chat-states off receive-chat-states on"
 * changes them. Answers undefined when the text is not about preferences.
 */
export async function preferencesText(
  store: PreferenceStore,
  jid: string,
  words: string[],
): Promise<string | undefined> {
  if (words[0]?.toLowerCase() !== "preferences") return undefined;
  const current = store.get(jid);
  const args = words.slice(1).map((w) => w.toLowerCase());
  if (!args.length) return describe(current);
  const next: Preferences = { ...current };
  for (let i = 0; i < args.length; i += 2) {
    const [name, value] = [args[i], args[i + 1]];
    if ((name !== SEND && name !== RECEIVE) || (value !== "on" && value !== "off"))
      return `Usage: preferences [${SEND} on|off] [${RECEIVE} on|off]`;
    if (name === SEND) next.sendChatStates = value === "on";
    else next.receiveChatStates = value === "on";
  }
  await store.set(jid, next);
  return describe(next);
}
