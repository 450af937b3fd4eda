// Root hooks for the cluster layer: once all specs are done, sessions a failed spec left running
// are stopped (their reconnecting would keep mocha alive).
import { stopAllUsers } from "../helpers/users.js";
import { stopThenWatchExit } from "../helpers/exit-watch.js";

export const mochaHooks = {
  async afterAll() {
    await stopThenWatchExit(() => stopAllUsers());
  },
};
