// Regenerates the reference parts of docs/operations.md from the code, so they cannot drift:
// the configuration keys (from the zod schema's descriptions and config/default.yaml) and the
// metrics (from the registry of an app built in-process, never started). Each part sits between
// markers in the page; the rest of the page is written by hand.
//   node --import tsx scripts/config-reference.ts     (spec/unit/docs fails when the page is stale)
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { MemoryLevel } from "memory-level";
import { pino } from "pino";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { createApp } from "../src/app.js";
import { loadConfig } from "../src/config/load.js";
import { configSchema } from "../src/config/schema.js";
import type { AnyLevel } from "../src/store/db.js";
import { format, resolveConfig } from "prettier";

export const DOC = fileURLToPath(new URL("../docs/operations.md", import.meta.url));
export const REGENERATE = "node --import tsx scripts/config-reference.ts";
const DEFAULTS = fileURLToPath(new URL("../config/default.yaml", import.meta.url));

interface JsonSchema {
  type?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
}

/** The configuration keys, one table row each: key, type, default, meaning. */
export function configReference(): string {
  const schema = z.toJSONSchema(configSchema, { io: "input" }) as JsonSchema;
  const defaults = parseYaml(readFileSync(DEFAULTS, "utf8")) as Record<string, unknown>;
  // Every domain-name key shares one pattern: show its name, not the regular expression.
  const domainPattern = schema.properties?.domains?.properties?.groups?.pattern;
  const rows: string[] = [];
  const walk = (node: JsonSchema, path: string[], fallback: unknown) => {
    if (node.type === "object" && node.properties) {
      for (const [key, child] of Object.entries(node.properties)) {
        walk(child, [...path, key], (fallback as Record<string, unknown> | undefined)?.[key]);
      }
      return;
    }
    const cells = [
      `\`${path.join(".")}\``,
      typeOf(node, domainPattern),
      fallback === undefined ? "—" : `\`${JSON.stringify(fallback)}\``,
      cell(node.description ?? ""),
    ];
    rows.push(`| ${cells.join(" | ")} |`);
  };
  walk(schema, [], defaults);
  return ["| Key | Type | Default | Meaning |", "| --- | --- | --- | --- |", ...rows].join("\n");
}

function typeOf(node: JsonSchema, domainPattern: string | undefined): string {
  if (node.enum) return `one of ${node.enum.map((v) => `\`${String(v)}\``).join(", ")}`;
  if (node.type === "array" && node.items) {
    const least = node.minItems ? `, at least ${node.minItems}` : "";
    return `list of ${plural(typeOf(node.items, domainPattern))}${least}`;
  }
  if (node.type === "string") {
    if (node.pattern && node.pattern === domainPattern) return "domain name";
    if (node.pattern) return `string matching \`${node.pattern}\``;
    if (node.format === "uri") return "URL";
    return "string";
  }
  if (node.type === "integer" || node.type === "number") return `${node.type}${bounds(node)}`;
  return node.type ?? "any";
}

function bounds(node: JsonSchema): string {
  const max = node.maximum !== undefined && node.maximum < Number.MAX_SAFE_INTEGER ? node.maximum : undefined;
  if (node.minimum !== undefined && max !== undefined) return ` ${node.minimum}–${max}`;
  if (node.exclusiveMinimum !== undefined) return ` > ${node.exclusiveMinimum}`;
  if (node.minimum !== undefined) return ` ≥ ${node.minimum}`;
  return max !== undefined ? ` ≤ ${max}` : "";
}

const plural = (type: string) => (type.endsWith("name") ? `${type}s` : type);
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** Every metric an app registers: name, type, help. The app is built on a memory store and never
 * started, so nothing connects anywhere. */
export async function metricsReference(): Promise<string> {
  const config = loadConfig({ env: { MANIFOLD_SECRET: "docs", MANIFOLD_HTTP_PORT: "0" } });
  const app = await createApp(config, {
    log: pino({ level: "silent" }),
    level: new MemoryLevel({ valueEncoding: "json" }) as unknown as AnyLevel,
  });
  const metrics = await app.metrics.registry.getMetricsAsJSON();
  await app.stop();
  const rows = metrics
    .map((m) => {
      const metric = app.metrics.registry.getSingleMetric(m.name) as { labelNames?: string[] } | undefined;
      const labels = metric?.labelNames ?? [];
      const name = labels.length ? `${m.name}{${labels.join(",")}}` : m.name;
      return `| \`${name}\` | ${String(m.type)} | ${cell(m.help)} |`;
    })
    .sort();
  return ["| Metric | Type | Meaning |", "| --- | --- | --- |", ...rows].join("\n");
}

/** `page` with each generated part replaced by the current one, formatted as the repository's prettier does. */
export async function regenerate(page: string): Promise<string> {
  let out = replaceBetween(page, "config", configReference());
  out = replaceBetween(out, "metrics", await metricsReference());
  return format(out, { ...(await resolveConfig(DOC)), parser: "markdown" });
}

function replaceBetween(page: string, part: string, content: string): string {
  const begin = `<!-- BEGIN GENERATED ${part}: ${REGENERATE} -->`;
  const end = `<!-- END GENERATED ${part} -->`;
  const from = page.indexOf(begin);
  const to = page.indexOf(end);
  if (from === -1 || to < from) throw new Error(`docs/operations.md has no markers "${begin}" … "${end}"`);
  return `${page.slice(0, from + begin.length)}\n\n${content}\n\n${page.slice(to)}`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const page = readFileSync(DOC, "utf8");
  const next = await regenerate(page);
  if (next === page) process.stdout.write("docs/operations.md is up to date\n");
  else {
    writeFileSync(DOC, next);
    process.stdout.write("docs/operations.md regenerated\n");
  }
}
