/**
 * `paperlab bench`: argument errors, the table, the JSON rows of a tiny run, and PyTorch missing vs present.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as path from "path";
import { formatTable, parseArgs, runTorch } from "../../../../lib/core/bench/cli";
import { WORKLOADS } from "../../../../lib/core/bench/workloads";

const BIN = path.join(__dirname, "..", "..", "..", "..", "..", "bin", "paperlab.js");

/** Runs `paperlab bench ARGS` in a child process (the test runner owns this process's stdout). */
function bench(args: string[]): { code: number; out: string } {
  const r = spawnSync(process.execPath, [BIN, "bench", ...args], { encoding: "utf8", timeout: 60_000 });
  return { code: r.status ?? 1, out: r.stdout };
}

test("unknown options and workloads are usage errors naming the culprit", () => {
  assert.throws(() => parseArgs(["--bogus"]), /unknown option '--bogus'/);
  assert.throws(() => parseArgs(["--only", "nope"]), /unknown workload\(s\) nope/);
  assert.throws(() => parseArgs(["--stat", "mean"]), /--stat is median or min/);
  assert.throws(() => parseArgs(["--rounds", "0"]), /--rounds is a whole number ≥ 1, got '0'/);
  assert.equal(parseArgs(["--rounds", "3"]).rounds, 3);
  assert.throws(() => parseArgs(["--clock", "gpu"]), /--clock is wall or cpu, got 'gpu'/);
  assert.equal(parseArgs(["--clock", "cpu"]).clock, "cpu");
  assert.throws(() => parseArgs(["--backends", "webgpu"]), /unknown backend 'webgpu'/);
  assert.deepEqual(parseArgs(["--json", "--stat", "min"]).stat, "min");
  assert.equal(bench(["--bogus"]).code, 2);
});

test("every workload the PyTorch script knows is defined here with the same name", () => {
  const names = WORKLOADS.map((w) => w.name);
  assert.deepEqual(new Set(names).size, names.length);
  assert.ok(names.includes("matmul-512") && names.includes("attention-lm-train-step"));
});

test("a tiny run prints JSON rows workload/backend/ms/torchMs/ratio", () => {
  const { code, out } = bench(["--json", "--backends", "wasm", "--only", "matmul-512", "--budget-ms", "10", "--no-torch"]);
  assert.equal(code, 0);
  const rows = JSON.parse(out.trim().split("\n").pop() as string);
  assert.equal(rows.length, 1);
  assert.equal(rows[0].workload, "matmul-512");
  assert.equal(rows[0].backend, "wasm");
  assert.ok(rows[0].ms > 0);
  assert.equal(rows[0].torchMs, null);
  assert.match(formatTable(rows), /matmul-512\s+wasm/);
});

test("--rounds repeats the measurement and reports one row per workload and backend", () => {
  const { code, out } = bench(["--json", "--backends", "wasm", "--only", "matmul-512", "--budget-ms", "10", "--no-torch", "--rounds", "2", "--clock", "cpu"]);
  assert.equal(code, 0);
  const rows = JSON.parse(out.trim().split("\n").pop() as string);
  assert.equal(rows.length, 1);
  assert.ok(rows[0].ms > 0);
});

test("PyTorch missing is reported with the package to install", () => {
  const saved = process.env.PAPERLAB_PYTHON;
  process.env.PAPERLAB_PYTHON = "/nonexistent/python3";
  try {
    const r = runTorch(1, 10, ["matmul-512"]);
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.reason, /python3-torch/);
  } finally {
    if (saved === undefined) delete process.env.PAPERLAB_PYTHON; else process.env.PAPERLAB_PYTHON = saved;
  }
});

// find_spec locates the package without importing it (importing torch alone takes seconds)
const hasTorch = spawnSync("/usr/bin/python3", ["-c", "import importlib.util, sys; sys.exit(importlib.util.find_spec('torch') is None)"]).status === 0;
test("bench/torch/bench.py runs one workload", { skip: hasTorch ? false : "needs Debian's python3-torch" }, () => {
  const r = runTorch(1, 10, ["matmul-512"], "min");
  assert.ok(r.ok, r.ok ? "" : r.reason);
  if (r.ok) assert.ok(r.rows["matmul-512"] > 0);
});
