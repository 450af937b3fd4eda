// A fan-out as plain data (DESIGN habit 7): a planner decides who gets which copy, pure, from a
// snapshot; deliver.ts sends or journals it. Specs assert a plan whole, copy by copy.
import type { Element } from "../xmpp/xml.js";

/**
 * Copies that share one serialised form: `stanza` goes to each address in `to` (its own `to` is
 * ignored). A thousand members who see the same copy are one rendering, serialised once.
 */
export interface Rendering {
  stanza: Element;
  to: string[];
}

/** Every copy of one message, in the order they go out; no rendering has an empty `to`. */
export type DeliveryPlan = Rendering[];
