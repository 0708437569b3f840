import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { lifMultiStep, lifMultiStepComposite, spike, spikeAtan, spikeRect, spikeSigmoid, type LifOptions } from "../../../../lib/core/train/spike";
import { TEST_BACKENDS, useBackend } from "./backends";

const TOL = 1e-6; // relative, float32 vs float64 hand formulas

const xs = [-2, -0.6, -0.4, -0.1, 0, 0.1, 0.4, 0.6, 2];
const sig = (z: number) => 1 / (1 + Math.exp(-z));
const hand = {
  sigmoid: (x: number, a: number) => a * sig(a * x) * (1 - sig(a * x)),
  atan: (x: number, a: number) => a / 2 / (1 + ((Math.PI * a * x) / 2) ** 2),
  rect: (x: number, a: number) => (Math.abs(x) < a / 2 ? 1 / a : 0),
};

for (const backend of TEST_BACKENDS) {
  test(`spike: Heaviside forward, hand-derived surrogate gradients [${backend}]`, async () => {
    await useBackend(backend);
    const x = tf.tensor1d(xs);
    const fwd = await spike(x).data();
    assert.deepEqual(Array.from(fwd), xs.map((v) => (v >= 0 ? 1 : 0)));
    const cases = [
      ["sigmoid", 4, (t: tf.Tensor) => spikeSigmoid(t)],
      ["sigmoid", 2.5, (t: tf.Tensor) => spikeSigmoid(t, 2.5)],
      ["atan", 2, (t: tf.Tensor) => spikeAtan(t)],
      ["rect", 1, (t: tf.Tensor) => spikeRect(t)],
      ["rect", 0.5, (t: tf.Tensor) => spike(t, "rect", 0.5)],
    ] as const;
    for (const [kind, a, f] of cases) {
      const dy = tf.tensor1d(xs.map((_, i) => i + 1)); // non-uniform upstream gradient
      const g = await tf.grad((t: tf.Tensor) => tf.sum(tf.mul(f(t), dy)))(x).data();
      xs.forEach((v, i) => {
        const want = (i + 1) * hand[kind](v, a);
        assert.ok(Math.abs(g[i] - want) <= TOL * (1 + Math.abs(want)), `${kind} α=${a} x=${v}: ${g[i]} vs ${want}`);
      });
      dy.dispose();
    }
    // the surrogate integrates to ~1 (it replaces δ): check the sigmoid one numerically
    const grid = tf.linspace(-10, 10, 20001);
    const gi = Array.from(await tf.grad((t: tf.Tensor) => tf.sum(spikeSigmoid(t)))(grid).data());
    const integral = gi.reduce((s, v) => s + v, 0) * (20 / 20000);
    assert.ok(Math.abs(integral - 1) < 1e-3, `integral ${integral}`);
    tf.dispose([x, grid]);
  });
}

for (const backend of TEST_BACKENDS) {
  test(`lifMultiStep: hand-computed spike train; fused kernels equal the step-by-step tf-ops neuron, values and BPTT gradient [${backend}]`, async () => {
    await useBackend(backend);
    // x = 1.5, τ 2, V_th 1: h = 0.75, 1.125 (spike, reset 0), 0.75, 1.125 (spike)
    assert.deepEqual(Array.from(lifMultiStep(tf.fill([4, 1], 1.5), 4).dataSync()), [0, 1, 0, 1]);
    const opts: LifOptions[] = [{}, { reset: "soft" }, { vReset: -0.5, tau: 4, surrogate: "atan" }, { reset: "soft", vth: 0.5, surrogate: "rect" }];
    for (const [T, shape] of [[3, [15, 7]], [4, [32, 6, 2]], [1, [8, 4]]] as const) {
      for (const o of opts) {
        const n = shape.reduce((a, b) => a * b, 1);
        const u = tf.tensor(Array.from({ length: n }, (_, i) => Math.sin(i * 1.7) * 2 + 0.8), [...shape]);
        const w = tf.tensor(Array.from({ length: n }, (_, i) => Math.cos(i * 0.3)), [...shape]);
        const run = (f: typeof lifMultiStep) => {
          const s = f(u, T, o);
          const g = tf.grad((x: tf.Tensor) => f(x, T, o).mul(w).sum())(u);
          return [Array.from(s.dataSync()), Array.from(g.dataSync())];
        };
        const [sf, gf] = run(lifMultiStep);
        const [sc, gc] = run(lifMultiStepComposite);
        assert.deepEqual(sf, sc, `spikes T=${T} ${JSON.stringify(o)}`);
        const scale = Math.max(...gc.map(Math.abs), 1e-12);
        const err = Math.max(...gf.map((v, i) => Math.abs(v - gc[i]))) / scale;
        assert.ok(err < 1e-5, `gradient T=${T} ${JSON.stringify(o)}: rel err ${err}`);
        assert.ok(gc.some((v) => v !== 0), "the reference gradient is not all zero");
      }
    }
    assert.throws(() => lifMultiStep(tf.zeros([5, 2]), 2), /T·B with T = 2/);
  });
}

/**
 * Hand LIF in float64 with the spike pattern held fixed: the membrane h[t] as a function of τ. The surrogate τ
 * gradient of Σ w·s is exactly d/dτ Σ_t w[t]·g'(h₀[t] − V_th)·h[t](τ) with the spikes (which the reset detaches) fixed
 * at their τ₀ values, so central differences of that sum check it.
 */
function handMembrane(u: number[], T: number, tau: number, o: { vth: number; vReset: number; soft: boolean }, fixed?: number[]): { h: number[]; s: number[] } {
  const N = u.length / T;
  const h = new Array<number>(u.length), s = new Array<number>(u.length);
  for (let j = 0; j < N; j++) {
    let v = 0;
    for (let t = 0; t < T; t++) {
      const p = t * N + j;
      h[p] = v + (u[p] - v) / tau;
      s[p] = fixed ? fixed[p] : h[p] >= o.vth ? 1 : 0;
      v = o.soft ? h[p] - o.vth * s[p] : h[p] * (1 - s[p]) + o.vReset * s[p];
    }
  }
  return { h, s };
}

for (const backend of TEST_BACKENDS) {
  test(`lifMultiStep: a learnable τ (scalar tensor) gets the finite-difference gradient and the composite's; number τ unchanged [${backend}]`, async () => {
    await useBackend(backend);
    const T = 6, N = 8; // N % 4 = 0: the SIMD kernels on wasm
    const u = Array.from({ length: T * N }, (_, i) => 1.3 * Math.sin(i * 0.77) + 0.9);
    const w = Array.from({ length: T * N }, (_, i) => Math.cos(i * 0.41));
    const cases: { tau: number; o: LifOptions; soft: boolean; vReset: number; vth: number }[] = [
      { tau: 2.5, o: { surrogate: "atan" }, soft: false, vReset: 0, vth: 1 },
      { tau: 1.7, o: { surrogate: "sigmoid", reset: "soft", vth: 0.8 }, soft: true, vReset: 0, vth: 0.8 },
      { tau: 3.2, o: { surrogate: "rect", alpha: 2, vReset: -0.3 }, soft: false, vReset: -0.3, vth: 1 },
    ];
    for (const c of cases) {
      const uT = tf.tensor2d(u, [T, N]), wT = tf.tensor2d(w, [T, N]);
      const gradOf = (f: typeof lifMultiStep) => {
        const [gu, gt] = tf.grads((x: tf.Tensor, t: tf.Tensor) => f(x, T, { ...c.o, tau: t }).mul(wT).sum())([uT, tf.scalar(c.tau)]);
        return { gu: Array.from(gu.dataSync()), gt: gt.dataSync()[0], rank: gt.rank };
      };
      const fused = gradOf(lifMultiStep), comp = gradOf(lifMultiStepComposite);
      // finite differences of the surrogate-weighted membrane with the τ₀ spikes fixed
      const ref = { vth: c.vth, vReset: c.vReset, soft: c.soft };
      const h0 = handMembrane(u, T, c.tau, ref);
      assert.ok(h0.h.every((h) => Math.abs(h - c.vth) > 1e-3), "no membrane within 1e-3 of threshold (float32 and float64 spike alike)");
      assert.deepEqual(Array.from(lifMultiStep(uT, T, { ...c.o, tau: tf.scalar(c.tau) }).dataSync()), h0.s, "spikes with a tensor τ");
      const kind = c.o.surrogate ?? "sigmoid", a = c.o.alpha ?? { sigmoid: 4, atan: 2, rect: 1 }[kind];
      const sg = h0.h.map((h) => hand[kind](h - c.vth, a));
      const G = (tau: number) => handMembrane(u, T, tau, ref, h0.s).h.reduce((acc, h, p) => acc + w[p] * sg[p] * h, 0);
      const eps = 1e-5, fd = (G(c.tau + eps) - G(c.tau - eps)) / (2 * eps);
      assert.ok(Math.abs(fd) > 1e-3, `the τ gradient is not trivially zero (${fd})`);
      assert.ok(Math.abs(fused.gt - fd) <= 1e-4 * (1 + Math.abs(fd)), `τ=${c.tau} ${JSON.stringify(c.o)}: fused ∂τ ${fused.gt} vs finite differences ${fd}`);
      assert.ok(Math.abs(comp.gt - fd) <= 1e-4 * (1 + Math.abs(fd)), `composite ∂τ ${comp.gt} vs finite differences ${fd}`);
      assert.equal(fused.rank, 0, "∂τ has τ's shape");
      // ∂u with a tensor τ equals ∂u with the same number τ (the existing path)
      const gNum = Array.from(tf.grad((x: tf.Tensor) => lifMultiStep(x, T, { ...c.o, tau: c.tau }).mul(wT).sum())(uT).dataSync());
      const scale = Math.max(...gNum.map(Math.abs));
      assert.ok(Math.max(...fused.gu.map((g, i) => Math.abs(g - gNum[i]))) <= 1e-5 * scale, "∂u unchanged by a tensor τ");
      assert.ok(Math.max(...comp.gu.map((g, i) => Math.abs(g - gNum[i]))) <= 1e-5 * scale, "composite ∂u equals the fused one");
      tf.dispose([uT, wT]);
    }
    assert.throws(() => lifMultiStep(tf.ones([4, 4]), 2, { tau: tf.tensor1d([2, 3]) }), /scalar tensor/);
    assert.throws(() => lifMultiStep(tf.ones([4, 4]), 2, { tau: tf.scalar(-1) }), /tau must be positive/);
  });
}
