import { before, test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../../lib/core/backend";
import { attentionMap, MIN_LOG_DECAY, scanChunked, scanRecurrent } from "../../../../lib/papers/metala/recurrence";
import { Rng } from "../../../../lib/core/train/seed";

before(async () => {
  await initBackend({ backend: "wasm" });
});

function rand(shape: number[], r: Rng, lo = -1, hi = 1): tf.Tensor {
  return tf.tensor(r.floats(shape.reduce((a, b) => a * b, 1), (x) => x.uniform(lo, hi)), shape);
}
const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

test("chunked form equals the recurrence to 1e-5 (several T, chunk sizes, strong and weak decays)", () => {
  const r = new Rng(1);
  for (const [T, chunk, lo] of [[16, 16, -0.3], [37, 8, -1], [32, 16, MIN_LOG_DECAY], [20, 64, -0.05], [33, 4, -2]] as const) {
    const q = rand([2, 3, T, 4], r), k = rand([2, 3, T, 4], r), v = rand([2, 3, T, 5], r);
    const logA = rand([2, 3, T, 4], r, lo, 0);
    const ref = scanRecurrent(q, k, logA, v).o;
    const got = scanChunked(q, k, logA, v, chunk);
    assert.deepEqual(got.shape, [2, 3, T, 5]);
    const err = maxAbsDiff(ref, got);
    assert.ok(err < 1e-5, `T=${T} chunk=${chunk} min ℓ=${lo}: max |chunked − recurrent| = ${err}`);
    const A = attentionMap(q, k, logA);
    const err2 = maxAbsDiff(tf.matMul(A, v), ref);
    assert.ok(err2 < 1e-5, `attention map × v vs recurrence: ${err2}`);
    tf.dispose([q, k, v, logA, ref, got, A]);
  }
});

test("gradients of the chunked form equal the recurrence's (1e-4)", () => {
  const r = new Rng(2);
  const q = rand([1, 2, 19, 3], r), k = rand([1, 2, 19, 3], r), v = rand([1, 2, 19, 2], r), l = rand([1, 2, 19, 3], r, -1, 0);
  const w = rand([1, 2, 19, 2], r);
  const g1 = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor, e: tf.Tensor) => tf.sum(tf.mul(scanRecurrent(a, b, c, e).o, w)))([q, k, l, v]);
  const g2 = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor, e: tf.Tensor) => tf.sum(tf.mul(scanChunked(a, b, c, e, 8), w)))([q, k, l, v]);
  g1.forEach((g, i) => assert.ok(maxAbsDiff(g, g2[i]) < 1e-4, `gradient ${i}: ${maxAbsDiff(g, g2[i])}`));
});

test("causality: perturbing token t changes no output before t", () => {
  const r = new Rng(3);
  const T = 24, t0 = 13;
  const q = rand([1, 2, T, 4], r), k = rand([1, 2, T, 4], r), v = rand([1, 2, T, 4], r), l = rand([1, 2, T, 4], r, -1, 0);
  const bump = tf.tidy(() => tf.mul(tf.oneHot([t0], T).reshape([1, 1, T, 1]), 5));
  const o1 = scanChunked(q, k, l, v, 8);
  const o2 = scanChunked(tf.add(q, bump), tf.add(k, bump), tf.sub(l, bump), tf.add(v, bump), 8);
  const d = tf.tidy(() => tf.max(tf.abs(tf.sub(o1, o2)), [0, 1, 3]).arraySync() as number[]);
  for (let t = 0; t < t0; t++) assert.equal(d[t], 0, `output ${t} moved by ${d[t]}`);
  assert.ok(d[t0] > 1e-3, "the perturbed token's own output must move");
});

test("bad shapes are refused with the expected layout", () => {
  assert.throws(() => scanChunked(tf.zeros([2, 3, 4]), tf.zeros([2, 3, 4]), tf.zeros([2, 3, 4]), tf.zeros([2, 3, 4])), /rank 4 \[B,H,T,dk\]/);
  assert.throws(() => scanChunked(tf.zeros([1, 1, 4, 2]), tf.zeros([1, 1, 4, 3]), tf.zeros([1, 1, 4, 2]), tf.zeros([1, 1, 4, 2])), /k must have q's shape/);
});
