// The groups' error catalogue: each entry answers clients exactly as the inline errors it replaced.
import assert from "node:assert/strict";
import * as errors from "../../../src/groups/errors.js";
import { answered, checkEveryEntry, type Samples } from "../helpers/catalogue.js";

const ROOM = "room@groups.localhost";
const GROUP = "alpha@groups.localhost";

const SAMPLES: Samples<typeof errors> = {
  noSuchRoom: [],
  noRoomHere: [GROUP],
  roomElsewhere: ["alpha@groups.example.org", "groups.localhost"],
  notRoomJid: ["alpha", "groups.localhost"],
  tooManyMembers: [50],
  groupOnlyMemberOrBanned: [GROUP],
  groupNameTaken: ["alpha@groups.localhost", "club@groups.localhost", "Alpha"],
  groupIsTemporary: [GROUP],
  groupCycle: [GROUP, ROOM, [ROOM, GROUP, ROOM]],
  nestingTooDeep: [GROUP, ROOM, 5, 6],
  onlyAdminsAskForGroup: [GROUP],
  onlyMembersAskForGroup: [GROUP],
  groupBanned: [GROUP, ROOM],
  groupAlreadyMember: [GROUP, ROOM],
  requestWaiting: [GROUP, ROOM],
  tooManyRequests: [ROOM, 20],
  onlyAdminsAnswer: [],
  noSuchRequest: [GROUP],
  answerWithoutApprove: [],
  approvedAndDenied: [GROUP],
  groupRequestsValue: ["urn:x-manifold:0#group_requests"],
  nobodyNamed: ["Alpha/bob"],
  nickOfGroup: ["Alpha/bob", "Alpha"],
  bannedReading: [],
  membersOnlyArchive: [],
  onlyMembersSpeak: [],
  notPersonAddress: ["bob"],
  guestIsRoom: [ROOM],
  guestBanned: ["eve@example.org"],
  guestAlreadyMember: ["bob@example.org"],
  notGuest: [],
  notOccupant: [],
};

describe("group errors", () => {
  checkEveryEntry(errors, SAMPLES);

  it("answers as before to a room that does not exist", () => {
    assert.deepEqual(answered(errors.noSuchRoom()), {
      condition: "item-not-found",
      type: "cancel",
      text: "This room does not exist",
    });
  });

  it("draws the cycle a new group membership would make", () => {
    assert.deepEqual(answered(errors.groupCycle(GROUP, ROOM, [ROOM, GROUP, ROOM])), {
      condition: "not-allowed",
      type: "cancel",
      text: `${GROUP} cannot join ${ROOM}: that would make a cycle, ${ROOM} → ${GROUP} → ${ROOM} (each room contains the next)`,
    });
  });

  it("names the limits it refuses by", () => {
    assert.deepEqual(answered(errors.nestingTooDeep(GROUP, ROOM, 5, 6)), {
      condition: "not-allowed",
      type: "cancel",
      text: `${GROUP} cannot join ${ROOM}: rooms may be nested at most 5 levels deep, and this would make 6`,
      limit: "nesting-depth",
    });
    assert.deepEqual(answered(errors.tooManyRequests(ROOM, 20)), {
      condition: "resource-constraint",
      type: "wait",
      text: `${ROOM} has 20 requests waiting for an answer, the most a room may have; try again later`,
      limit: "pending-requests",
    });
    assert.deepEqual(answered(errors.tooManyMembers(50)), {
      condition: "not-allowed",
      type: "cancel",
      text: "This room has reached its limit of 50 members",
      limit: "room-members",
    });
  });

  it("tells apart a group's JID that is malformed from one of another service", () => {
    assert.deepEqual(answered(errors.notRoomJid("alpha", "groups.localhost")), {
      condition: "jid-malformed",
      type: "modify",
      text: `"alpha" is not a room JID (name@groups.localhost)`,
    });
    assert.deepEqual(answered(errors.roomElsewhere("alpha@groups.example.org", "groups.localhost")), {
      condition: "item-not-found",
      type: "cancel",
      text: "There is no room alpha@groups.example.org on this service (groups.localhost)",
    });
  });

  it("refuses a guest who is already a member with a conflict", () => {
    assert.deepEqual(answered(errors.guestAlreadyMember("bob@example.org")), {
      condition: "conflict",
      type: "cancel",
      text: "bob@example.org is already a member of this group",
    });
  });
});
