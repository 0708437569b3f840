import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { stopGradient, ste, clippedSte, roundSte, quantizeClipped } from "../../../../lib/core/train/ste";
import { TEST_BACKENDS, useBackend } from "./backends";

const TOL = 1e-6; // float32 tolerance for hand-derived gradients

function close(a: ArrayLike<number>, b: ArrayLike<number>, tol = TOL, what = ""): void {
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++) {
    assert.ok(Math.abs(a[i] - b[i]) <= tol * (1 + Math.abs(b[i])), `${what}[${i}]: ${a[i]} vs ${b[i]}`);
  }
}

/** Central finite difference of a scalar function of a 1-D input, in float64 via repeated float32 evals. */
function fd(f: (x: tf.Tensor) => tf.Scalar, x: number[], h = 1e-2): number[] {
  return x.map((_, i) => {
    const xp = [...x], xm = [...x];
    xp[i] += h;
    xm[i] -= h;
    const fp = tf.tidy(() => f(tf.tensor1d(xp)).dataSync()[0]);
    const fm = tf.tidy(() => f(tf.tensor1d(xm)).dataSync()[0]);
    return (fp - fm) / (2 * h);
  });
}

for (const backend of TEST_BACKENDS) {
  test(`stopGradient blocks the gradient, keeps the value [${backend}]`, async () => {
    await useBackend(backend);
    const x = tf.tensor1d([1, -2, 3]);
    // f = sum(x · sg(x)) → ∂f/∂x = sg(x) = x (the sg branch contributes nothing)
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(t, stopGradient(t))))(x);
    close(await g.data(), [1, -2, 3]);
    close(await stopGradient(x).data(), [1, -2, 3]);
    // compare to finite differences of the same function with sg replaced by a constant
    const fdg = fd((t) => tf.sum(tf.mul(t, tf.tensor1d([1, -2, 3]))), [1, -2, 3]);
    close(await g.data(), fdg, 1e-3);
    tf.dispose([x, g]);
  });

  test(`ste and roundSte pass the gradient straight through [${backend}]`, async () => {
    await useBackend(backend);
    const x = tf.tensor1d([0.2, 0.5, 1.49, -0.7]);
    const y = roundSte(x);
    close(await y.data(), [0, 1, 1, -1]);
    const w = tf.tensor1d([2, 3, 4, 5]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(roundSte(t), w)))(x);
    close(await g.data(), [2, 3, 4, 5]);
    const gs = tf.grad((t: tf.Tensor) => tf.sum(ste(t, tf.sign)))(x);
    close(await gs.data(), [1, 1, 1, 1]);
    const gc = tf.grad((t: tf.Tensor) => tf.sum(clippedSte(t, tf.sign, -1, 1)))(tf.tensor1d([-2, -0.5, 0.5, 1, 1.5]));
    close(await gc.data(), [0, 1, 1, 1, 0]);
    tf.dispose([x, y, w, g, gs, gc]);
  });

  test(`quantizeClipped: values round halves up, gradient 1[0≤u≤D]/D matches FD of clip(u,0,D)/D [${backend}]`, async () => {
    await useBackend(backend);
    const D = 4;
    const u = [-1, 0.3, 0.5, 1.5, 2.5, 3.7, 4.2, 6];
    const q = quantizeClipped(tf.tensor1d(u), D);
    close(await q.data(), [0, 0, 1, 2, 3, 4, 4, 4].map((k) => k / D));
    const qi = quantizeClipped(tf.tensor1d(u), D, { normalize: false });
    close(await qi.data(), [0, 0, 1, 2, 3, 4, 4, 4]);
    const w = [1, 2, 3, 4, 5, 6, 7, 8];
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(quantizeClipped(t, D), tf.tensor1d(w))))(tf.tensor1d(u));
    const hand = u.map((x, i) => (x >= 0 && x <= D ? w[i] / D : 0));
    close(await g.data(), hand);
    // away from the kinks (0 and D), the STE equals the derivative of the relaxation clip(u,0,D)/D
    const fdg = fd((t) => tf.sum(tf.mul(tf.div(tf.clipByValue(t, 0, D), D), tf.tensor1d(w))), u);
    close(await g.data(), fdg, 1e-3, "fd");
    tf.dispose([q, qi, g]);
    assert.throws(() => quantizeClipped(tf.tensor1d([1]), 0), /positive number of levels/);
  });
}
