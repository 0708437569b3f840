import { test, before } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../../lib/core/backend";
import { DEFAULT_CONVENTION, LARGE_CONVENTION, ilifMultiStep, lifMultiStep, quantize, softResetIfCount } from "../../../../lib/papers/sdt-v3/neurons";
import { sdtMessages } from "../../../../lib/papers/sdt-v3/messages";

before(async () => {
  await initBackend({ backend: "wasm" });
});

const U = [-1.3, -0.2, 0, 0.3, 0.5, 1.5, 2.5, 2.6, 3.49, 4, 4.2, 7];

test("quantizer forward: round(clip(u, 0, D)) / D in both rounding conventions", () => {
  const u = tf.tensor1d(U);
  // half-even (torch.round, the default): 0.5 → 0, 1.5 → 2, 2.5 → 2
  assert.deepEqual(Array.from(quantize(u, 4).mul(4).round().dataSync()), [0, 0, 0, 0, 0, 2, 2, 3, 3, 4, 4, 4]);
  // half-up (floor(u + 0.5), the large/MAE code): 0.5 → 1, 2.5 → 3
  assert.deepEqual(Array.from(quantize(u, 4, 4, LARGE_CONVENTION).mul(4).round().dataSync()), [0, 0, 0, 0, 1, 2, 3, 3, 3, 4, 4, 4]);
  // normalised output lies in {0, 1/D, ..., 1}; the head neuron (norm 1) emits the integers
  const y = quantize(u, 4).dataSync();
  assert.ok(Array.from(y).every((v) => v >= 0 && v <= 1 && Math.abs(v * 4 - Math.round(v * 4)) < 1e-6));
  assert.equal(quantize(tf.scalar(3.2), 4, 1).dataSync()[0], 3);
  assert.throws(() => quantize(u, 0), { message: sdtMessages.badLevels(0) });
  assert.throws(() => quantize(u, 2.5), /integer ≥ 1/);
});

test("quantizer gradient: clipped STE, 1/D inside the window, 0 outside; window ends per convention", () => {
  const u = tf.tensor1d([-0.5, 0, 1.2, 4, 4.5]);
  const gClosed = tf.grad((x: tf.Tensor) => quantize(x, 4).sum())(u).dataSync();
  assert.deepEqual(Array.from(gClosed), [0, 0.25, 0.25, 0.25, 0]); // 0 ≤ u ≤ D
  const gOpen = tf.grad((x: tf.Tensor) => quantize(x, 4, 4, LARGE_CONVENTION).sum())(u).dataSync();
  assert.deepEqual(Array.from(gOpen), [0, 0, 0.25, 0, 0]); // 0 < u < D
  const gHead = tf.grad((x: tf.Tensor) => quantize(x, 4, 1).sum())(u).dataSync();
  assert.deepEqual(Array.from(gHead), [0, 1, 1, 1, 0]);
  // upstream gradient is scaled, not replaced
  const g2 = tf.grad((x: tf.Tensor) => quantize(x, 8).mul(tf.tensor1d([1, 2, 3, 4, 5])).sum())(u).dataSync();
  assert.deepEqual(Array.from(g2), [0, 2 / 8, 3 / 8, 4 / 8, 5 / 8]); // D = 8: 4.5 is inside the window
  assert.deepEqual(DEFAULT_CONVENTION, { rounding: "half-even", window: "closed" });
});

test("I-LIF integer = spike count of a soft-reset IF neuron over D virtual steps", () => {
  for (const D of [1, 2, 4, 8]) {
    // avoid exact halves, where round-half-even and the IF count (ties up) differ by convention
    const u = Array.from({ length: 400 }, (_, i) => -1 + (i * (D + 2)) / 400 + 1e-3);
    const q = quantize(tf.tensor1d(u), D, 1).dataSync();
    u.forEach((ui, i) => assert.equal(q[i], softResetIfCount(ui, D), `D=${D} u=${ui}`));
  }
  // at exact halves the IF count rounds up, which is the half-up convention
  const halves = [0.5, 1.5, 2.5, 3.5];
  const up = quantize(tf.tensor1d(halves), 4, 1, LARGE_CONVENTION).dataSync();
  halves.forEach((h, i) => assert.equal(up[i], softResetIfCount(h, 4)));
});

test("multi-step I-LIF: leak 0.25 and soft reset by the fired integer (hand-computed)", () => {
  // one neuron, T = 3, constant drive 1.3, D = 4: v1 = 1.3 → s1 = 1; v2 = 0.25·(1.3 − 1) + 1.3 = 1.375 → 1;
  // v3 = 0.25·(1.375 − 1) + 1.3 = 1.39375 → 1. Drive 2.9: v1 = 2.9 → 3; v2 = 0.25·(−0.1) + 2.9 = 2.875 → 3
  const u = tf.tensor2d([[1.3, 2.9], [1.3, 2.9], [1.3, 2.9]]); // [T·B, 2], B = 1
  const s = ilifMultiStep(u, 3, 4, 0.25, 1).dataSync();
  assert.deepEqual(Array.from(s), [1, 3, 1, 3, 1, 3]);
  // large drive: v1 = 6 → 4, v2 = 0.25·2 + 6 = 6.5 → 4
  assert.deepEqual(Array.from(ilifMultiStep(tf.tensor2d([[6], [6]]), 2, 4, 0.25, 1).dataSync()), [4, 4]);
  // gradient flows through the charge path of step 2 back to step 1 (β), not through the detached reset
  const g = tf.grad((x: tf.Tensor) => ilifMultiStep(x, 2, 4, 0.25, 1).slice([1, 0], [1, 1]).sum())(tf.tensor2d([[1.3], [1.3]])).dataSync();
  assert.ok(Math.abs(g[0] - 0.25) < 1e-6 && Math.abs(g[1] - 1) < 1e-6, `got ${Array.from(g)}`);
});

test("binary LIF: τ = 2, threshold 1, hard reset; surrogate gradient flows through time", () => {
  // drive 1.2 each step: h1 = 0.6 (no spike), h2 = 0.6 + (1.2 − 0.6)/2 = 0.9, h3 = 1.05 → spike, then reset to 0
  const u = tf.tensor2d([[1.2], [1.2], [1.2], [1.2]]);
  assert.deepEqual(Array.from(lifMultiStep(u, 4).dataSync()), [0, 0, 1, 0]);
  const g = tf.grad((x: tf.Tensor) => lifMultiStep(x, 4).sum())(u).dataSync();
  assert.ok(g.every((v) => Number.isFinite(v)) && g[0] > 0 && g[2] > 0, `gradient ${Array.from(g)}`);
  assert.deepEqual(Array.from(lifMultiStep(tf.tensor1d([3, 1, 0.5]), 1).dataSync()), [1, 0, 0]);
});
