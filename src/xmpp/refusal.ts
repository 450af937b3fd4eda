// The server's answers that say Manifold or the server is configured wrongly, as opposed to a
// server that is down or restarting. What Prosody 0.12 and ejabberd 23.01 answer a component
// connection (checked against both; spec/integration/startup.spec.ts):
//
//   wrong secret                      Prosody: not-authorized "Given token does not match calculated token"
//                                     ejabberd: not-authorized (no text)
//   domain not declared a component   Prosody: host-unknown "… does not match any configured external components"
//                                     ejabberd: not-authorized, the same as a wrong secret
//   a client (c2s) port               both: a stream header in jabber:client, then host-unknown
//                                     (Prosody) or invalid-namespace (ejabberd)
//   a second connection for a domain  Prosody: conflict. Not here: after a crash the server may still
//                                     hold the old session for a while, so that one is retried.
//   nothing listening                 ECONNREFUSED: a server that is (re)starting; retried.

/** XEP-0114's stream namespace: a component listener answers in it, a client port does not. */
export const COMPONENT_NS = "jabber:component:accept";

/** What the server's answer says is wrong. */
export type RefusalReason = "secret" | "unknown-domain" | "not-component-port";

/** The server refused this component for a reason that retrying cannot change. */
export class ComponentRefusedError extends Error {
  override name = "ComponentRefusedError";

  constructor(
    readonly reason: RefusalReason,
    /** The component domain the server refused. */
    readonly domain: string,
    /** host:port connected to. */
    readonly server: string,
    /** What the server said: its stream error condition and text, or what it answered as. */
    readonly answer: string,
  ) {
    super(`the XMPP server at ${server} refused component ${domain} (${answer})`);
  }
}

const REASONS: Readonly<Record<string, RefusalReason>> = {
  "not-authorized": "secret",
  "host-unknown": "unknown-domain",
  "invalid-namespace": "not-component-port",
};

/** The refusal a stream error stands for; undefined for every other error (retried). */
export function refusalReason(err: { condition?: string }): RefusalReason | undefined {
  return err.condition === undefined ? undefined : REASONS[err.condition];
}

/** The answer as shown to the operator: `host-unknown: "text"`. */
export function describeAnswer(err: { condition?: string; text?: string }): string {
  return err.text ? `${err.condition}: ${JSON.stringify(err.text)}` : (err.condition ?? "no answer");
}
