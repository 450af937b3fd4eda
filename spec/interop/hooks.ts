// Root hooks for the interop layer: every stanza Manifold wrote during a spec must be correct under
// a namespace-aware parser (../helpers/namespace-check.ts); once all specs are done, drivers a failed spec left running are
// stopped (their processes would keep mocha alive), then the shared server.
import { stopSharedServer } from "../helpers/server.js";
import { stopAllDrivers } from "./helpers/driver.js";
import { checkNamespaces } from "../helpers/namespace-watch.js";
import { stopThenWatchExit } from "../helpers/exit-watch.js";

export const mochaHooks = {
  afterEach: checkNamespaces,
  async afterAll() {
    await stopThenWatchExit(async () => {
      await stopAllDrivers();
      await stopSharedServer();
    });
  },
};
