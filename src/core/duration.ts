// Durations as operators and room owners write them ("90d", "12h", "1y", "never"), read with the
// `ms` library. A retention shorter than a minute is a typo rather than a policy, so it is refused.
import ms from "ms";

/** null for "never" (no expiry). */
export type Expiry = number | null;

const MINUTE = 60_000;

/** The duration in milliseconds, null for "never", or undefined when `text` is not a duration. */
export function parseDuration(text: string): Expiry | undefined {
  const value = text.trim().toLowerCase();
  if (value === "never") return null;
  if (value === "") return undefined;
  const parsed = ms(value as ms.StringValue) as number | undefined;
  if (typeof parsed !== "number" || !Number.isFinite(parsed) || parsed < MINUTE) return undefined;
  return Math.round(parsed);
}

/** "90 days", "12 hours", "never": how a person reads it. */
export function describeDuration(expiry: Expiry): string {
  return expiry === null ? "never" : ms(expiry, { long: true });
}

const UNITS: readonly [string, number][] = [
  ["y", 365.25 * 86_400_000],
  ["w", 7 * 86_400_000],
  ["d", 86_400_000],
  ["h", 3_600_000],
  ["m", 60_000],
  ["s", 1000],
];

/** The shortest exact form `parseDuration` reads back ("30d", "36h"), "never" for null. */
export function formatDuration(expiry: Expiry): string {
  if (expiry === null) return "never";
  for (const [unit, size] of UNITS) if (expiry % size === 0) return `${expiry / size}${unit}`;
  return `${expiry}ms`;
}
