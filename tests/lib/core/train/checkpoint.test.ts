import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import { saveCheckpoint, loadCheckpoint, readCheckpoint } from "../../../../lib/core/train/checkpoint";
import { train } from "../../../../lib/core/train/loop";
import { adamw } from "../../../../lib/core/train/optim/adamw";
import { lamb } from "../../../../lib/core/train/optim/lamb";
import { TEST_BACKENDS, useBackend } from "./backends";
import { batches, disposeMlp, Mlp, mlpLoss, setup } from "./fixture";

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "paperlab-ckpt-"));
}

const values = (m: Mlp) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, Array.from(v.dataSync())]));

for (const backend of TEST_BACKENDS) {
  test(`checkpoint round trip: weights (float32 + int32), manifest, errors [${backend}]`, async () => {
    await useBackend(backend);
    const dir = tmpDir();
    const a = tf.variable(tf.tensor2d([[1.5, -2], [3.25, 1e-7]]));
    const k = tf.variable(tf.tensor1d([7, -3], "int32"));
    const man = await saveCheckpoint(dir, { variables: { a, k }, step: 12, epoch: 2, meta: { note: "x" } });
    assert.deepEqual(man.weights.map((w) => [w.name, w.dtype, w.offset, w.byteLength]), [["a", "float32", 0, 16], ["k", "int32", 16, 8]]);
    assert.equal(fs.statSync(path.join(dir, "weights.bin")).size, 24);
    const a2 = tf.variable(tf.zeros([2, 2]));
    const k2 = tf.variable(tf.zeros([2], "int32"));
    const before = tf.memory().numTensors;
    const back = await loadCheckpoint(dir, { variables: { a: a2, k: k2 } });
    assert.equal(tf.memory().numTensors, before, "loading leaves no tensors behind");
    assert.deepEqual(Array.from(a2.dataSync()), Array.from(a.dataSync()));
    assert.deepEqual(Array.from(k2.dataSync()), [7, -3]);
    assert.equal(back.step, 12);
    assert.deepEqual(back.meta, { note: "x" });
    await assert.rejects(loadCheckpoint(dir, { variables: { b: a2 } }), /no saved weight for b; the file holds a, k/);
    await assert.rejects(loadCheckpoint(dir, { variables: { a: k2, k: a2 } }), /weight "a" has shape \[2,2\] in the file but the variable is \[2\]/);
    await loadCheckpoint(dir, { variables: [a2, k2], match: "order" });
    await assert.rejects(loadCheckpoint(path.join(dir, "none")), /manifest.json not found/);
    fs.writeFileSync(path.join(dir, "weights.bin"), Buffer.alloc(10));
    await assert.rejects(readCheckpoint(dir), /has 10 bytes, the manifest says 24/);
    tf.dispose([a, k, a2, k2]);
    fs.rmSync(dir, { recursive: true });
  });
}

test("saved on wasm, loaded on cpu: identical values", async () => {
  await useBackend("wasm");
  const dir = tmpDir();
  const { m } = setup(3);
  await saveCheckpoint(dir, { variables: m });
  const want = values(m);
  disposeMlp(m);
  await useBackend("cpu");
  const { m: m2 } = setup(4);
  await loadCheckpoint(dir, { variables: m2 });
  assert.deepEqual(values(m2), want);
  disposeMlp(m2);
  fs.rmSync(dir, { recursive: true });
});

for (const [name, makeOpt] of [
  ["AdamW", () => adamw({ learningRate: 0.02, weightDecay: 0.1 })],
  ["LAMB", () => lamb({ learningRate: 0.02, weightDecay: 0.1 })],
  ["tf.train.adam", () => tf.train.adam(0.02)],
] as const) {
  test(`train 4 epochs == train 2, checkpoint, resume in fresh variables for 2 more (${name}, wasm, bit-identical)`, async () => {
    await useBackend("wasm");
    const straight = setup(11);
    const o1 = makeOpt();
    const full = await train({
      data: (e) => batches(straight.p, 16, straight.shuffle(e)),
      loss: (b) => mlpLoss(straight.m, b),
      optimizer: o1, variables: straight.m, epochs: 4, progress: "none",
    });
    const want = values(straight.m);
    disposeMlp(straight.m);
    o1.dispose();

    const dir = tmpDir();
    const first = setup(11);
    const o2 = makeOpt();
    await train({
      data: (e) => batches(first.p, 16, first.shuffle(e)),
      loss: (b) => mlpLoss(first.m, b),
      optimizer: o2, variables: first.m, epochs: 2, checkpoint: { dir }, progress: "none",
    });
    disposeMlp(first.m);
    o2.dispose();

    const data = setup(11); // the data and batch order of seed 11
    disposeMlp(data.m);
    const second = setup(999); // a different init: the weights must come from the checkpoint
    const o3 = makeOpt();
    const rest = await train({
      data: (e) => batches(data.p, 16, data.shuffle(e)),
      loss: (b) => mlpLoss(second.m, b),
      optimizer: o3, variables: second.m, epochs: 4, resume: dir, progress: "none",
    });
    assert.equal(rest.epochs.length, 4);
    assert.equal(rest.history[0].epoch, 2);
    assert.equal(rest.steps, full.steps);
    assert.deepEqual(rest.history.map((h) => h.loss), full.history.slice(8).map((h) => h.loss));
    assert.deepEqual(values(second.m), want);
    disposeMlp(second.m);
    o3.dispose();
    fs.rmSync(dir, { recursive: true });
  });
}
