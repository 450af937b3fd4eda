// Root hooks for the stanza layer: every stanza the app wrote during a spec must be correct under a
// namespace-aware parser (../helpers/namespace-check.ts), whatever the spec itself asserted.
import { checkNamespaces } from "../helpers/namespace-watch.js";

export const mochaHooks = {
  afterEach: checkNamespaces,
};
