import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { train } from "../../../../lib/core/train/loop";
import { adamw } from "../../../../lib/core/train/optim/adamw";
import { warmupCosine } from "../../../../lib/core/train/schedule";
import { trainMessages } from "../../../../lib/core/train/messages";
import { seed, rng } from "../../../../lib/core/train/seed";
import { param, heNormal, glorotUniform } from "../../../../lib/core/train/init";
import { spikeAtan } from "../../../../lib/core/train/spike";
import { quantizeClipped, stopGradient } from "../../../../lib/core/train/ste";
import { useBackend } from "./backends";
import { batches, disposeMlp, mlpLoss, setup } from "./fixture";

async function losses(backend: "wasm" | "cpu", s: number): Promise<number[]> {
  await useBackend(backend);
  const { p, m, shuffle } = setup(s);
  const opt = adamw({ learningRate: warmupCosine({ peak: 0.05, warmupSteps: 2, totalSteps: 12 }) });
  const r = await train({
    data: (e) => batches(p, 16, shuffle(e)),
    loss: (b) => mlpLoss(m, b),
    optimizer: opt,
    variables: m,
    epochs: 3,
    progress: "none",
  });
  opt.dispose();
  disposeMlp(m);
  return r.history.map((h) => h.loss);
}

test("same seed, same backend → bit-identical losses over 12 steps (wasm, cpu); another seed differs", async () => {
  for (const b of ["wasm", "cpu"] as const) {
    const a = await losses(b, 7);
    const again = await losses(b, 7);
    assert.equal(a.length, 12);
    assert.deepEqual(again, a, `${b}: losses differ between two runs with seed 7`);
    assert.notDeepEqual(await losses(b, 8), a);
  }
});

test("no tensor leaks: tf.memory().numTensors is flat across steps; the loss goes down", async () => {
  await useBackend("wasm");
  const { p, m, shuffle } = setup(1, 128);
  const opt = adamw({ learningRate: 0.03 });
  const counts: number[] = [];
  const before = tf.memory().numTensors;
  const r = await train({
    data: (e) => batches(p, 16, shuffle(e)),
    loss: (b) => mlpLoss(m, b),
    optimizer: opt,
    epochs: 4,
    clipNorm: 10,
    evaluate: () => ({ valLoss: tf.tidy(() => mlpLoss(m, { x: tf.tensor2d(p.X, [p.n, p.d]), y: tf.tensor1d(p.y) }).dataSync()[0]) }),
    callbacks: { onStepEnd: () => void counts.push(tf.memory().numTensors) },
    progress: "none",
  });
  assert.equal(counts.length, 32);
  // the optimizer's moment variables appear at step 1; from then on the count must not move
  assert.ok(counts.slice(1).every((c) => c === counts[1]), `numTensors per step: ${counts.join(",")}`);
  assert.equal(counts[1] - before, 8, "exactly two moments per variable (4 variables) persist");
  assert.ok(r.epochs[3].loss < 0.5 * r.epochs[0].loss, `loss ${r.epochs[0].loss} → ${r.epochs[3].loss}`);
  assert.ok(r.epochs.every((e) => typeof e.valLoss === "number"));
  assert.ok(r.history.every((h) => typeof h.gradNorm === "number" && h.gradNorm > 0));
  assert.equal(r.info.backend, "wasm");
  opt.dispose();
  disposeMlp(m);
  assert.equal(tf.memory().numTensors, before - 4 + 0, "only the fixture's own variables were left, now disposed");
});

test("gradient clipping bounds the update (SGD, lr 1, clipNorm 0.5)", async () => {
  await useBackend("wasm");
  const w = tf.variable(tf.tensor1d([10, -10]));
  const r = await train({
    loss: () => tf.sum(tf.square(w)), // grad 2w, norm ≈ 28.3
    data: () => [0],
    optimizer: tf.train.sgd(1),
    clipNorm: 0.5,
    progress: "none",
  });
  const d = Array.from(w.dataSync());
  const moved = Math.hypot(d[0] - 10, d[1] + 10);
  assert.ok(Math.abs(moved - 0.5) < 1e-5, `update norm ${moved}`);
  assert.ok(Math.abs(r.history[0].gradNorm! - Math.hypot(20, 20)) < 1e-3);
  w.dispose();
});

test("early stopping on valLoss with patience 2 restores the best weights", async () => {
  await useBackend("wasm");
  const w = tf.variable(tf.tensor1d([1]));
  const seq = [1, 0.5, 0.6, 0.7, 0.4];
  const atEpoch: number[] = [];
  const r = await train({
    loss: () => tf.sum(tf.square(tf.sub(w, 3))),
    data: () => [0, 1],
    optimizer: tf.train.sgd(0.1),
    variables: [w],
    epochs: 5,
    evaluate: ({ epoch }) => ({ valLoss: seq[epoch] }),
    earlyStopping: { monitor: "valLoss", patience: 2, restoreBest: true },
    callbacks: { onEpochEnd: () => void atEpoch.push(w.dataSync()[0]) },
    progress: "none",
  });
  assert.equal(r.epochs.length, 4);
  assert.match(r.stopReason ?? "", /early stopping: valLoss did not improve for 2 epochs/);
  assert.deepEqual(r.best, { monitor: "valLoss", value: 0.5, epoch: 1 });
  assert.equal(w.dataSync()[0], atEpoch[1]);
  w.dispose();
});

test("callbacks can stop; maxSteps caps; errors name the problem", async () => {
  await useBackend("wasm");
  const w = tf.variable(tf.tensor1d([1, 2]));
  const base = { data: () => [0, 1, 2, 3], optimizer: tf.train.sgd(0.01), progress: "none" as const };
  const r1 = await train({ ...base, loss: () => tf.sum(w), epochs: 3, callbacks: { onStepEnd: (s, c) => (s.step === 5 ? c.stop("enough") : undefined) } });
  assert.equal(r1.steps, 6);
  assert.equal(r1.stopReason, "enough");
  const r2 = await train({ ...base, loss: () => tf.sum(w), epochs: 10, maxSteps: 9 });
  assert.equal(r2.steps, 9);
  assert.equal(r2.epochs.length, 3);
  await assert.rejects(train({ ...base, loss: () => w as unknown as tf.Scalar }), { message: trainMessages.lossNotScalar([2]) });
  await assert.rejects(train({ ...base, loss: () => tf.sum(tf.log(tf.neg(tf.abs(w)))) }), /loss is NaN at step 0/);
  await assert.rejects(
    train({ ...base, loss: () => tf.sum(w), earlyStopping: { monitor: "valAcc" } }),
    /monitor "valAcc" is not in the epoch record/,
  );
  w.dispose();
});

test("an SNN with surrogate spikes and the clipped quantizer trains in the loop without leaks", async () => {
  await useBackend("wasm");
  seed(2);
  const r = rng().fork("data");
  const n = 128, d = 6;
  const X = r.floats(n * d, (g) => g.normal());
  const y = Array.from({ length: n }, (_, i) => (X[i * d] - X[i * d + 1] > 0 ? 1 : 0));
  const Xt = tf.tensor2d(X, [n, d]);
  const Yt = tf.oneHot(tf.tensor1d(y, "int32"), 2);
  const w1 = param([d, 24], heNormal), w2 = param([24, 24], glorotUniform), w3 = param([24, 2], glorotUniform);
  // two timesteps: I-LIF layer (D = 4 quantizer, soft reset) then a binary LIF layer (ATan surrogate, hard reset)
  const forward = (x: tf.Tensor2D) => {
    let v1: tf.Tensor = tf.zeros([x.shape[0], 24]), v2: tf.Tensor = tf.zeros([x.shape[0], 24]);
    let out: tf.Tensor = tf.zeros([x.shape[0], 2]);
    for (let t = 0; t < 2; t++) {
      v1 = tf.add(tf.mul(v1, 0.25), tf.matMul(x, w1));
      const q = quantizeClipped(v1, 4); // [B, 24] in {0, ¼, …, 1}
      v1 = tf.sub(v1, stopGradient(tf.mul(q, 4))); // subtract the integer fired
      v2 = tf.add(tf.mul(v2, 0.5), tf.matMul(q, w2));
      const s = spikeAtan(tf.sub(v2, 0.5)); // V_th = 0.5
      v2 = tf.mul(v2, tf.sub(1, stopGradient(s))); // hard reset
      out = tf.add(out, tf.matMul(s, w3));
    }
    return out;
  };
  const counts: number[] = [];
  const opt = adamw({ learningRate: 0.03 });
  const res = await train({
    data: () => [0, 1, 2, 3],
    loss: (i) => {
      const idx = tf.range(i * 32, i * 32 + 32, 1, "int32");
      return tf.losses.softmaxCrossEntropy(tf.gather(Yt, idx), forward(tf.gather(Xt, idx) as tf.Tensor2D)) as tf.Scalar;
    },
    optimizer: opt,
    epochs: 4,
    progress: "none",
    callbacks: { onStepEnd: () => void counts.push(tf.memory().numTensors) },
  });
  assert.ok(counts.slice(1).every((c) => c === counts[1]), `numTensors per step: ${counts.join(",")}`);
  assert.ok(res.epochs[3].loss < 0.8 * res.epochs[0].loss, `loss ${res.epochs.map((e) => e.loss).join(" → ")}`);
  tf.dispose([Xt, Yt, w1, w2, w3]);
  opt.dispose();
});
