// Messages the server hands back as undeliverable (RFC 6120 §8.3: type "error", from the address we
// wrote to). Nothing is resent: the error says delivery is impossible, and a member's server keeps
// offline messages itself. But a bounce must never pass unseen: it is logged and counted.
import type { Log } from "../core/log.js";
import type { Metrics } from "../metrics/metrics.js";
import type { Element } from "../xmpp/xml.js";

const STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";

export function noteBounce(stanza: Element, metrics: Metrics, log: Log): void {
  if (stanza.name !== "message" || stanza.attrs.type !== "error") return;
  const error = stanza.getChild("error");
  const condition = error
    ?.getChildElements()
    .find((c) => c.attrs.xmlns === STANZAS && c.name !== "text")?.name;
  metrics.bounces.inc({ condition: condition ?? "undefined-condition" });
  log.info(
    {
      to: stanza.attrs.from,
      from: stanza.attrs.to,
      id: stanza.attrs.id,
      condition,
      text: error?.getChildText("text", STANZAS) ?? undefined,
    },
    "the server returned a message as undeliverable",
  );
}
