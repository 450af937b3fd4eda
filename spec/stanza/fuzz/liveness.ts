// Is Manifold still doing its job? Both services answer a ping and disco#info, and a new user can
// still create and enter a room. Returns problems as sentences; [] = alive.
import type { World } from "../helpers/world.js";
import { GROUPS, LISTS } from "./cast.js";

const PROBE = "probe@localhost/liveness";
let probes = 0;

export async function livenessProblems(w: World): Promise<string[]> {
  const problems: string[] = [];
  w.take();
  for (const [service, payload] of [
    [GROUPS, `<ping xmlns="urn:xmpp:ping"/>`],
    [LISTS, `<ping xmlns="urn:xmpp:ping"/>`],
    [GROUPS, `<query xmlns="http://jabber.org/protocol/disco#info"/>`],
    [LISTS, `<query xmlns="http://jabber.org/protocol/disco#info"/>`],
  ] as const) {
    const id = `live-${++probes}`;
    await w.send(`<iq type="get" id="${id}" from="${PROBE}" to="${service}">${payload}</iq>`);
    const reply = w.take().find((el) => el.name === "iq" && el.attrs.id === id);
    if (reply?.attrs.type !== "result")
      problems.push(`liveness: ${service} answered ${reply?.toString() ?? "nothing"} to ${payload}`);
  }
  const room = `liveness-${++probes}@${GROUPS}`;
  await w.send(
    `<presence from="${PROBE}" to="${room}/Probe"><x xmlns="http://jabber.org/protocol/muc"/></presence>`,
  );
  const entered = w.take().some((el) => el.name === "presence" && el.attrs.to === PROBE && !el.attrs.type);
  if (!entered) problems.push(`liveness: a new room could not be created and entered`);
  await w.send(`<presence type="unavailable" from="${PROBE}" to="${room}/Probe"/>`);
  w.take();
  return problems;
}
