// How many cases each property runs: its default, sized so the stanza layer stays within about a
// minute on a 2-core machine, or FUZZ_RUNS for all of them (huge-payload properties take a share).
// FUZZ_SEED (and FUZZ_PATH) replay a failure fast-check reported.
import fc from "fast-check";

export function runs(defaultRuns: number, share = 1): number {
  const wanted = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(wanted) && wanted > 0 ? Math.max(1, Math.ceil(wanted * share)) : defaultRuns;
}

/** Time for a property: a case takes well under 100 ms, so this is many times that, plus shrinking. */
export const budgetMs = (cases: number, perCaseMs = 1000) => 60_000 + cases * perCaseMs;

/**
 * fc.assert with the replay settings from the environment; fast-check prints the seed and the
 * shrunk counterexample on failure. Shrinking a costly case can go on for long: past the budget it
 * stops and the smallest failing case found so far is reported; running out of time before any
 * failure fails too, so no case is ever dropped unseen.
 */
export async function assertProperty<T>(
  property: fc.IAsyncProperty<T>,
  numRuns: number,
  budget: number,
): Promise<void> {
  const seed = Number(process.env.FUZZ_SEED);
  await fc.assert(property, {
    numRuns,
    ...(Number.isInteger(seed) ? { seed } : {}),
    ...(process.env.FUZZ_PATH ? { path: process.env.FUZZ_PATH } : {}),
    interruptAfterTimeLimit: budget,
    markInterruptAsFailure: true,
  });
}
