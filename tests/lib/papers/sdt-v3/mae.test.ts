import { test, before } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../../lib/core/backend";
import { Rng } from "../../../../lib/core/train/seed";
import { ARCHS, buildSpikeFormer, features } from "../../../../lib/papers/sdt-v3/model";
import { buildDecoder, maeLoss, maskedPatchLoss, patchify, sampleMask } from "../../../../lib/papers/sdt-v3/mae";
import { sdtMessages } from "../../../../lib/papers/sdt-v3/messages";

before(async () => {
  await initBackend({ backend: "wasm" });
});

test("mask invariants: exact visible count per sample, seeded, binary, different across samples", () => {
  for (const ratio of [0, 0.25, 0.5, 0.75]) {
    const m = sampleMask(32, 7, ratio, new Rng(1)).arraySync();
    for (const row of m) {
      const flat: number[] = row.flat();
      assert.ok(flat.every((v) => v === 0 || v === 1));
      assert.equal(flat.filter((v) => v === 1).length, Math.round(49 * (1 - ratio)));
    }
    if (ratio > 0) assert.notDeepEqual(m[0], m[1], "masks differ between samples");
  }
  assert.deepEqual(sampleMask(4, 7, 0.5, new Rng(9)).arraySync(), sampleMask(4, 7, 0.5, new Rng(9)).arraySync());
  assert.throws(() => sampleMask(2, 7, 1, new Rng(1)), { message: sdtMessages.badMaskRatio(1) });
});

test("sparse conv: masked regions stay silent through the conv stages", () => {
  const m = buildSpikeFormer(ARCHS.tiny, new Rng(2));
  const x = tf.randomUniform([4, 28, 28, 1], 0, 1, "float32", 5) as tf.Tensor4D;
  const mask = sampleMask(4, 7, 0.5, new Rng(3));
  // stop after the conv stages: a copy of the tiny arch without the transformer stage
  const convOnly = { ...m, stages: m.stages.slice(0, 2) };
  const { h } = features(convOnly, x, { training: true, neuron: { kind: "ilif", D: 4, T: 1 }, mask }); // [4, 7, 7, 16]
  const hm = h.abs().sum(-1).arraySync() as number[][][];
  const mk = mask.arraySync();
  let silent = 0, active = 0;
  for (let b = 0; b < 4; b++) for (let i = 0; i < 7; i++) for (let j = 0; j < 7; j++) {
    if (mk[b][i][j] === 0) { assert.equal(hm[b][i][j], 0, `masked patch (${b},${i},${j}) leaked`); silent++; }
    else if (hm[b][i][j] > 0) active++;
  }
  assert.ok(silent > 0 && active > 0);
  m.params.dispose();
});

test("masked-patch loss ignores visible patches and normalises targets per patch", () => {
  const target = tf.randomUniform([2, 4, 16], 0, 1, "float32", 7) as tf.Tensor3D;
  const vis = tf.tensor2d([[1, 0, 1, 0], [0, 0, 1, 1]]);
  const pred = tf.randomNormal([2, 4, 16], 0, 1, "float32", 8) as tf.Tensor3D;
  const a = maskedPatchLoss(pred, target, vis).dataSync()[0];
  // change predictions on visible patches only: loss unchanged
  const pred2 = tf.add(pred, tf.mul(vis.expandDims(-1), 5)) as tf.Tensor3D;
  assert.ok(Math.abs(maskedPatchLoss(pred2, target, vis).dataSync()[0] - a) < 1e-6);
  // predicting the normalised target on masked patches gives ~0
  const { mean, variance } = tf.moments(target, -1, true);
  const perfect = tf.div(tf.sub(target, mean), tf.sqrt(tf.add(variance, 1e-6))) as tf.Tensor3D;
  assert.ok(maskedPatchLoss(perfect, target, vis).dataSync()[0] < 1e-10);
  // patchify is row-major over the patch grid
  const img = tf.range(0, 16).reshape([1, 4, 4, 1]) as tf.Tensor4D;
  assert.deepEqual(patchify(img, 2).arraySync()[0][1], [2, 3, 6, 7]);
});

test("one MAE step runs end to end and gives gradients to encoder and decoder", () => {
  const m = buildSpikeFormer(ARCHS.tiny, new Rng(4));
  const dec = buildDecoder(32, 7, 4, 1, new Rng(5));
  const x = tf.randomUniform([4, 28, 28, 1], 0, 1, "float32", 9) as tf.Tensor4D;
  const mask = sampleMask(4, 7, 0.5, new Rng(6));
  const vars = [...m.params.vars.values(), ...dec.params.vars.values()];
  const { value, grads } = tf.variableGrads(() => maeLoss(m, dec, x, mask, { kind: "ilif", D: 4, T: 1 }), vars);
  assert.ok(Number.isFinite(value.dataSync()[0]) && value.dataSync()[0] > 0);
  const nz = (name: string) => tf.abs(grads[name]).sum().dataSync()[0] > 0;
  assert.ok(nz(m.params.vars.get("s0/down/w")!.name), "stem gets a gradient");
  assert.ok(nz(dec.params.vars.get("maskToken")!.name), "mask token gets a gradient");
  m.params.dispose();
  dec.params.dispose();
});
