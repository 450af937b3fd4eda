// Root hooks for the integration layer: every stanza Manifold wrote during a spec must be correct
// under a namespace-aware parser (../helpers/namespace-check.ts); once all specs are done, sessions
// a failed spec left running are stopped (else their reconnecting keeps mocha alive), then the
// shared server.
import { stopSharedServer } from "../helpers/server.js";
import { stopAllUsers } from "../helpers/users.js";
import { checkNamespaces } from "../helpers/namespace-watch.js";
import { stopThenWatchExit } from "../helpers/exit-watch.js";

export const mochaHooks = {
  afterEach: checkNamespaces,
  async afterAll() {
    await stopThenWatchExit(async () => {
      await stopAllUsers();
      await stopSharedServer();
    });
  },
};
