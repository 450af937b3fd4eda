// How many cases each property runs: its default, sized so the stanza layer stays within about a
// minute on a 2-core machine, or FUZZ_RUNS for all of them (huge-payload properties take a tenth).
// FUZZ_SEED (and FUZZ_PATH) replay a failure fast-check reported.
import fc from "fast-check";

export function runs(defaultRuns: number, share = 1): number {
  const wanted = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(wanted) && wanted > 0 ? Math.max(1, Math.ceil(wanted * share)) : defaultRuns;
}

/** fc.assert with the replay settings from the environment; fast-check prints the seed on failure. */
export async function assertProperty<T>(property: fc.IAsyncProperty<T>, numRuns: number): Promise<void> {
  const seed = Number(process.env.FUZZ_SEED);
  await fc.assert(property, {
    numRuns,
    ...(Number.isInteger(seed) ? { seed } : {}),
    ...(process.env.FUZZ_PATH ? { path: process.env.FUZZ_PATH } : {}),
    endOnFailure: false,
  });
}
