// What a message says about chat states (XEP-0085), as pure functions over stanzas.
import { NS } from "../xmpp/ns.js";
import { xml, type Element } from "../xmpp/xml.js";

export const CHAT_STATES = ["active", "composing", "paused", "inactive", "gone"] as const;
export type ChatState = (typeof CHAT_STATES)[number];

const STATE_NAMES = new Set<string>(CHAT_STATES);

function isStateElement(child: Element): boolean {
  return child.attrs.xmlns === NS.chatStates && STATE_NAMES.has(child.name);
}

/** The state a message carries, if any. */
export function stateOf(stanza: Element): ChatState | undefined {
  return stanza.getChildElements().find(isStateElement)?.name as ChatState | undefined;
}

/** Children that only address or label a message: with nothing else, the message says nothing. */
function isEnvelope(child: Element): boolean {
  const ns = child.attrs.xmlns;
  return (
    (child.name === "thread" && !ns) ||
    ns === NS.hints ||
    ns === NS.sid ||
    ns === NS.occupantId ||
    ns === NS.mucUser ||
    ns === NS.address ||
    ns === NS.nick ||
    ns === NS.delay
  );
}

/** A message whose only news is a chat state (XEP-0085 "standalone notification"). */
export function isStateOnly(stanza: Element): boolean {
  let state = false;
  for (const child of stanza.getChildElements()) {
    if (isStateElement(child)) state = true;
    else if (!isEnvelope(child)) return false;
  }
  return state;
}

/** A copy of the message without its chat state (everything else kept, in order). */
export function withoutState(stanza: Element): Element {
  return xml(
    stanza.name,
    { ...stanza.attrs },
    ...stanza.getChildElements().filter((c) => !isStateElement(c)),
  );
}

/** Asks servers not to store the message (XEP-0334), once: for messages that matter only now. */
export function markNotStored(message: Element): Element {
  if (!message.getChild("no-store", NS.hints)) message.append(xml("no-store", { xmlns: NS.hints }));
  return message;
}

/** A copy of the message marked not to be stored (the original is left as it came). */
export function notStored(stanza: Element): Element {
  if (stanza.getChild("no-store", NS.hints)) return stanza;
  return markNotStored(xml(stanza.name, { ...stanza.attrs }, ...stanza.getChildElements()));
}
