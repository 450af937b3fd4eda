// A user's settings (PROTOCOL §3 privacy switch; PROTOCOL §2 absent members reached): command
// `preferences` on both service JIDs, and its text equivalent. One record per user, the same on
// both services; stored before it is confirmed.
import type { Command } from "../xmpp/commands.js";
import type { FormSpec, SubmittedForm } from "../xmpp/forms.js";
import {
  absentMessagesOf,
  type AbsentMessages,
  type Preferences,
  type PreferenceStore,
} from "../store/preferences.js";
import * as errors from "./errors.js";

export const PREFERENCES_FORM = "urn:x-manifold:0#preferences";
const SEND = "send-chat-states";
const RECEIVE = "receive-chat-states";
const ABSENT = "absent-messages";

const ABSENT_CHOICES: readonly { value: AbsentMessages; label: string; words: string }[] = [
  { value: "room", label: "As each room sends them", words: "as each room sends them" },
  { value: "mentions", label: "Only those that mention me", words: "only those that mention you" },
  { value: "none", label: "None", words: "none" },
];

const isAbsentChoice = (value: string | undefined): value is AbsentMessages =>
  ABSENT_CHOICES.some((c) => c.value === value);

/** What is in force, in words (the command's note and the text answer). */
export function describe(p: Preferences): string {
  const send = p.sendChatStates ? "on (others see when you type)" : "off (nobody sees when you type)";
  const receive = p.receiveChatStates
    ? "on (you see when others type)"
    : "off (you do not see when others type)";
  const absent = absentMessagesOf(p);
  const words = ABSENT_CHOICES.find((c) => c.value === absent)!.words;
  return (
    `Chat states: ${SEND} ${send}; ${RECEIVE} ${receive}. ` +
    `Room messages while you are not in the room: ${ABSENT} ${absent} (${words}).`
  );
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
      {
        var: ABSENT,
        type: "list-single",
        label: "Room messages sent to me while I am not in the room",
        values: [absentMessagesOf(p)],
        options: ABSENT_CHOICES.map(({ value, label }) => ({ value, label })),
      },
    ],
  };
}

function fromForm(current: Preferences, submitted: SubmittedForm): Preferences {
  if (submitted.formType && submitted.formType !== PREFERENCES_FORM)
    throw errors.notPreferencesForm(submitted.formType);
  // A field sent back without a value keeps the choice, as the room form's field does.
  const absent = submitted.text(ABSENT) || undefined;
  if (absent !== undefined && !isAbsentChoice(absent)) throw errors.absentMessagesValue(ABSENT, absent);
  return withAbsent(
    {
      v: 1,
      sendChatStates: submitted.boolean(SEND) ?? current.sendChatStates,
      receiveChatStates: submitted.boolean(RECEIVE) ?? current.receiveChatStates,
    },
    absent ?? absentMessagesOf(current),
  );
}

/** The record keeps `absentMessages` only when it is not the default, as records always did. */
function withAbsent(p: Preferences, choice: AbsentMessages): Preferences {
  const { absentMessages: _, ...rest } = p;
  return choice === "room" ? rest : { ...rest, absentMessages: choice };
}

export function preferencesCommand(store: PreferenceStore): Command {
  return {
    node: "preferences",
    name: "Preferences (chat states, room messages while absent)",
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

export const PREFERENCES_USAGE =
  `preferences [${SEND} on|off] [${RECEIVE} on|off] ` +
  `[${ABSENT} ${ABSENT_CHOICES.map((c) => c.value).join("|")}]`;

/**
 * The text form: "preferences" shows them, "preferences send-chat-states off absent-messages mentions"
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
  let next: Preferences = { ...current };
  for (let i = 0; i < args.length; i += 2) {
    const [name, value] = [args[i], args[i + 1]];
    if (name === ABSENT && isAbsentChoice(value)) next = withAbsent(next, value);
    else if ((name === SEND || name === RECEIVE) && (value === "on" || value === "off")) {
      if (name === SEND) next.sendChatStates = value === "on";
      else next.receiveChatStates = value === "on";
    } else return `Usage: ${PREFERENCES_USAGE}`;
  }
  await store.set(jid, next);
  return describe(next);
}
