// The errors of topics.* (PROTOCOL §1), one catalogue: each entry is what happened, and builds the
// StanzaError (or the LimitError, counted by its limit's name) that clients get, with its condition,
// type and text. Handlers `throw errors.xxx(...)`; the router turns it into XMPP (RFC 6120 §8.3).
// Most are answered by a topic (the room's JID), the rest by the topic service.
import { StanzaError } from "../xmpp/stanza-error.js";
import { LimitError } from "../limits/limit-error.js";

// Topics and discovery

/** The addressed topic does not exist (or is not one), or it is still locked. */
export const noSuchTopic = () => new StanzaError("item-not-found", "This topic does not exist");

export const noSuchServiceNode = () =>
  new StanzaError("item-not-found", "This service has no such disco node");

export const noSuchTopicNode = () => new StanzaError("item-not-found", "This topic has no such disco node");

// Owning topics: the service's create and delete commands, and their text equivalents

/** A user of another server asked to create or own a topic. */
export const notLocalOwner = (localDomains: readonly string[]) =>
  new StanzaError("not-allowed", `Only users of ${localDomains.join(", ")} can own topics`);

/** The same refusal, as the text commands word it. */
export const notLocalUser = () => new StanzaError("forbidden", "only local users can have topics here");

export const tooManyTopics = (limit: number) =>
  new LimitError(
    "topics-per-owner",
    "resource-constraint",
    `You already have ${limit} topics, the most one user may own`,
    { type: "cancel" },
  );

export const nameMissing = () => new StanzaError("bad-request", "Give the topic a name");

export const nameWithoutLetters = () =>
  new StanzaError("bad-request", "A topic's name needs at least one letter or digit");

export const topicAlreadyYours = (jid: string) =>
  new StanzaError("conflict", `You already have a topic at ${jid}`);

export const topicNameTaken = (jid: string) =>
  new StanzaError("conflict", `The name ${jid} is taken by another user's topic`);

/** Delete: the topic does not exist, or belongs to someone else. */
export const notYourTopic = (jid: string) => new StanzaError("item-not-found", `You have no topic ${jid}`);

/** Message info names a message that is not one of the owner's in this topic's archive. */
export const noSuchOwnMessage = (id: string) =>
  new StanzaError(
    "item-not-found",
    `No message of yours with id ${id || "(none)"} is in this topic's archive (it may have expired)`,
  );

// Members: who may be one, and how many

/** `limit` counts the owner, who is in the room's member list but not against the topic's limit. */
export const tooManyMembers = (limit: number) =>
  new LimitError(
    "topic-members",
    "resource-constraint",
    `A topic can have at most ${limit - 1} members (its owner aside)`,
    { type: "cancel" },
  );

export const ownerAsMember = () =>
  new StanzaError("not-allowed", "You own this topic, so you cannot be one of its members");

/** An address given to add as a member is not a user's (no local part). */
export const notUserAddress = (text: string) =>
  new StanzaError("jid-malformed", `"${text}" is not a user's address to add`);

/** A member-list change asked for an affiliation other than member or none. */
export const onlyOwnerAndMembers = () =>
  new StanzaError("not-allowed", "A topic has one owner and members only");

export const memberNotUser = (jid: string) =>
  new StanzaError("jid-malformed", `Members are users (name@domain), not "${jid}"`);

export const memberIsRoom = (jid: string) =>
  new StanzaError("not-allowed", `Members of a topic are people, not the topic ${jid}`);

export const onlyOwnerAddsMembers = () =>
  new StanzaError("forbidden", "Only the owner of this topic can add members");

/** The leave command, from someone who is not a member. */
export const notMemberLeaving = () => new StanzaError("item-not-found", "You are not a member of this topic");

// Entering the topic's room, and its archive: the owner's alone

/** A member followed an invitation into the room: their topic is the chat from `topic`. */
export const memberEntering = (topic: string) =>
  new StanzaError(
    "forbidden",
    `You are a member of this topic: its messages reach you as a chat from ${topic}; write there to answer`,
  );

/** Someone who is neither the owner nor a member tried to enter. */
export const notOwnerEntering = () =>
  new StanzaError(
    "registration-required",
    "This topic belongs to another user; its members get its messages as a chat from its address",
  );

export const onlyOwnerReadsArchive = () =>
  new StanzaError("forbidden", "Only the owner of this topic can read its archive");

// Messages

/** A groupchat from an owner's resource that is not in the topic's room. */
export const ownerNotInRoom = () =>
  new StanzaError("not-acceptable", "You are not in this topic's room: join it, or send it a chat message");

/** A chat to the topic from someone who is neither its owner nor a member. */
export const strangerWriting = () =>
  new StanzaError(
    "forbidden",
    "You are not a member of this topic, so you cannot write to it. Ask its owner to add you.",
  );

/** A private message to a member's nick from someone other than the owner. */
export const onlyOwnerWritesToMembers = () =>
  new StanzaError("forbidden", "Only the owner of this topic can write to its members");

/** A private message to a nick that is no member's. */
export const noSuchMember = (nick: string) =>
  new StanzaError("item-not-found", `"${nick}" is not a member of this topic`);

/** XEP-0033 cc or bcc without any `to`: the topic's recipients are its `to` addresses, and a send
 *  that named none would otherwise go to every member. */
export const recipientsOnlyCopied = () =>
  new StanzaError(
    "bad-request",
    "Name the members this goes to as XEP-0033 addresses of type 'to' (cc and bcc alone name nobody here)",
  );

/** A send to a subset named someone who is not a member: nothing goes out. */
export const notMembers = (names: readonly string[]) =>
  new StanzaError("item-not-found", `Not members of this topic: ${names.join(", ")}. Nothing was sent.`);

/** The owner's own rate over all their topics (counted as owner-rate where it is decided). */
export const ownerTooFast = (messagesPerMinute: number) =>
  new StanzaError(
    "policy-violation",
    `You are sending too fast: at most ${messagesPerMinute} messages a minute. Nothing was sent.`,
    { type: "wait" },
  );

/** PROTOCOL §5: an end-to-end encrypted message cannot be fanned out (topics/encrypted.ts). */
export const encryptedIntoTopic = () =>
  new StanzaError(
    "not-acceptable",
    "Topics cannot carry end-to-end encrypted messages (OMEMO, OpenPGP): every copy comes from the topic's address, which has no keys to read it or to encrypt for each member. Nothing was sent; send it unencrypted, or to each member directly.",
  );

// Corrections, retractions, reactions (PROTOCOL §5)

/** What a message does to an earlier one, as the texts below say it. */
export type Act = "correct" | "retract" | "react to" | "mark";

/** A correction, retraction or reaction names no message this topic still holds. */
export const unknownMessage = (act: Act) =>
  new StanzaError(
    "item-not-found",
    `There is no message to ${act} with that id in this topic (it may have left the archive)`,
  );

/** Someone tried to correct or retract a message they did not write. */
export const notYourMessage = (act: Act) =>
  new StanzaError("forbidden", `You can only ${act} your own messages`);
