// The room core's error catalogue: each entry answers clients exactly as the inline errors it replaced.
import assert from "node:assert/strict";
import * as errors from "../../../src/muc/errors.js";
import { answered, checkEveryEntry, type Samples } from "../helpers/catalogue.js";

const ROOM = "room@groups.localhost";
const BOB = "bob@example.org";

const SAMPLES: Samples<typeof errors> = {
  noSuchRoom: [],
  roomLocked: [],
  noSuchRoomNode: [],
  noSuchServiceNode: [],
  notLocalCreator: [["localhost", "example.org"]],
  messageToService: [],
  nickMissing: [],
  nickShape: [],
  nickInUse: ["Alice"],
  nickRegistered: ["Alice"],
  notMember: [],
  senderBanned: [],
  roomFull: [30],
  notInRoom: [],
  visitorSpeaking: [],
  onlyModeratorsSetSubject: [],
  groupchatToOccupant: [],
  notGroupchat: [],
  noVoiceRequests: [],
  notOccupant: [],
  privateMessagesOff: [],
  notJoined: [],
  nobodyNamed: ["Carol"],
  occupantQueryFromOutside: [],
  occupantQueriesNotRelayed: [],
  declineWithoutInviter: [],
  joinBeforeInviting: [],
  onlyAdminsInvite: [],
  inviteeMalformed: ["a@@b"],
  inviteeBanned: [BOB],
  cannotListAffiliation: ["emperor"],
  onlyAdminsSeeLists: [],
  cannotListRole: ["jester"],
  onlyModeratorsListRoles: [],
  listWhat: [],
  noItems: [],
  unknownAffiliation: ["emperor"],
  unknownRole: ["jester"],
  roleChangeWithoutNick: [],
  itemWithoutChange: [],
  itemJidMalformed: ["a@@b"],
  itemNamesNobody: [],
  onlyAdminsChangeAffiliations: [],
  adminsCannotBanAdmins: [],
  onlyOwnersGrantAdmin: [],
  lastOwner: [],
  onlyModeratorsChangeRoles: [],
  moderatorNotInRoom: [],
  onlyAdminsGrantModerator: [],
  adminsKeepTheirRoles: [],
  higherAffiliation: [],
  moderatorByAffiliation: [],
  onlyAdminsChangeModerators: [],
  onlyOwnersConfigure: [],
  configOrDestroy: [],
  configNotSubmitted: [],
  notConfigForm: [],
  whoisValue: ["muc#roomconfig_whois"],
  allowPmValue: ["muc#roomconfig_allowpm"],
  archiveExpiryValue: ["urn:x-manifold:0#archive_expiry", "90 days"],
  onlyOwnersSetAvatar: [],
  avatarTooLarge: [200000, 131072],
  avatarType: ["image/bmp", ["image/png", "image/jpeg"]],
  avatarNotBase64: [],
  avatarByUrl: [],
  maxUsersRange: ["muc#roomconfig_maxusers", 200],
  memberLimitAboveService: [500],
  memberLimitBelowCount: [12],
  registrationRefused: ["Topics take no registrations: their owner adds members"],
  notRegistered: [],
  onlyOwnerUnregistering: [],
  submitRegistration: [],
  registrationNick: [],
  tooManyRegistrations: [ROOM, 20],
  answerWithoutRequester: ["muc#jid"],
  answerWithoutAllow: ["muc#register_allow"],
  onlyAdminsAnswerRegistrations: [],
  noSuchRegistration: [BOB],
  noSuchArchiveId: ["0a1b2c"],
  archiveByWith: [],
  archiveByIds: [],
  notDateTime: ["start", "yesterday"],
  rsmIndex: [],
  rsmMax: [],
  onlyModeratorsRetract: [],
  moderationWithoutRetract: [],
  noSuchArchivedMessage: ["s42"],
};

describe("room errors", () => {
  checkEveryEntry(errors, SAMPLES);

  it("answers as before to a room that does not exist", () => {
    assert.deepEqual(answered(errors.noSuchRoom()), {
      condition: "item-not-found",
      type: "cancel",
      text: "This room does not exist",
    });
  });

  it("refuses a newcomer to a members-only room with registration-required", () => {
    assert.deepEqual(answered(errors.notMember()), {
      condition: "registration-required",
      type: "auth",
      text: "This room is members-only: ask an owner or admin for membership",
    });
  });

  it("refuses a nickname registered to another member with a conflict", () => {
    assert.deepEqual(answered(errors.nickRegistered("Alice")), {
      condition: "conflict",
      type: "cancel",
      text: 'The nickname "Alice" is registered to another member',
    });
  });

  it("names the limits it refuses by", () => {
    assert.deepEqual(answered(errors.roomFull(30)), {
      condition: "service-unavailable",
      type: "cancel",
      text: "This room is full (30 occupants)",
      limit: "occupants",
    });
    assert.deepEqual(answered(errors.tooManyRegistrations(ROOM, 20)), {
      condition: "resource-constraint",
      type: "wait",
      text: `${ROOM} has 20 registrations waiting for an answer, the most a room may have; try again later`,
      limit: "pending-requests",
    });
  });

  it("names the form type a configuration must have", () => {
    assert.deepEqual(answered(errors.notConfigForm()), {
      condition: "bad-request",
      type: "modify",
      text: "Expected a form of type http://jabber.org/protocol/muc#roomconfig",
    });
  });

  it("refuses registration in the room kind's own words", () => {
    assert.deepEqual(
      answered(errors.registrationRefused("Topics take no registrations: their owner adds members")),
      {
        condition: "not-allowed",
        type: "cancel",
        text: "Topics take no registrations: their owner adds members",
      },
    );
  });

  it("quotes the archive field and value it cannot read", () => {
    assert.deepEqual(answered(errors.notDateTime("start", "yesterday")), {
      condition: "bad-request",
      type: "modify",
      text: 'Field start must be a XEP-0082 date-time, not "yesterday"',
    });
  });
});
