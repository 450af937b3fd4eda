// The errors of the stanza layer (routing, XEP-0004 forms, XEP-0050 commands), one catalogue: each
// entry is what happened, and builds the StanzaError clients get, with its condition, type and text.
// The router answers its own refusals from the service; forms and commands are read for a feature's
// handler, and their errors are answered by whoever was addressed (RFC 6120 §8.2, §8.3).
import { NS } from "./ns.js";
import { StanzaError } from "./stanza-error.js";
import { xml } from "./xml.js";

// Routing (router.ts): refusals before any handler runs, and what a handler failed to say

/** The sender's address does not parse as a JID. */
export const senderMalformed = () =>
  new StanzaError("jid-malformed", "The sender address is not a valid JID");

/** An IQ no route takes; `namespace` is its payload's, if it has one. */
export const queryNotAnswered = (namespace: string | undefined) =>
  new StanzaError("service-unavailable", `This entity does not answer ${namespace ?? "empty"} queries`);

/** A chat or normal message no route takes. */
export const messageNotAccepted = () =>
  new StanzaError("service-unavailable", "This address does not accept this kind of message");

/** A handler failed with anything but a StanzaError: no text, so nothing internal shows (habit 5). */
export const internal = () => new StanzaError("internal-server-error");

// Data forms (forms.ts, XEP-0004 §3.3)

export const notBoolean = (field: string, value: string) =>
  new StanzaError("bad-request", `Field ${field} must be a boolean (1/0/true/false), not "${value}"`);

export const notWholeNumber = (field: string, value: string) =>
  new StanzaError("bad-request", `Field ${field} must be a whole number, not "${value}"`);

// Ad-hoc commands (commands.ts, XEP-0050)

export const noSuchCommand = (node: string) =>
  new StanzaError("item-not-found", `There is no command "${node}" here`);

/** §4.4: a command the requester may not run (it is listed only to those who may). */
export const commandForbidden = (name: string) =>
  new StanzaError("forbidden", `You are not allowed to run "${name}" here`);

/** XEP-0050 §4.6's own condition under bad-request: what exactly was wrong with the command. */
const commandCondition = (name: "bad-action" | "malformed-action" | "bad-payload") => ({
  extra: [xml(name, { xmlns: NS.commands })],
});

/** An action other than execute, complete or next: every command has one stage. XEP-0050 names
 *  a known action that cannot be taken bad-action, and one it does not define malformed-action. */
export const oneStage = (action: string) =>
  new StanzaError(
    "bad-request",
    `This command has one stage: "${action}" is not possible`,
    commandCondition(action === "prev" ? "bad-action" : "malformed-action"),
  );

export const commandFormNotSubmitted = () =>
  new StanzaError(
    "bad-request",
    "A command form must be submitted with type submit",
    commandCondition("bad-payload"),
  );
