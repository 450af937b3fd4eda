// Lint rules: typescript-eslint's recommended type-aware set, plus a few that catch real bugs in async stanza code.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "coverage/", ".data/", "tmp/", "eslint.config.js"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
    },
  },
  { files: ["bin/**/*.js", ".dependency-cruiser.mjs"], ...tseslint.configs.disableTypeChecked },
  // Layers (DESIGN.md): the room core and the transport know no room kind, and the kinds (topics,
  // groups) never import each other; what they share lives in the core. The whole graph (circles,
  // transport and store, core) is checked by dependency-cruiser: .dependency-cruiser.mjs.
  {
    files: ["src/{core,xmpp,store,muc,delivery,limits,chatstates,metrics,http,web,config}/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [kind("topics"), kind("groups")] }] },
  },
  {
    files: ["src/topics/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [kind("groups")] }] },
  },
  {
    files: ["src/groups/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [kind("topics")] }] },
  },
  // Errors (DESIGN.md habit 5): a feature names its stanza errors in one catalogue, its errors.ts,
  // and its handlers throw from it, wrapping included (a catch throws an entry too). Only the
  // catalogues, and the files defining the two classes, construct them.
  {
    files: ["src/{topics,groups,chatstates,limits,muc,xmpp}/**/*.ts"],
    ignores: [
      "src/topics/errors.ts",
      "src/groups/errors.ts",
      "src/chatstates/errors.ts",
      "src/limits/errors.ts",
      "src/muc/errors.ts",
      "src/xmpp/errors.ts",
      "src/xmpp/stanza-error.ts",
      "src/limits/limit-error.ts",
    ],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "NewExpression[callee.name=/^(StanzaError|LimitError)$/]",
          message: "Add the error to the folder's errors.ts catalogue",
        },
      ],
    },
  },
);

/** An import pattern for one room kind's folder, with the reason it is refused. */
function kind(name) {
  return { group: [`**/${name}/**`], message: `Only the composition root (src/app.ts) may import ${name}/.` };
}
