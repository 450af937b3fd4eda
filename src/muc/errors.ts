// The errors of the room core (XEP-0045, with its registration, invitations and archive), one
// catalogue: each entry is what happened, and builds the StanzaError (or the LimitError, counted by
// its limit's name) that clients get, with its condition, type and text. Handlers and the room's
// policies `throw errors.xxx(...)`; the router turns it into XMPP (RFC 6120 §8.3) and names who
// raised it: a room (or its occupant's address) for what is asked of the room, the service for
// what is asked of the service's own JID (its disco node, a message to it).
import { StanzaError } from "../xmpp/stanza-error.js";
import { LimitError } from "../limits/limit-error.js";
import { NS } from "../xmpp/ns.js";

// Rooms and discovery

/** The addressed room does not exist, or is still locked. */
export const noSuchRoom = () => new StanzaError("item-not-found", "This room does not exist");

/** A new room, before its owner has configured it (§10.1.1): others cannot enter. */
export const roomLocked = () =>
  new StanzaError("item-not-found", "This room is locked until its owner has configured it");

export const noSuchRoomNode = () => new StanzaError("item-not-found", "This room has no such disco node");

export const noSuchServiceNode = () =>
  new StanzaError("item-not-found", "This service has no such disco node");

/** A user of another server tried to create a room. */
export const notLocalCreator = (localDomains: readonly string[]) =>
  new StanzaError("not-allowed", `Only users of ${localDomains.join(", ")} can create rooms here`);

/** A chat or normal message to the service's own JID. */
export const messageToService = () =>
  new StanzaError("service-unavailable", "This is a room service: join a room to chat");

// Entering a room, and nicknames

/** A join addressed to the room's bare JID (§7.2.1 wants room@service/nick). */
export const nickMissing = () =>
  new StanzaError("jid-malformed", "Join a room as room@service/nickname: the nickname is missing");

export const nickShape = () =>
  new StanzaError("jid-malformed", "A room nickname must be 1 to 256 characters");

/** On entering, or on a change of nickname (§7.2.9, §7.6). */
export const nickInUse = (nick: string) => new StanzaError("conflict", `The nickname "${nick}" is in use`);

/** The nickname is reserved by another member (§7.2.9, §7.10). */
export const nickRegistered = (nick: string) =>
  new StanzaError("conflict", `The nickname "${nick}" is registered to another member`);

/** §7.2.6: a members-only room, to someone who is not a member. */
export const notMember = () =>
  new StanzaError("registration-required", "This room is members-only: ask an owner or admin for membership");

/** An outcast entering or registering (§7.2.8). */
export const senderBanned = () => new StanzaError("forbidden", "You are banned from this room");

/** §7.2.10: `limit` is the smaller of the room's and the service's. */
export const roomFull = (limit: number) =>
  new LimitError("occupants", "service-unavailable", `This room is full (${limit} occupants)`);

// Messages to the room

/** A groupchat message from a session that is not in the room. */
export const notInRoom = () =>
  new StanzaError("not-acceptable", "You are not in this room: join it before sending messages");

export const visitorSpeaking = () =>
  new StanzaError("forbidden", "Visitors cannot speak in this moderated room");

export const onlyModeratorsSetSubject = () =>
  new StanzaError("forbidden", "Only moderators can change the subject of this room");

/** A groupchat message addressed to an occupant. */
export const groupchatToOccupant = () =>
  new StanzaError(
    "bad-request",
    "Send groupchat messages to the room's bare JID; use type chat for private messages",
  );

/** A chat or normal message to the room's bare JID. */
export const notGroupchat = () =>
  new StanzaError("bad-request", "Send messages to this room as type groupchat after joining it");

/** §7.13: the room has no voice-request workflow. */
export const noVoiceRequests = () =>
  new StanzaError(
    "feature-not-implemented",
    "This service does not take voice requests: ask a moderator of the room to give you voice",
  );

// Occupants' addresses: private messages and queries

/** A private message from someone not in the room. */
export const notOccupant = () =>
  new StanzaError("not-acceptable", "Only occupants can send private messages in this room");

export const privateMessagesOff = () =>
  new StanzaError("forbidden", "Private messages are not allowed in this room");

/** XEP-0410 §3.1: a self-ping from someone not in the room. */
export const notJoined = () => new StanzaError("not-acceptable", "You are not joined to this room");

/** A nick that names nobody in the room, as the sender sees it. */
export const nobodyNamed = (nick: string) =>
  new StanzaError("item-not-found", `Nobody with the nickname "${nick}" is in this room`);

/** §7.5: an IQ to an occupant from someone not in the room. */
export const occupantQueryFromOutside = () =>
  new StanzaError("bad-request", "Only occupants of this room can address its occupants");

export const occupantQueriesNotRelayed = () =>
  new StanzaError("service-unavailable", "This room does not relay queries to occupants");

// Invitations (§7.8)

export const declineWithoutInviter = () =>
  new StanzaError("jid-malformed", "A decline must name the inviter in 'to'");

export const joinBeforeInviting = () =>
  new StanzaError("not-acceptable", "Join the room before inviting others");

export const onlyAdminsInvite = () =>
  new StanzaError("forbidden", "Only owners and admins can invite people to this members-only room");

export const inviteeMalformed = (text: string) =>
  new StanzaError("jid-malformed", `"${text}" is not a valid JID to invite`);

export const inviteeBanned = (jid: string) => new StanzaError("forbidden", `${jid} is banned from this room`);

// Member and occupant lists (§8, §9, §10)

export const cannotListAffiliation = (affiliation: string) =>
  new StanzaError("bad-request", `Cannot list affiliation "${affiliation}"`);

export const onlyAdminsSeeLists = () =>
  new StanzaError("forbidden", "Only owners and admins can see member lists");

export const cannotListRole = (role: string) => new StanzaError("bad-request", `Cannot list role "${role}"`);

export const onlyModeratorsListRoles = () =>
  new StanzaError("forbidden", "Only moderators can list occupants by role");

/** A list request naming neither an affiliation nor a role. */
export const listWhat = () => new StanzaError("bad-request", "Name an affiliation or a role to list");

export const noItems = () => new StanzaError("bad-request", "The request names no item to change");

export const unknownAffiliation = (affiliation: string) =>
  new StanzaError("bad-request", `Unknown affiliation "${affiliation}"`);

export const unknownRole = (role: string) => new StanzaError("bad-request", `Unknown role "${role}"`);

export const roleChangeWithoutNick = () =>
  new StanzaError("bad-request", "A role change must name the occupant's nickname");

export const itemWithoutChange = () =>
  new StanzaError("bad-request", "Each item needs an affiliation or a role");

/** An affiliation item's jid attribute that does not parse. */
export const itemJidMalformed = (text: string) =>
  new StanzaError("jid-malformed", `"${text}" is not a valid JID`);

export const itemNamesNobody = () =>
  new StanzaError("bad-request", "The item names neither a JID nor a nickname");

// Who may change whose affiliation (§5.2, §9, §10)

export const onlyAdminsChangeAffiliations = () =>
  new StanzaError("forbidden", "Only owners and admins can change affiliations");

/** §9.1: an admin banning an owner or admin. */
export const adminsCannotBanAdmins = () =>
  new StanzaError("not-allowed", "Admins cannot ban owners or admins");

/** §10.3–§10.7: granting or revoking owner and admin status is the owners' alone. */
export const onlyOwnersGrantAdmin = () =>
  new StanzaError("forbidden", "Only owners can grant or change owner and admin affiliations");

/** §10.9: the last owner may not leave the room ownerless. */
export const lastOwner = () => new StanzaError("conflict", "A room must keep at least one owner");

// Who may change whose role (§8)

export const onlyModeratorsChangeRoles = () =>
  new StanzaError("forbidden", "Only moderators can change roles");

/** A moderator who is not in the room (none of their sessions is an occupant). */
export const moderatorNotInRoom = () =>
  new StanzaError("forbidden", "Only moderators who are in the room can change roles");

export const onlyAdminsGrantModerator = () =>
  new StanzaError("forbidden", "Only admins and owners can grant moderator status");

export const adminsKeepTheirRoles = () =>
  new StanzaError("not-allowed", "Admins and owners cannot be kicked or lose their voice");

export const higherAffiliation = () =>
  new StanzaError("not-allowed", "You cannot kick or silence someone with a higher affiliation");

export const moderatorByAffiliation = () =>
  new StanzaError("not-allowed", "An admin's or owner's moderator role comes with the affiliation");

export const onlyAdminsChangeModerators = () =>
  new StanzaError("not-allowed", "Only admins and owners can change a moderator's role");

// Configuring the room (§10.1, §10.2)

export const onlyOwnersConfigure = () => new StanzaError("forbidden", "Only owners can configure this room");

// Avatars (XEP-0486)

export const onlyOwnersSetAvatar = () =>
  new StanzaError("forbidden", "Only owners can change this room's avatar");

export const avatarTooLarge = (bytes: number, max: number) =>
  new StanzaError(
    "not-acceptable",
    `The avatar is ${bytes} bytes; this service takes images of at most ${max} bytes (scale it down first)`,
  );

export const avatarType = (declared: string, accepted: readonly string[]) =>
  new StanzaError(
    "not-acceptable",
    `An avatar must be a ${accepted.join(", ")} image; this PHOTO's data is none of them` +
      (declared ? ` (its TYPE says ${declared})` : ""),
  );

export const avatarNotBase64 = () => new StanzaError("bad-request", "The PHOTO's BINVAL is not base64");

export const avatarByUrl = () =>
  new StanzaError(
    "feature-not-implemented",
    "An avatar must be sent as the image itself (BINVAL), not a URL",
  );

export const configOrDestroy = () =>
  new StanzaError("bad-request", "Expected a configuration form or a destroy request");

export const configNotSubmitted = () =>
  new StanzaError("bad-request", "The configuration form must be of type submit");

export const notConfigForm = () =>
  new StanzaError("bad-request", `Expected a form of type ${NS.mucRoomConfig}`);

export const whoisValue = (field: string) =>
  new StanzaError("not-acceptable", `${field} must be moderators or anyone`);

export const archiveExpiryValue = (field: string, longest: string) =>
  new StanzaError(
    "not-acceptable",
    `${field} must be "service" or a duration such as 30d or 12h${longest === "never" ? "" : `, at most ${longest}`}`,
  );

export const allowPmValue = (field: string) =>
  new StanzaError("not-acceptable", `${field} must be anyone, participants, moderators or none`);

export const maxUsersRange = (field: string, maxOccupants: number) =>
  new StanzaError("not-acceptable", `${field} must be between 1 and ${maxOccupants}`);

/** A member limit above the service's. */
export const memberLimitAboveService = (maxMembers: number) =>
  new StanzaError("not-allowed", `This service allows at most ${maxMembers} members per room`);

export const memberLimitBelowCount = (memberCount: number) =>
  new StanzaError("not-acceptable", `The room already has ${memberCount} members; the limit cannot be lower`);

// Registering with the room (§7.10) and its requests (§9.9)

/** The room kind takes no registrations; `why` is its own word for it. */
export const registrationRefused = (why: string) => new StanzaError("not-allowed", why);

export const notRegistered = () => new StanzaError("item-not-found", "You are not registered with this room");

export const onlyOwnerUnregistering = () =>
  new StanzaError("conflict", "You are the room's only owner: name another owner first");

export const submitRegistration = () => new StanzaError("bad-request", "Submit the registration form");

export const registrationNick = () =>
  new StanzaError("not-acceptable", "A nickname of 1 to 256 characters is required");

export const tooManyRegistrations = (room: string, pending: number) =>
  new LimitError(
    "pending-requests",
    "resource-constraint",
    `${room} has ${pending} registrations waiting for an answer, the most a room may have; try again later`,
    { type: "wait" },
  );

/** The request form came back without the requester's JID in `field`. */
export const answerWithoutRequester = (field: string) =>
  new StanzaError("bad-request", `The answer must name the requester in ${field}`);

/** The request form came back without a yes or no in `field`. */
export const answerWithoutAllow = (field: string) =>
  new StanzaError("bad-request", `The answer must say ${field} = 1 or 0`);

export const onlyAdminsAnswerRegistrations = () =>
  new StanzaError("forbidden", "Only owners and admins can answer registration requests");

export const noSuchRegistration = (jid: string) =>
  new StanzaError("item-not-found", `There is no pending registration request from ${jid}`);

// The archive (XEP-0313, paged with XEP-0059)

export const noSuchArchiveId = (id: string) =>
  new StanzaError("item-not-found", `No archived message has the id ${id}`);

export const archiveByWith = () =>
  new StanzaError("feature-not-implemented", "Room archives cannot be filtered by 'with'");

export const archiveByIds = () =>
  new StanzaError("feature-not-implemented", "Fetching archived messages by id list is not supported");

export const notDateTime = (field: string, value: string) =>
  new StanzaError("bad-request", `Field ${field} must be a XEP-0082 date-time, not "${value}"`);

export const rsmIndex = () =>
  new StanzaError("feature-not-implemented", "RSM <index/> is not supported; page with after/before");

export const rsmMax = () => new StanzaError("bad-request", "RSM <max/> must be a whole number");

// Moderation (XEP-0425)

export const onlyModeratorsRetract = () =>
  new StanzaError("forbidden", "Only moderators in the room can retract others' messages");

/** A moderation request that does not say what to do (only retraction is defined). */
export const moderationWithoutRetract = () =>
  new StanzaError("bad-request", `Say what to do with the message: a <retract xmlns='${NS.retract}'/>`);

export const noSuchArchivedMessage = (id: string) =>
  new StanzaError("item-not-found", `This room's archive holds no message with stanza-id ${id}`);
