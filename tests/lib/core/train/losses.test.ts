/**
 * lib/core/train/losses.ts: the symmetric InfoNCE against a direct computation on hand values (normalise, cosine
 * matrix / τ, log-softmax of rows and of columns), its gradient against finite differences, and its argument checks.
 */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../../lib/core/backend";
import { infoNce } from "../../../../lib/core/train/losses";

before(async () => {
  await initBackend({ backend: "wasm" });
});

/** ½ [mean_i −log softmax_j(S)_ii + mean_j −log softmax_i(S)_jj] with S_ij = cos(a_i, b_j) / τ, in plain numbers. */
function reference(a: number[][], b: number[][], tau: number): number {
  const unit = (v: number[]): number[] => v.map((x) => x / Math.hypot(...v));
  const A = a.map(unit), B = b.map(unit);
  const S = A.map((u) => B.map((v) => u.reduce((s, x, k) => s + x * v[k], 0) / tau));
  const ce = (M: number[][]): number => M.reduce((s, row, i) => s + Math.log(row.reduce((t, x) => t + Math.exp(x), 0)) - row[i], 0) / M.length;
  const T = S[0].map((_, j) => S.map((row) => row[j]));
  return (ce(S) + ce(T)) / 2;
}

test("infoNce matches the direct computation on hand values and is low for aligned pairs", () => {
  const a = [[1, 0, 2], [0, 1, -1], [3, 1, 0]], b = [[0.5, 0.2, 1], [1, 1, 0], [-1, 2, 0.5]];
  const got = tf.tidy(() => infoNce(tf.tensor2d(a), tf.tensor2d(b), 0.5).dataSync()[0]);
  assert.ok(Math.abs(got - reference(a, b, 0.5)) < 1e-5, `${got} vs ${reference(a, b, 0.5)}`);
  const aligned = tf.tidy(() => infoNce(tf.tensor2d(a), tf.tensor2d(a.map((r) => r.map((x) => 2 * x))), 0.1).dataSync()[0]);
  assert.ok(aligned < reference(a, b, 0.1), "identical directions give a lower loss than unrelated pairs");
});

test("infoNce's gradient matches central finite differences", () => {
  const a = [[0.3, -0.2], [0.1, 0.9], [-0.7, 0.4]], b = [[0.5, 0.1], [-0.2, 0.8], [0.6, -0.9]];
  const g = tf.tidy(() => tf.grad((x: tf.Tensor) => infoNce(x as tf.Tensor2D, tf.tensor2d(b), 0.3))(tf.tensor2d(a)).arraySync() as number[][]);
  const h = 1e-3;
  for (let i = 0; i < 3; i++)
    for (let k = 0; k < 2; k++) {
      const up = a.map((r) => r.slice()), dn = a.map((r) => r.slice());
      up[i][k] += h;
      dn[i][k] -= h;
      const fd = (reference(up, b, 0.3) - reference(dn, b, 0.3)) / (2 * h);
      assert.ok(Math.abs(g[i][k] - fd) < 2e-3, `∂/∂a[${i}][${k}]: ${g[i][k]} vs ${fd}`);
    }
});

test("infoNce refuses mismatched shapes, a single row and τ ≤ 0", () => {
  assert.throws(() => infoNce(tf.zeros([3, 2]) as tf.Tensor2D, tf.zeros([2, 2]) as tf.Tensor2D), /same B/);
  assert.throws(() => infoNce(tf.ones([1, 2]) as tf.Tensor2D, tf.ones([1, 2]) as tf.Tensor2D), /B ≥ 2/);
  assert.throws(() => infoNce(tf.ones([2, 2]) as tf.Tensor2D, tf.ones([2, 2]) as tf.Tensor2D, 0), /τ must be > 0/);
});
