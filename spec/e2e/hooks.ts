// Root hooks for the end-to-end layer. After each test: when it failed, a screenshot of every open
// page (artifacts/e2e/<test>-failed-<user>.png), its XMPP traffic next to it (.xmpp.log) and its
// console and page errors on stderr; then every page's context is closed, so each test starts
// with fresh browser storage, and the spec fails if Manifold wrote any element outside its XEP
// namespace (../helpers/namespace-check.ts). After all: the browser is closed (each spec stops its
// own servers).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Context } from "mocha";
import { ARTIFACTS_DIR, closeBrowser, openUsers, slug } from "./helpers/browser.js";
import { checkNamespaces } from "../helpers/namespace-watch.js";
import { stopThenWatchExit } from "../helpers/exit-watch.js";

export const mochaHooks = {
  async afterEach(this: Context) {
    const test = this.currentTest;
    const users = [...openUsers];
    if (test?.state === "failed") {
      mkdirSync(ARTIFACTS_DIR, { recursive: true });
      const name = `${slug(test.title).slice(0, 50)}-failed`;
      for (const user of users) {
        const shot = await user.screenshot(name).catch((err: unknown) => `(no screenshot: ${String(err)})`);
        const log = join(ARTIFACTS_DIR, `${name}-${user.name}.xmpp.log`);
        writeFileSync(log, user.traffic.join("\n") + "\n");
        const problems = user.problems.length
          ? user.problems.map((p) => `    ${p}`).join("\n")
          : "    (none)";
        process.stderr.write(
          `\n[e2e] ${user.name}: screenshot ${shot}, XMPP traffic ${log}\n  console and page errors:\n${problems}\n`,
        );
      }
    }
    await Promise.all(users.map((user) => user.close()));
    // Every stanza Manifold wrote for the page must be correct under a namespace-aware parser.
    checkNamespaces();
  },

  async afterAll() {
    await stopThenWatchExit(closeBrowser);
  },
};
