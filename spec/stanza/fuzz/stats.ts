// Counts over a mocha run, for the line each fuzz spec prints: cases, stanzas, kinds of stanza
// (families) and internal-server-errors seen, shrinking included.
export const stats = { cases: 0, stanzas: 0, internalErrors: 0, families: new Set<string>() };

export function resetStats(): void {
  Object.assign(stats, { cases: 0, stanzas: 0, internalErrors: 0, families: new Set<string>() });
}

export function summary(): string {
  const { cases, stanzas, families, internalErrors } = stats;
  return `${cases} cases, ${stanzas} stanzas of ${families.size} kinds, ${internalErrors} internal-server-errors`;
}
