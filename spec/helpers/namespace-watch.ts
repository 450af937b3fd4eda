// Collects the namespace problems of every stanza Manifold writes (the stanza layer's world.ts and
// the real connection of startManifold call recordNamespaceProblems on each), so that each layer's
// root hook (checkNamespaces) fails the spec that made them, whatever that spec itself asserts.
// Payloads that came in (noteInbound) and were passed on unchanged are the sender's, not Manifold's:
// they are not judged.
import { appendFileSync } from "node:fs";
import type { Element } from "../../src/xmpp/xml.js";
import { namespaceProblems } from "./namespace-check.js";

const found: string[] = [];
const inbound = new Set<string>();

export function noteInbound(stanza: Element): void {
  for (const child of stanza.children) if (typeof child !== "string") inbound.add(child.toString());
}

export function recordNamespaceProblems(stanza: string): void {
  for (const { path, problem } of namespaceProblems(stanza, (xml) => inbound.has(xml)))
    found.push(`${path}: ${problem}\n  in ${stanza}`);
}

/** The problems recorded since the last call, which forgets them and the payloads sent in. */
export function takeNamespaceProblems(): string[] {
  inbound.clear();
  return found.splice(0);
}

/** NAMESPACE_SURVEY=FILE appends problems to FILE instead of failing (to list them all at once). */
const surveyFile = process.env.NAMESPACE_SURVEY;

/** For a root afterEach hook: throws, naming them, if the spec made Manifold write namespace problems. */
export function checkNamespaces(): void {
  const problems = takeNamespaceProblems();
  if (problems.length === 0) return;
  if (surveyFile !== undefined) return appendFileSync(surveyFile, problems.join("\n") + "\n");
  const shown = problems.slice(0, 5).join("\n");
  const more = problems.length > 5 ? `\n…and ${problems.length - 5} more` : "";
  throw new Error(
    `Manifold wrote ${problems.length} element(s) outside their XEP namespace:\n${shown}${more}`,
  );
}
