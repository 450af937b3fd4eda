// The errors of groups.* (PROTOCOL §2), one catalogue: each entry is what happened, and builds the
// StanzaError (or the LimitError, counted by its limit's name) that clients get, with its condition,
// type and text. Handlers `throw errors.xxx(...)`; the router turns it into XMPP (RFC 6120 §8.3).
// All are raised by a room (the one addressed, whose rules were broken) and answered from its JID.
import { StanzaError } from "../xmpp/stanza-error.js";
import { LimitError } from "../limits/limit-error.js";

// Rooms

/** The addressed room does not exist, or is still locked. */
export const noSuchRoom = () => new StanzaError("item-not-found", "This room does not exist");

/** A room named as a group does not exist here, or is still locked. */
export const noRoomHere = (jid: string) =>
  new StanzaError("item-not-found", `There is no room ${jid} on this service`);

/** A group named by a JID of another domain than this service's. */
export const roomElsewhere = (jid: string, domain: string) =>
  new StanzaError("item-not-found", `There is no room ${jid} on this service (${domain})`);

export const notRoomJid = (text: string, domain: string) =>
  new StanzaError("jid-malformed", `"${text}" is not a room JID (name@${domain})`);

export const tooManyMembers = (limit: number) =>
  new LimitError("room-members", "not-allowed", `This room has reached its limit of ${limit} members`);

// Groups as members: which room may join which (edges of the nesting graph)

/** A group was given an affiliation other than member or outcast. */
export const groupOnlyMemberOrBanned = (group: string) =>
  new StanzaError("not-allowed", `${group} is a group: it can be a member or banned, nothing else`);

export const groupIsTemporary = (group: string) =>
  new StanzaError(
    "not-allowed",
    `${group} is a temporary room; only a persistent room can join another room as a group`,
  );

/** The group would be shown in the room under a name someone there already has. */
export const groupNameTaken = (group: string, room: string, name: string) =>
  new StanzaError(
    "conflict",
    `${group} would appear in ${room} as "${name}", a name already used there; rename the group or ask whoever has it to change nick`,
  );

/** `cycle` lists the rooms from `room` back to itself, each containing the next. */
export const groupCycle = (group: string, room: string, cycle: readonly string[]) =>
  new StanzaError(
    "not-allowed",
    `${group} cannot join ${room}: that would make a cycle, ${cycle.join(" → ")} (each room contains the next)`,
  );

export const nestingTooDeep = (group: string, room: string, maxLevels: number, levels: number) =>
  new LimitError(
    "nesting-depth",
    "not-allowed",
    `${group} cannot join ${room}: rooms may be nested at most ${maxLevels} levels deep, and this would make ${levels}`,
  );

// Requests of groups to join a room

export const onlyAdminsAskForGroup = (group: string) =>
  new StanzaError("forbidden", `Only owners and admins of ${group} can ask for it to join other rooms`);

export const onlyMembersAskForGroup = (group: string) =>
  new StanzaError("forbidden", `Only members of ${group} can ask for it to join other rooms`);

export const groupBanned = (group: string, room: string) =>
  new StanzaError("forbidden", `${group} is banned from ${room}`);

export const groupAlreadyMember = (group: string, room: string) =>
  new StanzaError("conflict", `${group} is already a member of ${room}`);

export const requestWaiting = (group: string, room: string) =>
  new StanzaError("conflict", `A request for ${group} to join ${room} is already waiting for an answer`);

export const tooManyRequests = (room: string, pending: number) =>
  new LimitError(
    "pending-requests",
    "resource-constraint",
    `${room} has ${pending} requests waiting for an answer, the most a room may have; try again later`,
    { type: "wait" },
  );

export const onlyAdminsAnswer = () =>
  new StanzaError("forbidden", "Only owners and admins can answer requests to join this room");

export const noSuchRequest = (group: string) =>
  new StanzaError("item-not-found", `There is no pending request from ${group}`);

/** The request form came back without a yes or no. */
export const answerWithoutApprove = () =>
  new StanzaError("bad-request", "The answer must say approve = 1 or 0");

/** The same request (or registration) was chosen in both lists of an answering form. */
export const approvedAndDenied = (which: string) =>
  new StanzaError("bad-request", `${which} is both approved and denied: choose one`);

// Entering through a group, and the archive

/** The room setting on group requests names neither of its two values. */
export const groupRequestsValue = (field: string) =>
  new StanzaError("not-acceptable", `${field} must be members or admins`);

/** A nick that names nobody the sender sees: no person, and no group's occupant. */
export const nobodyNamed = (nick: string) =>
  new StanzaError("item-not-found", `Nobody with the nickname "${nick}" is in this room`);

/** A nick that is a group's label in the room, or under it ("Alpha/bob"). */
export const nickOfGroup = (nick: string, group: string) =>
  new StanzaError("conflict", `The nickname "${nick}" belongs to the group ${group} in this room`);

export const bannedReading = () => new StanzaError("forbidden", "You are banned from this room");

export const membersOnlyArchive = () =>
  new StanzaError("forbidden", "Only members can read the archive of this members-only room");

// Guests: the group talks to an outsider (contact-as-group)

export const onlyMembersSpeak = () =>
  new StanzaError("forbidden", "Only members of this group can speak for it");

export const notPersonAddress = (text: string) =>
  new StanzaError("jid-malformed", `"${text}" is not a person's address (name@domain)`);

export const guestIsRoom = (jid: string) =>
  new StanzaError("not-allowed", `${jid} is a room; a group talks to people as guests`);

export const guestBanned = (jid: string) => new StanzaError("forbidden", `${jid} is banned from this group`);

export const guestAlreadyMember = (jid: string) =>
  new StanzaError("conflict", `${jid} is already a member of this group`);

/** A chat to the room's bare JID from someone who is not its guest. */
export const notGuest = () =>
  new StanzaError("bad-request", "Send messages to this room as type groupchat after joining it");

/** A private message to a guest from someone not in the room. */
export const notOccupant = () =>
  new StanzaError("not-acceptable", "Only occupants can send private messages in this room");
