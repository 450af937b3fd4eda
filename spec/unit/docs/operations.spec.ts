// docs/operations.md: its configuration and metrics tables are generated from the code
// (scripts/config-reference.ts); this fails when they no longer match, saying how to regenerate.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { z } from "zod";
import { configSchema } from "../../../src/config/schema.js";
import { DOC, REGENERATE, configReference, regenerate } from "../../../scripts/config-reference.js";

describe("docs/operations.md", function () {
  // Builds an app in-process and runs prettier over the page.
  this.timeout(30000);

  it("has the configuration and metrics reference of the current code", async () => {
    const page = readFileSync(DOC, "utf8");
    const current = await regenerate(page);
    assert.ok(
      current === page,
      `docs/operations.md is stale (the config schema, config/default.yaml or the metrics changed): run ${REGENERATE}`,
    );
  });

  it("describes every configuration key", () => {
    const undescribed: string[] = [];
    type Node = { description?: string; properties?: Record<string, Node> };
    const walk = (node: Node, path: string[]) => {
      if (node.properties) {
        for (const [key, child] of Object.entries(node.properties)) walk(child, [...path, key]);
      } else if (!node.description) undescribed.push(path.join("."));
    };
    walk(z.toJSONSchema(configSchema, { io: "input" }) as Node, []);
    assert.deepEqual(undescribed, [], 'add .describe("…") to these keys in src/config/schema.ts');
  });

  it("lists every key in the configuration table with its default", () => {
    const table = configReference();
    assert.match(
      table,
      /^\| `server\.port` \| integer 1–65535 \| `5347` \| Port of the XMPP server's component listener\. \|$/m,
    );
    assert.match(table, /^\| `localDomains` \| list of domain names, at least 1 \| `\["localhost"\]` \|/m);
    assert.match(table, /^\| `server\.secret` \| string \| — \|/m);
  });
});
