/**
 * The keys of `reproduce --resume`: what changes a paper's key (a cell's source, the library build, a
 * dependency's version, a parameter) and what does not (outputs, key order); a stored result is reused only
 * under its own key, when it ran to the end and its files are still there.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { buildHash, canonicalJson, notebookHash, resultKey, ResultKeyParts, reusableResult, storeResult } from "../../../kernel/commands/reproduce-cache";
import { Notebook } from "../../../kernel/notebook/nbformat";
import type { PaperReport } from "../../../lib/report";
import { tempDir } from "../client/support";

const nb = (source: string, outputs: unknown[] = []): Notebook =>
  JSON.parse(JSON.stringify({ cells: [{ cell_type: "code", id: "a", metadata: {}, execution_count: null, outputs, source: [source] }], metadata: { kernelspec: { name: "paperlab", display_name: "TS", language: "typescript" } }, nbformat: 4, nbformat_minor: 5 }));

test("canonical JSON sorts keys and drops undefined, so equal values give equal keys", () => {
  assert.equal(canonicalJson({ b: 1, a: [{ y: 2, x: undefined, w: null }] }), '{"a":[{"w":null,"y":2}],"b":1}');
  const parts: ResultKeyParts = { notebook: "n", build: "b", kernel: null, scale: "smoke", seed: 1, parameters: { scale: "smoke", seed: 1 } };
  assert.equal(resultKey(parts), resultKey({ ...parts, parameters: { seed: 1, scale: "smoke" } }));
  assert.notEqual(resultKey(parts), resultKey({ ...parts, seed: 2, parameters: { scale: "smoke", seed: 2 } }));
  assert.notEqual(resultKey(parts), resultKey({ ...parts, scale: "default" }));
  assert.notEqual(resultKey(parts), resultKey({ ...parts, kernel: "python3" }));
});

test("a notebook's hash follows its sources and kernelspec, not its outputs", () => {
  const h = notebookHash(nb("let x = 1;"));
  assert.equal(notebookHash(nb("let x = 1;", [{ output_type: "stream", name: "stdout", text: "1" }])), h);
  assert.notEqual(notebookHash(nb("let x = 2;")), h);
  const other = nb("let x = 1;");
  other.metadata.kernelspec = { name: "tslab", display_name: "TS", language: "typescript" };
  assert.notEqual(notebookHash(other), h);
});

test("the build hash follows the compiled library and the dependencies' versions", () => {
  const root = tempDir("paperlab-build-");
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  write("package.json", JSON.stringify({ version: "0.1.0", dependencies: { dep: "^1" } }));
  write("dist/lib/a.js", "exports.a = 1;");
  write("dist/lib/core/b.js", "exports.b = 2;");
  write("node_modules/dep/package.json", JSON.stringify({ version: "1.0.0" }));
  const h = buildHash(root);
  assert.equal(buildHash(root), h);
  write("dist/lib/core/b.js", "exports.b = 3;");
  const h2 = buildHash(root);
  assert.notEqual(h2, h);
  write("node_modules/dep/package.json", JSON.stringify({ version: "1.0.1" }));
  assert.notEqual(buildHash(root), h2);
  write("dist/lib/notes.md", "not code");
  assert.equal(buildHash(root), buildHash(root));
});

test("a stored result is reused under its key only, when it ran to the end and its files are there", () => {
  const out = tempDir("paperlab-results-");
  const report: PaperReport = { paper: "p", notebook: "notebooks/p.ipynb", status: "ok", exitCode: 0, message: "ran", wallTimeS: 1, claims: [], figures: [{ name: "f", vlJson: "figures/p/f.vl.json", svg: "figures/p/f.svg", png: null }] };
  const parts: ResultKeyParts = { notebook: "n", build: "b", kernel: null, scale: "smoke", seed: null, parameters: { scale: "smoke" } };
  storeResult(out, { key: "k1", parts, report });
  assert.equal(reusableResult(out, "p", "k1"), null, "its notebook and figures are not on disk");
  for (const f of ["notebooks/p.ipynb", "figures/p/f.vl.json", "figures/p/f.svg"]) {
    fs.mkdirSync(path.dirname(path.join(out, f)), { recursive: true });
    fs.writeFileSync(path.join(out, f), "x");
  }
  assert.deepEqual(reusableResult(out, "p", "k1")?.report, report);
  assert.equal(reusableResult(out, "p", "k2"), null, "another key");
  assert.equal(reusableResult(out, "q", "k1"), null, "never stored");
  storeResult(out, { key: "k1", parts, report: { ...report, status: "error", exitCode: 1 } });
  assert.equal(reusableResult(out, "p", "k1"), null, "a failed run removes the stored result and is never reused");
});
