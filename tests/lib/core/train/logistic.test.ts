/**
 * fitLogistic (lib/core/train/logistic.ts): separable classes are learned, the fitted probabilities match the
 * known optimum of a 1-D two-class problem (gradient zero at the fit), bad input throws.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../../../lib/core/train/seed";
import { fitLogistic } from "../../../../lib/core/train/logistic";

test("three Gaussian blobs in 2-D: ≥ 95 % training accuracy, probabilities sum to 1", () => {
  const r = new Rng(1);
  const centres = [[0, 0], [4, 0], [0, 4]];
  const x: number[][] = [], y: number[] = [];
  for (let i = 0; i < 300; i++) {
    const k = i % 3;
    x.push([centres[k][0] + r.normal(0, 0.7), centres[k][1] + r.normal(0, 0.7)]);
    y.push(k);
  }
  const m = fitLogistic(x, y);
  const pred = m.predict(x);
  assert.ok(pred.filter((p, i) => p === y[i]).length / 300 >= 0.95);
  for (const p of m.proba(x.slice(0, 5))) assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-12);
});

test("1-D two classes with overlap: at the fit the mean of (p − y)·x and of (p − y) vanish (the optimum of the cross-entropy)", () => {
  const r = new Rng(2);
  const x: number[][] = [], y: number[] = [];
  for (let i = 0; i < 400; i++) {
    const k = i % 2;
    x.push([r.normal(k, 1)]);
    y.push(k);
  }
  const m = fitLogistic(x, y, { l2: 0, steps: 2000 });
  const p = m.proba(x).map((q) => q[1]);
  const g0 = p.reduce((s, v, i) => s + (v - y[i]), 0) / 400;
  const g1 = p.reduce((s, v, i) => s + (v - y[i]) * x[i][0], 0) / 400;
  assert.ok(Math.abs(g0) < 1e-4 && Math.abs(g1) < 1e-4, `gradient ${g0}, ${g1}`);
});

test("bad input: mismatched lengths, ragged rows, labels out of range", () => {
  assert.throws(() => fitLogistic([[1], [2]], [0]), RangeError);
  assert.throws(() => fitLogistic([[1], [2, 3]], [0, 1]), RangeError);
  assert.throws(() => fitLogistic([[1], [2]], [0, 5], { classes: 2 }), RangeError);
});
