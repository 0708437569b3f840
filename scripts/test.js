#!/usr/bin/env node
"use strict";
// Runs every compiled test file (dist/tests/**/*.test.js) with Node's built-in test runner.
// `npm test -- kernel` (or any path fragment) runs only the test files whose path contains it.
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const root = path.join(__dirname, "..", "dist", "tests");
function walk(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : e.name.endsWith(".test.js") ? [p] : [];
  });
}
const filters = process.argv.slice(2);
const files = walk(root)
  // Match against the path below dist/tests, so a checkout whose own path contains a filter word still filters.
  .filter((f) => filters.length === 0 || filters.some((x) => path.relative(root, f).split(path.sep).join("/").includes(x)))
  .sort();
if (files.length === 0) {
  console.error("no test files found under dist/tests (did `npm run build` run?)");
  process.exit(1);
}
const r = spawnSync(process.execPath, ["--test", "--test-concurrency=2", ...files], { stdio: "inherit" });
process.exit(r.status === null ? 1 : r.status);
