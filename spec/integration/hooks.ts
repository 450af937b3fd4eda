// Root hooks for the integration layer: once all specs are done, sessions a failed spec left
// running are stopped (else their reconnecting keeps mocha alive), then the shared server.
import { stopSharedServer } from "../helpers/server.js";
import { stopAllUsers } from "../helpers/users.js";

export const mochaHooks = {
  async afterAll() {
    await stopAllUsers();
    await stopSharedServer();
  },
};
