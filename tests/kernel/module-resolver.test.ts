/** The cells' ESM resolver (kernel/module-resolver.ts): `exports` conditions and patterns, specifiers, required names. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { esmFileFor, isEsmFile, requiredModules, resolveEsmEntry, resolveExports, splitSpecifier } from "../../kernel/module-resolver";

test("resolveExports picks the node/import conditions, subpaths and * patterns", () => {
  assert.equal(resolveExports("./index.js", "."), "./index.js");
  assert.equal(resolveExports("./index.js", "./sub"), null);
  assert.equal(resolveExports({ require: "./c.cjs", import: "./m.mjs" }, "."), "./m.mjs");
  assert.equal(resolveExports({ ".": { node: { import: "./n.mjs" }, default: "./d.js" }, "./feature": "./f.js" }, "."), "./n.mjs");
  assert.equal(resolveExports({ ".": "./i.js", "./feature": "./f.js" }, "./feature"), "./f.js");
  assert.equal(resolveExports({ "./lib/*": { import: "./dist/*.mjs" } }, "./lib/a/b"), "./dist/a/b.mjs");
  assert.equal(resolveExports({ "./x": "./x.js" }, "./y"), null);
  assert.equal(resolveExports([{ require: "./c.cjs" }, "./fallback.js"], "."), "./fallback.js");
});

test("splitSpecifier separates scoped and plain package names from their subpath", () => {
  assert.deepEqual(splitSpecifier("pkg"), ["pkg", "."]);
  assert.deepEqual(splitSpecifier("pkg/a/b"), ["pkg", "./a/b"]);
  assert.deepEqual(splitSpecifier("@s/pkg"), ["@s/pkg", "."]);
  assert.deepEqual(splitSpecifier("@s/pkg/x"), ["@s/pkg", "./x"]);
});

test("requiredModules lists each required name once", () => {
  assert.deepEqual(requiredModules(`const a = require("x"); const b = require('y/z'); require("x");`), ["x", "y/z"]);
});

test("an ESM-only package is found for import(); a CommonJS one is left to require", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "paperlab-resolver-"));
  const esm = path.join(dir, "node_modules", "esm-only");
  const cjs = path.join(dir, "node_modules", "plain-cjs");
  fs.mkdirSync(esm, { recursive: true });
  fs.mkdirSync(cjs, { recursive: true });
  fs.writeFileSync(path.join(esm, "package.json"), JSON.stringify({ name: "esm-only", type: "module", exports: { import: "./index.js" } }));
  fs.writeFileSync(path.join(esm, "index.js"), "export const a = 1;\n");
  fs.writeFileSync(path.join(cjs, "package.json"), JSON.stringify({ name: "plain-cjs", main: "main.js" }));
  fs.writeFileSync(path.join(cjs, "main.js"), "module.exports = 1;\n");
  const req = require("module").createRequire(path.join(dir, "x.js")) as NodeJS.Require;
  assert.equal(resolveEsmEntry("esm-only", [path.join(dir, "a", "b")]), path.join(esm, "index.js"));
  assert.ok(isEsmFile(path.join(esm, "index.js")));
  assert.ok(!isEsmFile(path.join(cjs, "main.js")));
  assert.equal(esmFileFor("esm-only", [req], [dir]), path.join(esm, "index.js"));
  assert.equal(esmFileFor("plain-cjs", [req], [dir]), null);
  assert.equal(esmFileFor("not-installed-anywhere", [req], [dir]), null);
  fs.rmSync(dir, { recursive: true, force: true });
});
