// Collects the namespace problems of every stanza the in-process app writes (world.ts calls
// recordNamespaceProblems on each), so that the root hook in spec/stanza/hooks.ts fails the spec
// that made them, whatever that spec itself asserts. Payloads that specs sent in (noteInbound) and
// the app passed on unchanged are the sender's, not the app's: they are not judged.
import { appendFileSync } from "node:fs";
import type { Element } from "../../../src/xmpp/xml.js";
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
export const surveyFile = process.env.NAMESPACE_SURVEY;
export const survey = (problems: readonly string[]) =>
  surveyFile !== undefined && problems.length > 0 && appendFileSync(surveyFile, problems.join("\n") + "\n");
