import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { causalConv, leakyReadout, lif, readoutWeights, squeezeExcite, toTimeMajor } from "../../../../lib/papers/mfsnn/layers";
import { ParamStore } from "../../../../lib/core/nn/params";
import { initSE } from "../../../../lib/papers/mfsnn/layers";
import { Rng } from "../../../../lib/core/train/seed";
import { TEST_BACKENDS, useBackend } from "../../core/train/backends";

for (const backend of TEST_BACKENDS) {
  test(`LIF (τ 2, V_th 1, hard reset, ATan): a hand-computed trace [${backend}]`, async () => {
    await useBackend(backend);
    // one neuron, inputs 1.2, 1.2, 0, 3, 0.5: h = 0.6; 0.9; 0.45; 1.725 → spike, v = 0; 0.25
    const x = tf.tensor2d([1.2, 1.2, 0, 3, 0.5], [5, 1]);
    assert.deepEqual(Array.from(lif(x, 5, { tau: 2, surrogate: "atan" }).dataSync()), [0, 0, 0, 1, 0]);
    // τ 4: h = 0.3, 0.525, 0.39375, 1.0453 → spike; 0.125
    assert.deepEqual(Array.from(lif(x, 5, { tau: 4, surrogate: "atan" }).dataSync()), [0, 0, 0, 1, 0]);
    // ATan surrogate at the last step: ∂s₄/∂x₄ = (1/τ)·g'(0.25 − 1), g'(u) = 1 / (1 + (π u)²) for α = 2
    const g = tf.grad((u: tf.Tensor) => tf.sum(tf.mul(lif(u, 5, { tau: 2, surrogate: "atan" }), tf.tensor2d([0, 0, 0, 0, 1], [5, 1]))))(x).dataSync();
    assert.ok(Math.abs(g[4] - 0.5 / (1 + (Math.PI * -0.75) ** 2)) < 1e-6, `∂s₄/∂x₄ ${g[4]}`);
    x.dispose();
  });

  test(`causal dilated conv: causal, receptive fields 3/5/9 bins for d = 1/2/4, equal to the direct sum [${backend}]`, async () => {
    await useBackend(backend);
    const T = 12, B = 2, F = 3, k = 3;
    const r = new Rng(1);
    const w = tf.tensor2d(Array.from({ length: k * F * 2 }, () => r.uniform(0.5, 1)), [k * F, 2]); // positive weights: no cancellation
    for (const [d, rf] of [[1, 3], [2, 5], [4, 9]]) {
      for (const t0 of [0, 5]) {
        // impulse at time t0, batch element 1, feature 0
        const x = tf.buffer([T * B, F]);
        x.set(1, t0 * B + 1, 0);
        const y = causalConv(x.toTensor(), T, w, null, k, d).dataSync();
        const touched = Array.from({ length: T }, (_, t) => t).filter((t) => Math.abs(y[(t * B + 1) * 2]) > 0);
        const expect = [0, 1, 2].map((j) => t0 + j * d).filter((t) => t < T);
        assert.deepEqual(touched, expect, `d=${d}: an input at t=${t0} reaches exactly t0 + j·d`);
        assert.ok(Array.from({ length: T }, (_, t) => y[(t * B + 0) * 2]).every((v) => v === 0), "no leak across the batch");
        assert.equal((k - 1) * d + 1, rf);
      }
      // against the direct formula y[t] = Σ_j W_j x[t − (k−1−j)d]
      const xs = Array.from({ length: T * B * F }, () => r.normal());
      const yc = causalConv(tf.tensor2d(xs, [T * B, F]), T, w, tf.tensor1d([0.1, -0.2]), k, d).dataSync();
      const W = w.arraySync();
      for (let t = 0; t < T; t++) for (let b = 0; b < B; b++) for (let o = 0; o < 2; o++) {
        let s = o === 0 ? 0.1 : -0.2;
        for (let j = 0; j < k; j++) {
          const ti = t - (k - 1 - j) * d;
          if (ti >= 0) for (let f = 0; f < F; f++) s += W[j * F + f][o] * xs[(ti * B + b) * F + f];
        }
        assert.ok(Math.abs(yc[(t * B + b) * 2 + o] - s) < 1e-5, `d=${d} t=${t} b=${b} o=${o}: ${yc[(t * B + b) * 2 + o]} vs ${s}`);
      }
    }
    w.dispose();
  });

  test(`leaky-integrator readout: time-mean of the membrane equals Σ_s w_s·I_s [${backend}]`, async () => {
    await useBackend(backend);
    const T = 7, B = 3, K = 4, tauR = 2.5;
    const r = new Rng(2);
    const I = Array.from({ length: T * B * K }, () => r.normal());
    const got = leakyReadout(tf.tensor2d(I, [T * B, K]), T, tauR).arraySync();
    for (let b = 0; b < B; b++) for (let c = 0; c < K; c++) {
      let m = 0, acc = 0; // the recurrence m[t] = m[t−1] + (I[t] − m[t−1])/τ_r, m[−1] = 0
      for (let t = 0; t < T; t++) {
        m += (I[(t * B + b) * K + c] - m) / tauR;
        acc += m / T;
      }
      assert.ok(Math.abs(got[b][c] - acc) < 1e-5, `b=${b} c=${c}: ${got[b][c]} vs ${acc}`);
    }
    const w = readoutWeights(T, tauR);
    assert.ok(w[0] > w[T - 1], "early currents weigh more (they are integrated longer)");
    assert.ok(Math.abs(w[T - 1] - 1 / (tauR * T)) < 1e-7, "the last step enters once, scaled by 1/τ_r");
  });
}

test("squeeze-excitation gates in (0, 1) per trial and feature; toTimeMajor checks [B, T, C]", async () => {
  await useBackend("wasm");
  const p = new ParamStore(new Rng(3), "t");
  initSE(p, "se", 8, 4);
  const x = tf.randomNormal([5 * 2, 8], 0, 1, "float32", 4);
  const { y, gate } = squeezeExcite(p, "se", x, 5);
  assert.deepEqual(gate.shape, [2, 8]);
  assert.ok(Array.from(gate.dataSync()).every((g) => g > 0 && g < 1));
  const ya = y.arraySync(), xa = (x as tf.Tensor2D).arraySync(), ga = gate.arraySync();
  assert.ok(Math.abs(ya[3 * 2 + 1][5] - xa[3 * 2 + 1][5] * ga[1][5]) < 1e-6, "x'[t, b, f] = x[t, b, f]·s[b, f]");
  assert.deepEqual(toTimeMajor(tf.zeros([2, 5, 8]), 5, 8).shape, [10, 8]);
  assert.throws(() => toTimeMajor(tf.zeros([5, 8]), 5, 8), /must be spike features \[B, T, C\] = \[B, 5, 8\], got \[5,8\]/);
  assert.throws(() => toTimeMajor(tf.zeros([2, 8, 5]), 5, 8), /got \[2,8,5\]/);
  p.dispose();
});
