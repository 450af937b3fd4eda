#!/usr/bin/env node
// The `manifold` executable: the compiled CLI (built by `npm run build`, which `npm ci` runs via `prepare`).
import "../dist/cli.js";
