// XEP-0045 §7.13 voice requests: a message to the room carrying a muc#request form. Manifold's
// rooms have no voice-request workflow, so the request gets a clear refusal instead of being
// taken for an ordinary message (or relayed into the room by a kind's own route).
import type { Inbound } from "../xmpp/router.js";
import { NS } from "../xmpp/ns.js";
import * as errors from "./errors.js";

export function isVoiceRequest(s: Inbound): boolean {
  const form = s.stanza.getChild("x", NS.data);
  if (!form) return false;
  return form
    .getChildren("field")
    .some((f) => f.attrs.var === "FORM_TYPE" && f.getChildText("value") === NS.mucRequest);
}

export function refuseVoiceRequest(): never {
  throw errors.noVoiceRequests();
}
