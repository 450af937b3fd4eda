// Delivery plans as specs compare them: each rendering's whole stanza, serialised, and its addressees.
import type { DeliveryPlan } from "../../../src/delivery/plan.js";

export function shown(plan: DeliveryPlan): { xml: string; to: string[] }[] {
  return plan.map(({ stanza, to }) => ({ xml: stanza.toString(), to }));
}
