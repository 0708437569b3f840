import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { NotebookError, parseNotebook, readNotebook, serializeNotebook, structuralProblems, writeNotebook } from "../../../kernel/notebook/nbformat";

const good = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ cell_type: "code", id: "a", metadata: {}, source: ["x\n", "y"], outputs: [], execution_count: null }] };

test("a valid notebook has no structural problems", () => {
  assert.deepEqual(structuralProblems(good), []);
});

test("structural problems name the cell and the field", () => {
  const bad = { nbformat: 3, metadata: {}, cells: [{ cell_type: "code", metadata: {}, source: 1 }, { cell_type: "heading", metadata: {}, source: "" }] };
  const p = structuralProblems(bad);
  assert.ok(p.some((x) => /nbformat must be 4, got 3/.test(x)));
  assert.ok(p.includes("cell 1: source must be a string or a list of strings"));
  assert.ok(p.includes("cell 1: a code cell needs an outputs array"));
  assert.ok(p.some((x) => /cell 2: cell_type must be code, markdown or raw, got "heading"/.test(x)));
  assert.throws(() => parseNotebook(JSON.stringify(bad), "x.ipynb"), (e) => e instanceof NotebookError && /x\.ipynb is not an nbformat 4 notebook/.test(e.message));
  assert.throws(() => parseNotebook("{", "y.ipynb"), /y\.ipynb is not valid JSON/);
});

test("serialisation follows nbformat: sorted keys, 1-space indent, newline at the end; multiline source kept", () => {
  const text = serializeNotebook(good as never);
  assert.ok(text.endsWith("}\n"));
  assert.ok(text.indexOf('"cells"') < text.indexOf('"metadata"') && text.indexOf('"metadata"') < text.indexOf('"nbformat"'));
  assert.match(text, /\n "cells": \[/);
  assert.deepEqual(JSON.parse(text).cells[0].source, ["x\n", "y"]);
});

test("writeNotebook replaces the file atomically and leaves no temporary file", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "paperlab-nb-"));
  try {
    const f = path.join(dir, "sub", "out.ipynb");
    writeNotebook(f, good as never);
    writeNotebook(f, { ...good, metadata: { v: 2 } } as never);
    assert.deepEqual(readNotebook(f).metadata, { v: 2 });
    assert.deepEqual(fs.readdirSync(path.join(dir, "sub")), ["out.ipynb"]);
    assert.throws(() => readNotebook(path.join(dir, "missing.ipynb")), /cannot read notebook .*ENOENT/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
