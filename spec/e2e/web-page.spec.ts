// The web client's page as a new user finds it, offline: the login page and, after log-in, the
// roster and a room load nothing from any host but this machine (no sponsor logos, fonts or emoji
// from elsewhere, nothing the page's Content-Security-Policy had to refuse), show no broken image,
// not even for an image linked from elsewhere in a message, and offer no "Create an account", as
// the server offers no in-band registration.
import assert from "node:assert/strict";
import { WebUser } from "./helpers/browser.js";
import { addGroupchat, messages, send } from "./helpers/converse.js";
import { useStack } from "./helpers/stack.js";

/** Hosts that are this machine; data: and blob: URLs load nothing from anywhere. */
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

function offMachine(urls: readonly string[]): string[] {
  return urls.filter((url) => {
    const { protocol, hostname } = new URL(url);
    return !["data:", "blob:"].includes(protocol) && !LOOPBACK.has(hostname);
  });
}

/** Resolves once every <img> of the page has loaded or failed; then lists the failed ones. */
async function brokenImages(user: WebUser): Promise<string[]> {
  await user.page.waitForFunction("Array.from(document.images).every((image) => image.complete)");
  return user.page.evaluate<string[]>(
    "Array.from(document.images).filter((image) => image.naturalWidth === 0).map((image) => image.src)",
  );
}

/** Everything the page tried to load from elsewhere or its policy refused, and its broken images. */
async function outsideLoads(user: WebUser) {
  return {
    offMachine: offMachine(user.requests),
    refused: [...user.refused],
    broken: await brokenImages(user),
  };
}

const nothing = { offMachine: [], refused: [], broken: [] };

describe("e2e: the web client's page offline", function () {
  this.timeout(90_000);
  const stack = useStack();

  it("loads nothing from elsewhere, shows no broken image and offers no registration, before and after log-in", async () => {
    const alice = await WebUser.open(stack(), "alice");
    const page = alice.page;
    const form = page.locator("form#converse-login");
    await form.waitFor();
    // The footer is drawn with the form: Converse's would hold the sponsors' logos.
    await page.locator("converse-footer").waitFor({ state: "attached" });
    assert.deepEqual(await outsideLoads(alice), nothing);
    assert.equal(await page.getByText("Create an account").count(), 0);
    assert.equal(await page.locator('a[href="#converse/register"]').count(), 0);
    await alice.screenshot("login-page");

    await alice.login();
    // What Converse loads once logged in (OMEMO's library, …) has been asked for by then.
    await page.waitForLoadState("networkidle");
    assert.deepEqual(await outsideLoads(alice), nothing);

    // An image from elsewhere in a message stays a link: showing it would load it from there.
    const room = await addGroupchat(alice, "tea", "tea@groups.localhost");
    const image = "https://images.example.org/cat.png";
    await send(room, `Look: ${image}`);
    const link = messages(room, "Look:").locator(`a[href="${image}"]`);
    await link.waitFor();
    assert.equal(await link.locator("img").count(), 0);
    assert.deepEqual(await outsideLoads(alice), nothing);
    await alice.screenshot("logged-in");

    // The page offers no registration because the server offers none: the features Prosody
    // sent before log-in have no XEP-0077 in-band registration.
    const features = alice.traffic.filter((line) => / << <stream:features/.test(line));
    assert.ok(features.length > 0, "no stream features in the page's traffic");
    for (const line of features) assert.doesNotMatch(line, /http:\/\/jabber\.org\/features\/iq-register/);
  });
});
