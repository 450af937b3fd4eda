// Layers (DESIGN.md "The shape"), checked by `npm run lint:deps` and the "layers" step of `npm test`.
// A stanza walks transport → router → feature → store; each rule below keeps one of those arrows
// pointing one way, so a part can be read, tested and replaced without the parts above it.
// ESLint's no-restricted-imports (eslint.config.js) says the same about room kinds per file while
// editing; this file checks the whole graph, type-only imports included: a type is a dependency too.

/** What is built on the transport and the store: the features, and the room-service assembly that
 * joins them to a connection (src/service). */
const FEATURES = "^src/(muc|topics|groups|chatstates|delivery|http|web|service)/";
/** Folders every feature may build on; none of them may know a room kind. */
const SHARED = "^src/(core|xmpp|store|muc|delivery|limits|chatstates|metrics|http|web|config|service)/";
/** The room kinds: the only places that know what a topic or a group is. */
const KINDS = "^src/(topics|groups)/";

export default {
  forbidden: [
    {
      name: "no-circular",
      comment:
        "Modules in a circle can only be understood, tested and loaded together (and at run time one " +
        "may see the other half-initialised): move what both need into a module of their own, or pass " +
        "it in.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "core-imports-nothing-of-ours",
      comment:
        "src/core (clock, ids, log, serialisation) is what everything else stands on; it imports no " +
        "other part of Manifold, only Node and npm packages.",
      severity: "error",
      from: { path: "^src/core/" },
      to: { path: "^src/", pathNot: "^src/core/" },
    },
    {
      name: "transport-and-store-import-no-feature",
      comment:
        "src/xmpp (the transport) and src/store (LevelDB) serve every feature and know none: no " +
        "feature folder, and no limits or metrics either, which reach them as ports passed in where " +
        "the parts are put together (the router's intake and RouterCounters, from src/service).",
      severity: "error",
      from: { path: "^src/(xmpp|store)/" },
      to: { path: [FEATURES, "^src/(limits|metrics)/"] },
    },
    {
      name: "shared-imports-no-kind",
      comment:
        "The room core, the transport, the store and the other shared parts know no room kind: a kind " +
        "plugs into them (hooks, routes) through its plugin's register(core), and only src/app.ts " +
        "names the kinds.",
      severity: "error",
      from: { path: SHARED },
      to: { path: KINDS },
    },
    {
      name: "kinds-import-no-other-kind",
      comment:
        "topics/ and groups/ never import each other: what both need belongs in the room core (src/muc) " +
        "or another shared folder.",
      severity: "error",
      from: { path: KINDS },
      to: { path: KINDS, pathNot: "^src/$1/" },
    },
    {
      name: "not-to-unresolvable",
      comment:
        "An import that resolves to no file (a typo, a moved module, a package missing from " +
        "package.json) fails only at run time, so fail here first.",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: "no-dead-modules",
      comment:
        "Every module under src/ is reachable from the entry point, src/cli.ts (bin/manifold.js loads its " +
        "build): one that is not is dead code, or is used only by specs and belongs under spec/.",
      severity: "error",
      from: { path: "^src/cli\\.ts$" },
      to: { path: "^src/", pathNot: "\\.d\\.ts$", reachable: false },
    },
    {
      name: "src-not-to-dev-dep",
      comment:
        "src/ is what `npm ci --omit=dev` installs and runs: a devDependency imported there is missing " +
        "in production. Type-only imports (erased at compile time) are fine.",
      severity: "error",
      from: { path: "^src/" },
      to: { dependencyTypes: ["npm-dev"], dependencyTypesNot: ["type-only"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    // Count `import type` too: a layer that names another's types depends on it.
    tsPreCompilationDeps: true,
    // Resolve as tsc does (NodeNext): `./x.js` in a .ts file is ./x.ts.
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
    },
  },
};
