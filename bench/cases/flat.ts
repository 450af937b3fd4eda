// Case (g): a flat room on Manifold's groups.localhost. The owner creates flat<N>@groups.localhost
// (persistent, members-only), makes r1…rN members with bulk muc#admin items, the N receivers enter
// it, and the owner's groupchat messages are reflected by Manifold to every occupant.
import type { TestUser } from "../../spec/helpers/users.js";
import type { Receiver } from "../receivers.js";
import { affiliate, BENCH_ROOM_CONFIG, createRoom, enterAll, groupJid, roomTarget } from "./groups.js";
import type { Target } from "./target.js";

export async function flatTarget(
  owner: TestUser,
  receivers: readonly Receiver[],
  n: number,
): Promise<Target> {
  const room = groupJid(`flat${n}`);
  const members = receivers.slice(0, n);
  await createRoom(owner, room, BENCH_ROOM_CONFIG);
  await affiliate(
    owner,
    room,
    members.map((r) => r.bare),
  );
  await enterAll(members, room);
  return roomTarget("g", owner, room, n);
}
