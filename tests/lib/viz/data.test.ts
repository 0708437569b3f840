/** Inputs (rows, columns, danfo), grids, the Pareto frontier and the seed summary: pure functions. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as viz from "../../../lib/viz";

test("toRows accepts rows, columns and DataFrame-shaped objects, and copies", () => {
  const rows = [{ a: 1, b: "x" }];
  const out = viz.toRows(rows);
  out[0].a = 2;
  assert.equal(rows[0].a, 1);
  assert.deepEqual(viz.toRows({ a: [1, 2], b: Float32Array.from([3, 4]) }), [{ a: 1, b: 3 }, { a: 2, b: 4 }]);
  const df = { columns: ["a", "b"], values: [[1, 2], [3, 4]], shape: [2, 2] };
  assert.ok(viz.isDataFrameLike(df));
  assert.deepEqual(viz.toRows(df), [{ a: 1, b: 2 }, { a: 3, b: 4 }]);
  assert.throws(() => viz.toRows([1, 2] as never), /expected rows/);
});

test("toRows reads a real danfo DataFrame", () => {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const dfd = require("danfojs-node");
  const df = new dfd.DataFrame({ step: [0, 1], loss: [1.5, 0.5] });
  assert.deepEqual(viz.toRows(df), [{ step: 0, loss: 1.5 }, { step: 1, loss: 0.5 }]);
  const spec = viz.trainingCurves(df, { y: "loss" }) as { data: { values: unknown[] } };
  assert.equal(spec.data.values.length, 2);
});

test("toGrid: nested, flat + shape (squeezing 1s), and errors that say what to do", () => {
  assert.deepEqual(viz.toGrid([[1, 2, 3], [4, 5, 6]]), { values: Float64Array.from([1, 2, 3, 4, 5, 6]), height: 2, width: 3 });
  const g = viz.toGrid({ values: [1, 2, 3, 4, 5, 6], shape: [1, 3, 2, 1] });
  assert.equal(g.height, 3);
  assert.equal(g.width, 2);
  assert.throws(() => viz.toGrid({ values: [1, 2, 3], shape: [2, 2] }), /does not match shape \[2, 2\]/);
  assert.throws(() => viz.toGrid([[1, 2], [3]]), /row 1 has 1 entries, expected 2/);
});

test("poolGrid average-pools to at most maxSide per side", () => {
  const g = viz.toGrid({ values: Array.from({ length: 16 }, (_, i) => i), shape: [4, 4] });
  const { grid, factor } = viz.poolGrid(g, 2);
  assert.equal(factor, 2);
  assert.deepEqual([...grid.values], [(0 + 1 + 4 + 5) / 4, (2 + 3 + 6 + 7) / 4, (8 + 9 + 12 + 13) / 4, (10 + 11 + 14 + 15) / 4]);
});

test("paretoFrontier: minimise x, maximise y by default; duplicates and dominated points dropped", () => {
  const pts = [
    { x: 1, y: 1 }, // frontier
    { x: 2, y: 3 }, // frontier
    { x: 2, y: 2 }, // dominated by (2, 3)
    { x: 3, y: 3 }, // dominated by (2, 3) (same y, more x)
    { x: 4, y: 5 }, // frontier
    { x: 4, y: 5 }, // duplicate
    { x: NaN, y: 9 }, // ignored
  ];
  assert.deepEqual(viz.paretoFrontier(pts), [0, 1, 4]);
  assert.deepEqual(viz.paretoFrontier(pts, { maximizeX: true, maximizeY: true }), [4]);
  assert.deepEqual(viz.paretoFrontier(pts, { maximizeX: false, maximizeY: false }), [0]);
});

test("summarizeRuns: mean and std over seeds per step; EMA smoothing; band kinds", () => {
  const rows = [
    { run: "a", seed: 0, step: 0, value: 1 },
    { run: "a", seed: 1, step: 0, value: 3 },
    { run: "a", seed: 0, step: 1, value: 2 },
    { run: "a", seed: 1, step: 1, value: 4 },
  ];
  const s = viz.summarizeRuns(rows);
  assert.equal(s.length, 2);
  assert.equal(s[0].mean, 2);
  assert.ok(Math.abs(s[0].hi - (2 + Math.SQRT2)) < 1e-12, "std with n-1: sqrt(2)");
  assert.equal(s[0].n, 2);
  const mm = viz.summarizeRuns(rows, { band: "minmax" });
  assert.deepEqual([mm[1].lo, mm[1].hi], [2, 4]);
  // EMA 0.5 on seed 0: 1, then 0.5·1 + 0.5·2 = 1.5; seed 1: 3, then 3.5; mean at step 1 = 2.5
  assert.equal(viz.summarizeRuns(rows, { smooth: 0.5 })[1].mean, 2.5);
  assert.throws(() => viz.trainingCurves(rows, { y: "loss" }), /field "loss" is not in the data; known fields: run, seed, step, value/);
});
