// Root hooks for the integration layer: the shared Prosody is stopped once all specs are done.
import { stopSharedProsody } from "../helpers/prosody.js";

export const mochaHooks = {
  async afterAll() {
    await stopSharedProsody();
  },
};
