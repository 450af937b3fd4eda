// The topics' error catalogue: each entry answers clients exactly as the inline errors it replaced.
import assert from "node:assert/strict";
import * as errors from "../../../src/topics/errors.js";
import { answered, checkEveryEntry, type Samples } from "../helpers/catalogue.js";

const SAMPLES: Samples<typeof errors> = {
  noSuchTopic: [],
  noSuchServiceNode: [],
  noSuchTopicNode: [],
  notLocalOwner: [["localhost", "example.org"]],
  notLocalUser: [],
  tooManyTopics: [20],
  nameMissing: [],
  nameWithoutLetters: [],
  topicAlreadyYours: ["badminton@topics.localhost"],
  topicNameTaken: ["badminton@topics.localhost"],
  notYourTopic: ["chess@topics.localhost"],
  noSuchOwnMessage: ["s42"],
  tooManyMembers: [101],
  ownerAsMember: [],
  notUserAddress: ["example.org"],
  onlyOwnerAndMembers: [],
  memberNotUser: ["example.org"],
  memberIsRoom: ["chess@topics.localhost"],
  onlyOwnerAddsMembers: [],
  notMemberLeaving: [],
  memberEntering: ["badminton@topics.localhost"],
  notOwnerEntering: [],
  onlyOwnerReadsArchive: [],
  ownerNotInRoom: [],
  strangerWriting: [],
  onlyOwnerWritesToMembers: [],
  noSuchMember: ["Zed"],
  notMembers: [["Zed", "yan"]],
  recipientsOnlyCopied: [],
  ownerTooFast: [30],
  encryptedIntoTopic: [],
  unknownMessage: ["correct"],
  notYourMessage: ["retract"],
};

describe("topic errors", () => {
  checkEveryEntry(errors, SAMPLES);

  it("answers as before to a topic that does not exist", () => {
    assert.deepEqual(answered(errors.noSuchTopic()), {
      condition: "item-not-found",
      type: "cancel",
      text: "This topic does not exist",
    });
  });

  it("refuses a stranger entering the room as registration-required", () => {
    assert.deepEqual(answered(errors.notOwnerEntering()), {
      condition: "registration-required",
      type: "auth",
      text: "This topic belongs to another user; its members get its messages as a chat from its address",
    });
  });

  it("names the limits it refuses by, with the owner counted in the member limit", () => {
    assert.deepEqual(answered(errors.tooManyMembers(101)), {
      condition: "resource-constraint",
      type: "cancel",
      text: "A topic can have at most 100 members (its owner aside)",
      limit: "topic-members",
    });
    assert.deepEqual(answered(errors.tooManyTopics(20)), {
      condition: "resource-constraint",
      type: "cancel",
      text: "You already have 20 topics, the most one user may own",
      limit: "topics-per-owner",
    });
  });

  it("tells the owner who is not a member, and that nothing was sent", () => {
    assert.deepEqual(answered(errors.notMembers(["Zed", "yan"])), {
      condition: "item-not-found",
      type: "cancel",
      text: "Not members of this topic: Zed, yan. Nothing was sent.",
    });
  });

  it("asks an owner sending too fast to wait, without naming a limit (owner-rate is counted where it is decided)", () => {
    assert.deepEqual(answered(errors.ownerTooFast(30)), {
      condition: "policy-violation",
      type: "wait",
      text: "You are sending too fast: at most 30 messages a minute. Nothing was sent.",
    });
  });

  it("keeps the text commands' own wording for users of other servers", () => {
    assert.deepEqual(answered(errors.notLocalOwner(["localhost", "example.org"])), {
      condition: "not-allowed",
      type: "cancel",
      text: "Only users of localhost, example.org can own topics",
    });
    assert.deepEqual(answered(errors.notLocalUser()), {
      condition: "forbidden",
      type: "auth",
      text: "only local users can have topics here",
    });
  });
});
