// Shorthands for chat-state specs (PROTOCOL §3).
import type { Element } from "../../../src/xmpp/xml.js";
import type { World } from "./world.js";
import { commandStanza } from "./topics.js";

export const CHATSTATES = "http://jabber.org/protocol/chatstates";
export const HINTS = "urn:xmpp:hints";
export const RECEIPTS = "urn:xmpp:receipts";
export const MARKERS = "urn:xmpp:chat-markers:0";
export const SID = "urn:xmpp:sid:0";

/** A state element, as XML text. */
export const state = (name: string) => `<${name} xmlns="${CHATSTATES}"/>`;

/** The state a stanza carries, if any. */
export function stateIn(el: Element | undefined): string | undefined {
  return el?.getChildElements().find((c) => c.attrs.xmlns === CHATSTATES)?.name;
}

/** Messages to `to` (bare or full: a bare address matches any of its resources) that carry a state. */
export function statesTo(out: Element[], to: string): Element[] {
  return out.filter(
    (el) =>
      el.name === "message" &&
      (el.attrs.to === to || (!to.includes("/") && el.attrs.to?.startsWith(`${to}/`))) &&
      stateIn(el) !== undefined,
  );
}

/** Sets a user's preferences with the `preferences` command on `service`; returns the command's note. */
export async function setPreferences(
  w: World,
  from: string,
  service: string,
  values: { send?: boolean; receive?: boolean },
): Promise<string> {
  const fields: Record<string, string> = {};
  if (values.send !== undefined) fields["send-chat-states"] = values.send ? "1" : "0";
  if (values.receive !== undefined) fields["receive-chat-states"] = values.receive ? "1" : "0";
  await w.send(commandStanza(from, service, "preferences", fields));
  const iq = w.take().find((el) => el.name === "iq" && el.attrs.id === "cmd")!;
  if (iq.attrs.type !== "result") throw new Error(`preferences failed: ${iq.toString()}`);
  return iq.getChild("command")?.getChildText("note") ?? "";
}

export const dropped = (w: World, reason: string) =>
  w.app.metrics.count("manifold_chat_states_dropped_total", { reason });
