// Case (c): the bare component sends each recipient the same `chat` stanza Manifold sends a topic
// member (an id, the body and a XEP-0359 stanza-id), pre-serialised and written straight to the
// socket: the most any component can get through Prosody with this stanza.
import { randomBytes } from "node:crypto";
import type { BareComponent } from "../bare-component.js";
import { receiverName } from "../receivers.js";
import { bodyOf } from "../tally.js";
import type { Target } from "./target.js";

export function bareTarget(component: BareComponent, userDomain: string, n: number): Target {
  const from = `bench${n}@${component.domain}`;
  const to = Array.from({ length: n }, (_, i) => `${receiverName(i)}@${userDomain}`);
  return {
    key: "c",
    n,
    send(run, seq) {
      const body = bodyOf(run, seq, performance.now());
      const id = randomBytes(12).toString("base64url");
      const head = `<message type='chat' from='${from}' id='${id}' to='`;
      const tail = `'><body>${body}</body><stanza-id xmlns='urn:xmpp:sid:0' id='${id}' by='${from}'/></message>`;
      return component.write(to.map((address) => head + address + tail).join(""));
    },
  };
}
