// Sends a delivery plan (plan.ts): now, through the outbox, or as fan-out journal parts that the
// FanoutSender (fanout.ts) delivers and has the server confirm. Either way each rendering is
// serialised once and addressed per recipient (head + address + tail), never rebuilt per copy.
import { template, type Outbox } from "../xmpp/outbox.js";
import type { FanoutPart } from "./journal.js";
import type { DeliveryPlan } from "./plan.js";

/** Sends every copy now: for what need not survive a crash (chat states, relayed replies). */
export function sendPlan(plan: DeliveryPlan, out: Outbox): void {
  for (const { stanza, to } of plan) if (to.length) out.sendEach(stanza, to);
}

/** The plan as journal parts, for FanoutSender.accept: nothing is sent here, nothing counted. */
export function fanoutParts(plan: DeliveryPlan): FanoutPart[] {
  return plan.filter(({ to }) => to.length).map(({ stanza, to }) => ({ ...template(stanza), to: [...to] }));
}
