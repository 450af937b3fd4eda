// Who and what the fuzz world holds (built by scenario.ts through the normal protocol), so
// generated stanzas can address real rooms, occupants, topics and members as well as nonsense.
import { GROUPS, LISTS } from "../helpers/world.js";

export { GROUPS, LISTS };
export const SERVER = "localhost";
export const REMOTE = "remote.example";

/** Local users, each with the full JID of the session the scenario uses. */
export const ALICE = "alice@localhost/phone";
export const BOB = "bob@localhost/laptop";
export const CAROL = "carol@localhost/pc";
export const DAN = "dan@localhost/desk";
export const EVE = "eve@localhost/tab";
/** A user of another domain (may not create rooms or topics) and an outsider a group talks to. */
export const MALLORY = `mallory@${REMOTE}/x`;
export const FRED = `fred@${REMOTE}/home`;

export const bareOf = (full: string) => full.split("/")[0]!;

// Rooms on groups.*: tea (persistent, public; alice owns, bob and carol inside), alpha (dan's
// persistent group "Alpha" with bob and carol as members and fred as a guest), club (alice's
// members-only room with alpha inside; bob inside through it; eve's registration and carol's
// request for crew to join pending), crew (carol's persistent group, empty), scratch (alice's
// temporary room, alice inside).
export const TEA = `tea@${GROUPS}`;
export const ALPHA = `alpha@${GROUPS}`;
export const CLUB = `club@${GROUPS}`;
export const CREW = `crew@${GROUPS}`;
export const SCRATCH = `scratch@${GROUPS}`;
// Topics on lists.*: badminton (alice's, joined, bob and carol members), chess (bob's, made by
// command, carol a member, not joined).
export const BADMINTON = `badminton@${LISTS}`;
export const CHESS = `chess@${LISTS}`;

export const ROOMS = [TEA, ALPHA, CLUB, CREW, SCRATCH] as const;
export const TOPICS = [BADMINTON, CHESS] as const;
export const NOWHERE = [`nowhere@${GROUPS}`, `nowhere@${LISTS}`] as const;

/** Occupant JIDs that exist after the scenario (nicks as each room shows them). */
export const OCCUPANTS = [
  `${TEA}/Alice`,
  `${TEA}/Bob`,
  `${TEA}/Carol`,
  `${ALPHA}/Bob`,
  `${ALPHA}/fred`,
  `${CLUB}/Alice`,
  `${CLUB}/Alpha`,
  `${CLUB}/Alpha/Bob`,
  `${SCRATCH}/Alice`,
  `${BADMINTON}/Alice`,
  `${BADMINTON}/bob`,
  `${BADMINTON}/carol`,
  `${CHESS}/carol`,
] as const;

export const USERS = [ALICE, BOB, CAROL, DAN, EVE] as const;
export const SERVICES = [GROUPS, LISTS] as const;
/** Manifold's own domains: the only ones it may send from. */
export const MANIFOLD_DOMAINS: readonly string[] = SERVICES;
