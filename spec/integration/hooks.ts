// Root hooks for the integration layer: the shared server is stopped once all specs are done.
import { stopSharedServer } from "../helpers/server.js";

export const mochaHooks = {
  async afterAll() {
    await stopSharedServer();
  },
};
