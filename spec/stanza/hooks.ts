// Root hooks for the stanza layer: every stanza the app wrote during a spec must be correct under a
// namespace-aware parser (helpers/namespace-check.ts), whatever the spec itself asserted.
import { survey, surveyFile, takeNamespaceProblems } from "./helpers/namespace-watch.js";

export const mochaHooks = {
  afterEach(this: Mocha.Context) {
    const problems = takeNamespaceProblems();
    if (surveyFile !== undefined) return void survey(problems);
    if (problems.length === 0) return;
    const shown = problems.slice(0, 5).join("\n");
    const more = problems.length > 5 ? `\n…and ${problems.length - 5} more` : "";
    throw new Error(
      `Manifold wrote ${problems.length} element(s) outside their XEP namespace:\n${shown}${more}`,
    );
  },
};
