// Each recipient's switch for others' chat states (PROTOCOL §3 privacy), as part of a plan: who
// receives states gets the message as it is; who does not gets it without its state, or nothing
// when the state was all it said (a XEP-0085 §5.5 standalone notification). Pure: the switch is
// read through `receives`, and the message is never changed (the stripped copy is a new element).
import type { DeliveryPlan } from "../delivery/plan.js";
import type { Element } from "../xmpp/xml.js";
import { isStateOnly, stateOf, withoutState } from "./states.js";

/** What the switches decided, for the metrics (chatStatesDelivered, chatStatesDropped). */
export interface StateCounts {
  /** Recipients the state goes to. */
  delivered: number;
  /** Recipients who refuse states (reason receiver-off). */
  dropped: number;
}

export interface StateSplit extends StateCounts {
  renderings: DeliveryPlan;
}

export function splitByPreference(
  message: Element,
  addresses: Iterable<string>,
  receives: (address: string) => boolean,
): StateSplit {
  if (!stateOf(message)) {
    const to = [...addresses];
    return { renderings: to.length ? [{ stanza: message, to }] : [], delivered: 0, dropped: 0 };
  }
  const wanting: string[] = [];
  const refusing: string[] = [];
  for (const address of addresses) (receives(address) ? wanting : refusing).push(address);
  const renderings: DeliveryPlan = [];
  if (wanting.length) renderings.push({ stanza: message, to: wanting });
  if (refusing.length && !isStateOnly(message))
    renderings.push({ stanza: withoutState(message), to: refusing });
  return { renderings, delivered: wanting.length, dropped: refusing.length };
}
