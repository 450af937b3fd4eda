// Every MANIFOLD_* variable the loader reads is listed, with a meaning, by `manifold --help` and by
// README's configuration table, and neither lists one the loader does not read. What the loader
// reads is observed (an environment that records each name asked for), not taken from its table.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadConfig } from "../../../src/config/load.js";
import { runCli } from "../../helpers/manifold-cli.js";

const README = fileURLToPath(new URL("../../../README.md", import.meta.url));

/** The MANIFOLD_* names loadConfig asks the environment for. */
function variablesTheLoaderReads(): string[] {
  const asked = new Set<string>();
  const env = new Proxy<Record<string, string | undefined>>(
    { MANIFOLD_SECRET: "only so that loading succeeds" },
    {
      get(target, name) {
        if (typeof name === "string") asked.add(name);
        return Reflect.get(target, name) as string | undefined;
      },
    },
  );
  loadConfig({ env });
  return [...asked].filter((name) => name.startsWith("MANIFOLD_")).sort();
}

/** The variables named in the first cell of each row of README's table under "| Variable". */
function readmeTableVariables(): string[] {
  const lines = readFileSync(README, "utf8").split("\n");
  const header = lines.findIndex((line) => /^\|\s*Variable\s*\|/.test(line));
  assert.ok(header >= 0, 'README.md has no table whose first column is "Variable"');
  const rows = [];
  for (let i = header + 2; lines[i]?.startsWith("|"); i++) rows.push(lines[i]!.split("|")[1] ?? "");
  return rows.flatMap((cell) => cell.match(/MANIFOLD_[A-Z_]+/g) ?? []).sort();
}

describe("the environment variables", function () {
  // One `manifold --help` process, started from source.
  this.timeout(30_000);
  let read: string[];
  let help: string;

  before(async () => {
    read = variablesTheLoaderReads();
    const run = await runCli(["--help"], {});
    assert.equal(run.code, 0, run.stderr);
    help = run.stdout;
  });

  it("are read by the loader, the configuration file's variable among them", () => {
    assert.ok(read.includes("MANIFOLD_CONFIG"), read.join(", "));
    assert.ok(read.includes("MANIFOLD_SERVER"), read.join(", "));
  });

  it("each have a line with a meaning in manifold --help", () => {
    const missing = read.filter((name) => !new RegExp(`^  ${name}=\\S+ +\\S.*$`, "m").test(help));
    assert.deepEqual(missing, [], `manifold --help lacks a line for these:\n${help}`);
  });

  it("are all that manifold --help lists", () => {
    const listed = (help.match(/^ {2}MANIFOLD_[A-Z_]+(?==)/gm) ?? []).map((line) => line.trim()).sort();
    assert.deepEqual(listed, read);
  });

  it("are all in README's configuration table, and it lists no other", () => {
    const inTable = readmeTableVariables();
    const missing = read.filter((name) => !inTable.includes(name));
    assert.deepEqual(
      missing,
      [],
      `add a row to README.md's table (after "3. the environment:") for: ${missing.join(", ")}`,
    );
    assert.deepEqual(
      inTable.filter((name) => !read.includes(name)),
      [],
      "README.md's table lists variables the loader does not read",
    );
  });
});
