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
