import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { spike, spikeAtan, spikeRect, spikeSigmoid } from "../../../../lib/core/train/spike";
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
