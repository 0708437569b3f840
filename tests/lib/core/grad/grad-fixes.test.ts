/**
 * Regression tests for the tfjs-core 4.22 gradient bugs paperlab fixes: each gradient against central finite
 * differences (tolerance stated per test), on the cpu backend and, where the op has wasm kernels of ours, on wasm.
 */
import { before, test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { randoms, relError, runOn } from "../compare-backends";
import { installGradFixes, logSigmoid } from "../../../../lib/core/grad";

installGradFixes();
before(async () => { await tf.setBackend("cpu"); });
const t = (shape: number[], seed: number) => tf.tensor(randoms(shape.reduce((a, b) => a * b, 1), seed), shape);

/**
 * Compares tf.grad of `loss` at x with central differences (step eps) on every element; returns the relative error.
 * The loss is evaluated in float32, so eps and the tolerance are chosen per op.
 */
async function fdError(backend: string, loss: (x: tf.Tensor) => tf.Scalar, x0: tf.Tensor, eps: number): Promise<number> {
  const shape = x0.shape;
  const base = Array.from(x0.dataSync());
  const [analytic] = await runOn(backend, () => tf.grad(loss)(tf.tensor(base, shape)));
  const numeric: number[] = [];
  await runOn(backend, () => {
    for (let i = 0; i < base.length; i++) {
      const p = base.slice(); p[i] += eps;
      const m = base.slice(); m[i] -= eps;
      const lp = loss(tf.tensor(p, shape)).dataSync()[0];
      const lm = loss(tf.tensor(m, shape)).dataSync()[0];
      numeric.push((lp - lm) / (2 * eps));
    }
    return tf.scalar(0);
  });
  return relError(analytic, numeric);
}

test("logSigmoid: gradient on a non-leaf input (stock tf.logSigmoid crashes there)", async () => {
  const x = t([3, 4], 1).mul(4);
  const loss = (v: tf.Tensor) => logSigmoid(v.mul(1.5).add(0.2)).mul(t([3, 4], 2)).sum() as tf.Scalar;
  const err = await fdError("cpu", loss, x, 1e-2);
  assert.ok(err < 2e-3, `logSigmoid fd error ${err}`);
  const [v] = await runOn("cpu", () => logSigmoid(tf.tensor1d([-100, 0, 100])));
  assert.ok(Math.abs(v[0] + 100) < 1e-3 && Math.abs(v[1] - Math.log(0.5)) < 1e-6 && Math.abs(v[2]) < 1e-6);
});

test("cumsum: gradient on every axis, exclusive and reverse (stock is transposed off the last axis)", async () => {
  for (const axis of [0, 1, 2]) {
    for (const [exclusive, reverse] of [[false, false], [true, false], [false, true], [true, true]]) {
      const w = t([3, 4, 2], 3 + axis);
      const loss = (v: tf.Tensor) => tf.cumsum(v, axis, exclusive, reverse).mul(w).sum() as tf.Scalar;
      const err = await fdError("cpu", loss, t([3, 4, 2], 4), 0.25);
      assert.ok(err < 1e-4, `cumsum axis ${axis} ex=${exclusive} rev=${reverse}: ${err}`);
    }
  }
});

test("cumprod: gradient (none in stock tfjs), also with a zero in the input, on cpu and wasm", async () => {
  const base = t([2, 5], 5).add(1.5);
  const withZero = tf.tensor2d([[0.5, 0, 1.2, -0.7, 2], [1, 1.5, 0, 0, 0.3]]);
  for (const backend of ["cpu", "wasm"]) {
    for (const x of [base, withZero]) {
      for (const axis of [0, 1]) {
        for (const [exclusive, reverse] of [[false, false], [true, false], [false, true], [true, true]]) {
          const w = t([2, 5], 6);
          const loss = (v: tf.Tensor) => tf.cumprod(v, axis, exclusive, reverse).mul(w).sum() as tf.Scalar;
          const err = await fdError(backend, loss, x, 1e-2);
          assert.ok(err < 3e-3, `${backend} cumprod axis ${axis} ex=${exclusive} rev=${reverse}: ${err}`);
        }
      }
    }
  }
});

test("stridedSlice: gradient with strides, negative strides and masks (none in stock tfjs)", async () => {
  const cases: Array<(v: tf.Tensor) => tf.Tensor> = [
    (v) => tf.stridedSlice(v, [0, 1], [4, 6], [2, 2]),
    (v) => tf.stridedSlice(v, [3, 5], [0, 0], [-1, -2]),
    (v) => tf.stridedSlice(v, [1, 0], [0, 0], [1, 1], 0, 2, 0, 0, 1), // shrink axis 0, end mask axis 1
    (v) => tf.stridedSlice(v, [0, 0, 0], [0, 0, 3], [1, 1, 1], 0, 0, 0, 2, 0).reshape([-1]), // new axis
  ];
  for (const [i, f] of cases.entries()) {
    const loss = (v: tf.Tensor) => f(v).square().sum() as tf.Scalar;
    const err = await fdError("cpu", loss, t([4, 6], 7 + i), 1e-2);
    assert.ok(err < 2e-3, `stridedSlice case ${i}: ${err}`);
  }
  const err = await fdError("wasm", (v) => tf.stridedSlice(v, [0, 1], [4, 6], [2, 2]).square().sum() as tf.Scalar, t([4, 6], 11), 1e-2);
  assert.ok(err < 2e-3, `stridedSlice on wasm: ${err}`);
});

test("where(greater(x, 0), …) inside a tape (stock: no gradient for Greater)", async () => {
  const loss = (v: tf.Tensor) => tf.where(tf.greater(v, 0), v.square(), v.mul(-0.5)).sum() as tf.Scalar;
  for (const backend of ["cpu", "wasm"]) {
    const err = await fdError(backend, loss, t([10], 12), 1e-3);
    assert.ok(err < 5e-3, `${backend} where/greater: ${err}`);
  }
  const [g] = await runOn("cpu", () =>
    tf.grad((v: tf.Tensor) => tf.where(tf.logicalAnd(tf.less(v, 1), tf.greaterEqual(v, -1)), v, tf.zerosLike(v)).sum())(tf.tensor1d([-2, 0.5, 3])));
  assert.deepEqual(g, [0, 1, 0]);
});

test("dilated conv2d and depthwiseConv2d: gradients (stock asserts dilation 1), cpu and wasm", async () => {
  const w = t([3, 3, 2, 3], 13).mul(0.5) as tf.Tensor4D;
  const wd = t([3, 3, 2, 2], 14).mul(0.5) as tf.Tensor4D;
  for (const backend of ["cpu", "wasm"]) {
    for (const pad of ["same", "valid"] as const) {
      const lx = (v: tf.Tensor) => tf.conv2d(v as tf.Tensor4D, w, 1, pad, "NHWC", 2).square().sum() as tf.Scalar;
      const lw = (v: tf.Tensor) => tf.conv2d(t([1, 7, 6, 2], 15) as tf.Tensor4D, v as tf.Tensor4D, 1, pad, "NHWC", [2, 1]).square().sum() as tf.Scalar;
      const ldx = (v: tf.Tensor) => tf.depthwiseConv2d(v as tf.Tensor4D, wd, 1, pad, "NHWC", 2).square().sum() as tf.Scalar;
      const ldw = (v: tf.Tensor) => tf.depthwiseConv2d(t([1, 7, 6, 2], 16) as tf.Tensor4D, v as tf.Tensor4D, 1, pad, "NHWC", 2).square().sum() as tf.Scalar;
      const errs = [
        await fdError(backend, lx, t([1, 7, 6, 2], 17), 1e-2), await fdError(backend, lw, w, 1e-2),
        await fdError(backend, ldx, t([1, 7, 6, 2], 18), 1e-2), await fdError(backend, ldw, wd, 1e-2),
      ];
      assert.ok(Math.max(...errs) < 3e-3, `${backend} ${pad} dilated conv grads: ${errs}`);
    }
  }
});

test("causal dilated conv1d and causal depthwise conv1d (TCN / short-conv layers of the paper cards), wasm", async () => {
  const k = 3;
  const w1 = t([k, 2, 3], 21).mul(0.5) as tf.Tensor3D;
  const wd = t([1, k, 2, 1], 22).mul(0.5) as tf.Tensor4D;
  for (const d of [1, 2, 4]) {
    // causal: pad (k−1)·d steps on the left, then 'valid' // x [B,T,C] → [B,T,C']
    const conv = (v: tf.Tensor) => tf.conv1d(tf.pad(v, [[0, 0], [(k - 1) * d, 0], [0, 0]]) as tf.Tensor3D, w1, 1, "valid", "NWC", d);
    const dw = (v: tf.Tensor) => tf.depthwiseConv2d(tf.pad(v, [[0, 0], [(k - 1) * d, 0], [0, 0]]).expandDims(1) as tf.Tensor4D,
      wd, 1, "valid", "NHWC", [1, d]);
    const e1 = await fdError("wasm", (v) => conv(v).square().sum() as tf.Scalar, t([2, 9, 2], 23), 1e-2);
    const e2 = await fdError("wasm", (v) => dw(v).square().sum() as tf.Scalar, t([2, 9, 2], 24), 1e-2);
    assert.ok(Math.max(e1, e2) < 3e-3, `dilation ${d}: conv1d ${e1}, depthwise ${e2}`);
  }
});

test("einsum and gatherND: gradients (none in stock tfjs), including an index summed inside a single operand", async () => {
  const cases: Array<[string, number[][]]> = [["ij,jk->ik", [[3, 4], [4, 2]]], ["ij,j->", [[3, 4], [4]]], ["ij->i", [[3, 4]]]];
  // (stock tf.einsum itself gives a wrong shape for "ij,k->ik", an index summed inside one operand of two: not tested)
  for (const backend of ["cpu", "wasm"]) {
    for (const [eq, shapes] of cases) {
      const others = shapes.slice(1).map((s, i) => t(s, 30 + i));
      const loss = (v: tf.Tensor) => tf.einsum(eq, v, ...others).square().sum() as tf.Scalar;
      const err = await fdError(backend, loss, t(shapes[0], 19), 1e-2);
      assert.ok(err < 3e-3, `${backend} einsum ${eq}: ${err}`);
    }
    const idx = tf.tensor2d([[0, 1], [2, 0], [0, 1]], [3, 2], "int32");
    const err = await fdError(backend, (v) => tf.gatherND(v, idx).square().sum() as tf.Scalar, t([3, 2], 20), 1e-2);
    assert.ok(err < 3e-3, `${backend} gatherND: ${err}`);
  }
});

test("sum and mean gradients (broadcast, no JS ones tensor): every axis set, keepDims, int32 input, on cpu and wasm", async () => {
  const x = t([3, 4, 5], 21);
  const cases: Array<[number | number[] | null, boolean]> = [[null, false], [0, false], [1, true], [[0, 2], false], [-1, true], [[0, 1, 2], true]];
  for (const backend of ["cpu", "wasm"]) {
    for (const [axis, keep] of cases) {
      for (const op of ["sum", "mean"] as const) {
        const f = (v: tf.Tensor) => (op === "sum" ? tf.sum(v, axis ?? undefined, keep) : tf.mean(v, axis ?? undefined, keep));
        const wShape = f(x).shape;
        const w = t(wShape, 22);
        const loss = (v: tf.Tensor) => f(v).mul(w).sum() as tf.Scalar;
        // the expected gradient by hand: w broadcast back over the reduced axes (÷ n for mean)
        const [got, want] = await runOn(backend, () => {
          const axes = axis === null ? [0, 1, 2] : tf.util.parseAxisParam(axis, x.shape);
          const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
          const n = axes.reduce((p, a) => p * x.shape[a], 1);
          return [tf.grad(loss)(x), tf.mul(tf.ones(x.shape), w.reshape(kept)).div(op === "mean" ? n : 1)];
        });
        assert.ok(relError(got, want) < 1e-6, `${op} axis ${JSON.stringify(axis)} keepDims ${keep} on ${backend}`);
      }
    }
    const [gi] = await runOn(backend, () => tf.grad((v: tf.Tensor) => tf.sum(v.toInt(), 0).toFloat().sum() as tf.Scalar)(x));
    assert.equal(gi.length, 60);
  }
});
