// One fuzz case: a fresh app holding the scenario, the case's stanzas sent one by one, and after
// each the oracle's checks on everything Manifold sent, including what it sent to its own
// addresses, which the server would hand straight back to it (a bounded number of rounds: more
// means two of Manifold's addresses answer each other forever). Then the app must still answer
// (liveness.ts), its store must be valid (invariants.ts), no promise may have failed unseen, and,
// when asked, the app must start again on the same store and pass the same checks.
import { parseJid } from "../../../src/xmpp/jid.js";
import { parseXml, type Element } from "../../../src/xmpp/xml.js";
import type { World } from "../helpers/world.js";
import { MANIFOLD_DOMAINS } from "./cast.js";
import { answerProblems, brief, INTERNAL_ERROR, shapeProblems } from "./oracle.js";
import { livenessProblems } from "./liveness.js";
import { storeProblems } from "./invariants.js";
import { scenarioWorld, startWorld } from "./scenario.js";
import { stats } from "./stats.js";
import type { FuzzStanza } from "./arbitraries.js";

/** Rounds of Manifold answering itself before it counts as a loop. */
const LOOPBACK_ROUNDS = 8;

export interface CaseOptions {
  /** Also restart the app on the same store and check it again. */
  restart?: boolean;
}

/**
 * Runs one case; throws an Error listing every problem found (for fast-check to shrink). Resolves
 * with what Manifold sent in answer to each stanza (loopback rounds aside).
 */
export async function runCase(
  stanzas: readonly FuzzStanza[],
  options: CaseOptions = {},
): Promise<Element[][]> {
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);
  process.on("unhandledRejection", onRejection);
  let run: { answers: Element[][]; problems: string[] };
  try {
    run = await checkedRun(stanzas, options);
    await new Promise(setImmediate); // lets a rejection nobody awaited surface
  } finally {
    process.off("unhandledRejection", onRejection);
  }
  const problems = [
    ...run.problems,
    ...rejections.map((r) => `unhandled rejection: ${r instanceof Error ? r.stack : String(r)}`),
  ];
  stats.cases++;
  stats.internalErrors += problems.filter((p) => p.includes(INTERNAL_ERROR)).length;
  if (problems.length) {
    const unique = [...new Set(problems)];
    throw new Error(`${unique.length} problem(s):\n  ${unique.slice(0, 20).join("\n  ")}`);
  }
  return run.answers;
}

async function checkedRun(
  stanzas: readonly FuzzStanza[],
  options: CaseOptions,
): Promise<{ answers: Element[][]; problems: string[] }> {
  const problems: string[] = [];
  const answers: Element[][] = [];
  const fw = await scenarioWorld();
  try {
    for (const { family, xml } of stanzas) {
      const { out, problems: found } = await exchange(fw.w, parseXml(xml));
      answers.push(out);
      problems.push(...found.map((p) => `after ${brief(xml, 300)}:\n    ${p}`));
      stats.stanzas++;
      stats.families.add(family);
    }
    problems.push(...(await livenessProblems(fw.w)), ...(await storeProblems(fw.level)));
  } finally {
    await fw.w.stop();
    problems.push(...fw.w.take().flatMap((el) => shapeProblems(el).map((p) => `on shutdown: ${p}`)));
  }
  if (options.restart) {
    const again = await startWorld(fw.level);
    try {
      const checks = [...(await livenessProblems(again.w)), ...(await storeProblems(again.level))];
      problems.push(...checks.map((p) => `after a restart: ${p}`));
    } finally {
      await again.w.stop();
    }
  }
  return { answers, problems };
}

/** Sends one stanza, checks the answer, and hands back what Manifold addressed to itself. */
async function exchange(w: World, stanza: Element): Promise<{ out: Element[]; problems: string[] }> {
  await w.send(stanza);
  const out = w.take();
  const problems = answerProblems(stanza, out);
  let pending = out.filter(toManifold);
  for (let round = 0; pending.length && round < LOOPBACK_ROUNDS; round++) {
    const next: Element[] = [];
    for (const el of pending) {
      await w.send(el);
      const echo = w.take();
      problems.push(
        ...answerProblems(el, echo).map((p) => `when the server returned ${brief(el, 200)}: ${p}`),
      );
      next.push(...echo.filter(toManifold));
    }
    pending = next;
  }
  if (pending.length)
    problems.push(`Manifold keeps answering itself: ${pending.map((el) => brief(el, 200)).join(" ")}`);
  return { out, problems };
}

const toManifold = (el: Element) => {
  const to = parseJid(el.attrs.to);
  return !!to && MANIFOLD_DOMAINS.includes(to.domain);
};
