// Root hooks for the interop layer: once all specs are done, drivers a failed spec left running are
// stopped (their processes would keep mocha alive), then the shared server.
import { stopSharedServer } from "../helpers/server.js";
import { stopAllDrivers } from "./helpers/driver.js";

export const mochaHooks = {
  async afterAll() {
    await stopAllDrivers();
    await stopSharedServer();
  },
};
