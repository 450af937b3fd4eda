// Message info on a real server: bob's client confirms and reads alice's message, and the server
// returns the copy for an address with no account; alice asks who got it, by command and by /info.
import assert from "node:assert/strict";
import { xml, type TestUser } from "../helpers/users.js";
import {
  COMMANDS,
  MARKERS,
  RECEIPTS,
  addMembers,
  admin,
  castOfThree,
  createTopic,
  freshTopic,
  groupchat,
  isChatFrom,
  isRoomMessage,
  sendToAll,
} from "../helpers/topics.js";

describe("topics: message info on a real server", function () {
  this.timeout(30000);
  const cast = castOfThree();
  let alice: TestUser, bob: TestUser;
  beforeEach(() => ({ alice, bob } = cast));

  it("shows alice that bob read her message and that it bounced for an address without an account", async () => {
    const topic = freshTopic("info");
    const ghost = `ghost${Date.now() % 100000}@${bob.bare.split("@")[1]}`;
    await createTopic(alice, topic);
    await addMembers(alice, topic, bob);
    await admin(alice, topic, { jid: ghost, affiliation: "member" });
    await sendToAll(alice, topic, "Saturday at ten?");
    const copy = await bob.waitFor(isChatFrom(topic, "Saturday at ten?"));
    // As Conversations does: a receipt on arrival, a displayed marker once shown.
    await bob.send(
      xml("message", { to: topic, type: "chat" }, xml("received", { xmlns: RECEIPTS, id: copy.attrs.id })),
    );
    await bob.send(
      xml("message", { to: topic, type: "chat" }, xml("displayed", { xmlns: MARKERS, id: copy.attrs.id })),
    );
    await alice.waitFor((el) => el.name === "message" && !!el.getChild("displayed", MARKERS));
    await alice.waitFor(isRoomMessage(topic, "did not reach", ghost));

    const first = await alice.iq(
      xml(
        "iq",
        { type: "set", to: topic },
        xml("command", { xmlns: COMMANDS, node: "message-info", action: "execute" }),
      ),
    );
    const command = first.getChild("command", COMMANDS)!;
    const choice = command.getChild("x", "jabber:x:data")!.getChild("field")!.getChildText("value")!;
    const done = await alice.iq(
      xml(
        "iq",
        { type: "set", to: topic },
        xml(
          "command",
          { xmlns: COMMANDS, node: "message-info", sessionid: command.attrs.sessionid },
          xml(
            "x",
            { xmlns: "jabber:x:data", type: "submit" },
            xml("field", { var: "message" }, xml("value", {}, choice)),
          ),
        ),
      ),
    );
    const note = done.getChild("command", COMMANDS)!.getChildText("note")!;
    assert.match(note, /“Saturday at ten\?” went to 2 members/);
    assert.match(note, new RegExp(`Read by \\(1\\):\\n  \\S+ \\(${bob.bare}\\)`));
    assert.match(note, new RegExp(`Bounced for \\(1\\):\\n  \\S+ \\(${ghost}\\): \\S+`));

    await groupchat(alice, topic, "/info");
    const answer = await alice.waitFor(isRoomMessage(topic, "Read by (1)"));
    assert.ok(answer.getChild("no-store", "urn:xmpp:hints"));
    // A marker message after it proves bob got nothing of the /info exchange.
    await sendToAll(alice, topic, "marker");
    await bob.waitFor(isChatFrom(topic, "marker"));
    assert.ok(!bob.inbox.some((el) => /\/info|Read by/.test(el.getChildText("body") ?? "")));
  });
});
