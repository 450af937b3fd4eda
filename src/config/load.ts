// Loads the configuration: defaults (config/default.yaml) ← operator file ← MANIFOLD_* environment.
// A bad or missing value throws ConfigError with one line naming the key, the value and what was expected.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { configSchema, type Config as RawConfig } from "./schema.js";
import { CONFIG_FILE_VARIABLE, ENV_VARIABLES } from "./env.js";
import { ConfigError } from "./error.js";

export { ConfigError };

export type Config = RawConfig & { server: RawConfig["server"] & { secret: string } };
type Env = Record<string, string | undefined>;
type Tree = Record<string, unknown>;

const defaultsPath = fileURLToPath(new URL("../../config/default.yaml", import.meta.url));
const SECRET_KEYS = new Set(["server.secret"]);

export function loadConfig(options: { file?: string; env?: Env } = {}): Config {
  const env = options.env ?? process.env;
  const file = options.file ?? env[CONFIG_FILE_VARIABLE];
  const sources = new Map<string, string>();
  let tree = readDefaults();
  if (file) tree = merge(tree, readYaml(file));
  tree = merge(tree, fromEnv(env, sources));

  const parsed = configSchema.safeParse(tree, { reportInput: true });
  if (!parsed.success) throw new ConfigError(describeIssue(parsed.error.issues[0]!, sources));
  return { ...parsed.data, server: { ...parsed.data.server, secret: resolveSecret(parsed.data.server) } };
}

/** One line: key, value (never a secret, never a whole section), where it came from, what was expected. */
function describeIssue(issue: z.core.$ZodIssue, sources: Map<string, string>): string {
  const path = issue.path.map(String);
  if (issue.code === "unrecognized_keys") {
    const key = [...path, issue.keys[0] ?? ""].join(".");
    return `config: ${key} is not a known setting: unrecognized key "${issue.keys[0] ?? ""}" (see config/example.yaml)`;
  }
  const key = path.join(".") || "(root)";
  const input = issue.input;
  const shown = SECRET_KEYS.has(key)
    ? "(hidden)"
    : typeof input === "object" && input !== null
      ? "(a section)"
      : JSON.stringify(input);
  let source: string | undefined;
  for (let n = path.length; n > 0 && !source; n--) source = sources.get(path.slice(0, n).join("."));
  return `config: ${key} = ${shown}${source ? ` (from ${source})` : ""}: ${issue.message}`;
}

function resolveSecret(server: RawConfig["server"]): string {
  if (server.secret) return server.secret;
  if (server.secretFile) {
    try {
      const secret = readFileSync(server.secretFile, "utf8").split(/\r?\n/)[0]?.trim();
      if (secret) return secret;
    } catch (err) {
      throw new ConfigError(
        `config: server.secretFile = ${JSON.stringify(server.secretFile)}: ${(err as Error).message}`,
      );
    }
    throw new ConfigError(
      `config: server.secretFile = ${JSON.stringify(server.secretFile)}: the file is empty`,
    );
  }
  throw new ConfigError(
    "config: server.secret is missing: expected the component secret in MANIFOLD_SECRET, MANIFOLD_SECRET_FILE or server.secretFile",
  );
}

function readYaml(path: string): Tree {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new ConfigError(
      `config: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    );
  }
  const value: unknown = parseYaml(text);
  if (value === null || value === undefined) return {};
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new ConfigError(`config: ${path}: expected a mapping of keys at the top level`);
  }
  return value as Tree;
}

/** The shipped defaults (config/default.yaml), as a tree; `manifold --help` shows them. */
export function readDefaults(): Tree {
  return readYaml(defaultsPath);
}

/** MANIFOLD_* variables (env.ts) as a partial tree; `sources` remembers which variable set which key. */
function fromEnv(env: Env, sources: Map<string, string>): Tree {
  const tree: Tree = {};
  const set = (key: string, value: unknown, variable: string) => {
    sources.set(key, variable);
    const parts = key.split(".");
    let node = tree;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Tree;
    node[parts.at(-1)!] = value;
  };
  for (const variable of ENV_VARIABLES) {
    const raw = env[variable.name];
    // An empty variable (`VAR=` in an environment file) leaves the key to the files.
    if (!raw || !variable.parse) continue;
    const values = variable.parse(raw);
    variable.keys.forEach((key, i) => set(key, values[i], variable.name));
  }
  return tree;
}

function merge(base: Tree, over: Tree): Tree {
  const out: Tree = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prev = out[key];
    out[key] = isTree(prev) && isTree(value) ? merge(prev, value) : value;
  }
  return out;
}

function isTree(v: unknown): v is Tree {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
