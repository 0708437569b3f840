/** Test fixture: a seeded linear-regression problem and a 2-layer MLP trained on it. */
import * as tf from "@tensorflow/tfjs";
import { Rng, seed, rng } from "../../../../lib/core/train/seed";
import { glorotUniform, param } from "../../../../lib/core/train/init";
import { batchIndices } from "../../../../lib/core/train/seed";

/** A dataset as plain arrays: X [n, d], y [n]. */
export interface Problem {
  X: Float32Array;
  y: Float32Array;
  n: number;
  d: number;
}

/** y = X·w* + 0.1·noise, with X, w*, noise drawn from `r`. */
export function makeProblem(r: Rng, n = 64, d = 4): Problem {
  const w = Array.from({ length: d }, () => r.normal());
  const X = r.floats(n * d, (g) => g.normal());
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += X[i * d + j] * w[j];
    y[i] = s + 0.1 * r.normal();
  }
  return { X, y, n, d };
}

/** Model weights, named for checkpoints. */
export type Mlp = Record<"w1" | "b1" | "w2" | "b2", tf.Variable>;

/** A d → 8 → 1 tanh MLP initialised from the global seeded stream. */
export function makeMlp(d: number): Mlp {
  return {
    w1: param([d, 8], glorotUniform),
    b1: tf.variable(tf.zeros([8])),
    w2: param([8, 1], glorotUniform),
    b2: tf.variable(tf.zeros([1])),
  };
}

/** MSE of the MLP on a batch. */
export function mlpLoss(m: Mlp, b: { x: tf.Tensor2D; y: tf.Tensor1D }): tf.Scalar {
  const h = tf.tanh(tf.add(tf.matMul(b.x, m.w1), m.b1)); // [B, 8]
  const out = tf.reshape(tf.add(tf.matMul(h, m.w2), m.b2), [-1]); // [B]
  return tf.mean(tf.square(tf.sub(out, b.y)));
}

/** Shuffled mini-batches of one epoch; tensors are created while iterating (the loop frees them). */
export function* batches(p: Problem, size: number, r: Rng): Generator<{ x: tf.Tensor2D; y: tf.Tensor1D }> {
  for (const idx of batchIndices(p.n, size, { rng: r })) {
    const x = new Float32Array(idx.length * p.d);
    const y = new Float32Array(idx.length);
    idx.forEach((k, i) => {
      x.set(p.X.subarray(k * p.d, (k + 1) * p.d), i * p.d);
      y[i] = p.y[k];
    });
    yield { x: tf.tensor2d(x, [idx.length, p.d]), y: tf.tensor1d(y) };
  }
}

/** Seeds, builds problem, model and per-epoch shuffling stream in the order an experiment would. */
export function setup(s: number, n = 64): { p: Problem; m: Mlp; shuffle: (epoch: number) => Rng } {
  seed(s);
  const p = makeProblem(rng().fork("data"), n);
  const m = makeMlp(p.d);
  const base = rng().fork("shuffle");
  return { p, m, shuffle: (epoch) => base.fork(epoch) };
}

/** Disposes the model's variables. */
export function disposeMlp(m: Mlp): void {
  tf.dispose(Object.values(m));
}
