import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { ParamStore, splitHeads, mergeHeads, nn } from "../../../../lib/core";
import { Rng } from "../../../../lib/core/train/seed";

test("ParamStore: weights forked by name (creation order does not matter), counted, freed", () => {
  const a = new ParamStore(new Rng(7));
  const wa = a.weight("w", [4, 3]);
  a.weight("b", [3], "zeros");
  a.buffer("mean", [3], 0);
  const b = new ParamStore(new Rng(7));
  b.weight("b", [3], "zeros");
  const wb = b.weight("w", [4, 3]);
  assert.deepEqual(Array.from(wa.dataSync()), Array.from(wb.dataSync()));
  const bound = 1 / Math.sqrt(4);
  assert.ok(Array.from(wa.dataSync()).every((x) => Math.abs(x) <= bound), "torch default: U(±1/√fan_in)");
  assert.equal(a.count(), 15, "state is not counted");
  assert.deepEqual(Object.keys(a.trainable()), ["w", "b"]);
  assert.equal(a.get("mean").trainable, false);
  const before = tf.memory().numTensors;
  a.dispose();
  b.dispose();
  assert.equal(tf.memory().numTensors, before - 5);
});

test("ParamStore: duplicate or unknown names and bad shapes are errors", () => {
  const p = new ParamStore(new Rng(0));
  p.weight("w", [2, 2]);
  assert.throws(() => p.weight("w", [2, 2]), /parameter 'w' exists already/);
  assert.throws(() => p.get("v"), /no parameter 'v'; known: w/);
  assert.throws(() => p.weight("z", [2, 0]), /shape of positive integers/);
  assert.throws(() => p.weight("c", [2], () => tf.zeros([3])), /returned shape \[3\], expected \[2\]/);
  const t = p.weight("t", [1000], "trunc02");
  assert.ok(Array.from(t.dataSync()).every((x) => Math.abs(x) <= 0.04));
  p.dispose();
});

test("splitHeads / mergeHeads are inverse; linear is one matmul over the last axis", () => {
  const x = tf.range(0, 2 * 3 * 8).reshape([2, 3, 8]);
  const h = splitHeads(x, 4);
  assert.deepEqual(h.shape, [2, 4, 3, 2]);
  // head 1 of token 0 holds channels 2..3
  assert.deepEqual(Array.from(h.slice([0, 1, 0, 0], [1, 1, 1, 2]).dataSync()), [2, 3]);
  assert.deepEqual(Array.from(mergeHeads(h).dataSync()), Array.from(x.dataSync()));
  assert.throws(() => splitHeads(x, 3), /8 channels do not split into 3 heads/);
  const y = nn.linear(x, tf.ones([8, 2]));
  assert.deepEqual(y.shape, [2, 3, 2]);
  assert.equal(y.dataSync()[0], 0 + 1 + 2 + 3 + 4 + 5 + 6 + 7);
});
