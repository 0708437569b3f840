import { before, test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../../lib/core/backend";
import { trainMqar, type RunSpec } from "../../../../lib/papers/metala/train";

before(async () => {
  await initBackend({ backend: "wasm" });
});

const spec: RunSpec = {
  task: { vocabSize: 32, seqLen: 16, numKvPairs: 2, numUpdates: 1 }, model: { mixer: "metala", d: 16 }, lr: 3e-3, steps: 6, batch: 4, evalEvery: 3,
  testSize: 16, seed: 4, weightDecay: 0.1, stopAt: 0.99,
};

test("an MQAR run is deterministic per seed, logs its curve, splits updated/kept keys and frees its tensors", async () => {
  const n0 = tf.memory().numTensors;
  const a = await trainMqar(spec);
  assert.equal(tf.memory().numTensors, n0, "no tensors left behind");
  const b = await trainMqar(spec);
  assert.deepEqual(a.curve, b.curve, "same seed, same backend → same numbers");
  assert.deepEqual(a.curve.map((c) => c.step), [3, 6]);
  assert.ok(a.curve.every((c) => Number.isFinite(c.loss) && c.acc >= 0 && c.acc <= 1));
  assert.ok(Number.isFinite(a.accUpdated) && Number.isFinite(a.accKept), "forgetting task: both splits measured");
  const c = await trainMqar({ ...spec, seed: 5 });
  assert.notDeepEqual(c.curve.map((x) => x.loss), a.curve.map((x) => x.loss), "another seed, other numbers");
});
