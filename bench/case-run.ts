// One case at one N: a short warm-up, a full-speed phase (messages back to back), then a paced
// phase at 40 % of the full-speed delivery rate for about four seconds, for latency under load.
import type { CaseKey, Target } from "./cases/target.js";
import { runPhase, type Phase, type Watched } from "./measure.js";
import type { Tally } from "./tally.js";

export const PACED_SHARE = 0.4;
const PACED_SECONDS = 4;

export interface CaseRow {
  key: CaseKey;
  n: number;
  full: Phase;
  paced: Phase;
  /** Messages per second sent in the paced phase. */
  pacedPerSecond: number;
}

export async function measureCase(
  target: Target,
  tally: Tally,
  watched: readonly Watched[],
  messages: number,
): Promise<CaseRow> {
  const run = `${target.key}${target.n}`;
  await runPhase(target, tally, `${run}w`, Math.max(5, Math.ceil(messages / 10)), watched);
  const full = await runPhase(target, tally, `${run}f`, messages, watched);
  const pacedPerSecond = (PACED_SHARE * full.rate) / target.n;
  const pacedMessages = Math.min(messages, Math.max(10, Math.round(pacedPerSecond * PACED_SECONDS)));
  const paced = await runPhase(target, tally, `${run}p`, pacedMessages, watched, pacedPerSecond);
  return { key: target.key, n: target.n, full, paced, pacedPerSecond };
}
