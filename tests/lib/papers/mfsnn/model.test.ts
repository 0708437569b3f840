import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "crypto";
import * as tf from "@tensorflow/tfjs";
import { buildMfsnn, lifLayers, mfsnnForward, mfsnnOps, tausOf, VARIANTS } from "../../../../lib/papers/mfsnn/model";
import { FiringRates } from "../../../../lib/core/train/energy";
import { Rng } from "../../../../lib/core/train/seed";
import { useBackend } from "../../core/train/backends";

const SPEC = { C: 16, T: 6, K: 3, F: 8 };

test("MFSNN: every variant maps [B, T, C] to scores [B, K], trains (finite loss, gradients reach every weight) and spikes are 0/1", async () => {
  await useBackend("wasm");
  const x = tf.randomNormal([4, SPEC.T, SPEC.C], 0, 1.5, "float32", 2);
  const y = tf.oneHot(tf.tensor1d([0, 1, 2, 0], "int32"), 3).toFloat();
  for (const variant of VARIANTS) {
    const m = buildMfsnn({ ...SPEC, variant }, new Rng(0));
    const o = mfsnnForward(m, x, true, true);
    assert.deepEqual(o.scores.shape, [4, 3], variant);
    assert.deepEqual(Object.keys(o.spikes), lifLayers(m.spec), `${variant}: spikes of every LIF layer`);
    for (const s of Object.values(o.spikes)) assert.ok(Array.from(s.dataSync()).every((v) => v === 0 || v === 1));
    assert.equal(o.gate === null, variant === "noesa");
    const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, mfsnnForward(m, x, true).scores) as tf.Scalar, m.params.list());
    assert.ok(Number.isFinite(value.dataSync()[0]));
    const zero = Object.entries(grads).filter(([, g]) => Array.from(g.dataSync()).every((v) => v === 0)).map(([k]) => k);
    assert.deepEqual(zero.filter((k) => /tauw|stem\/w/.test(k)), [], `${variant}: the surrogate gradient reaches τ and the stem`);
    const fuseFires = tf.sum(o.spikes.fuse).dataSync()[0] > 0; // τ 4 can leave the output layer silent at init
    assert.equal(zero.some((k) => /readout\/w/.test(k)), !fuseFires, `${variant}: the readout learns exactly when the fusion layer fires`);
    tf.dispose([value, ...Object.values(grads)]);
    if (variant === "plif") assert.ok(Object.values(tausOf(m)).every((t) => Math.abs(t - 2) < 1e-6), "PLIF starts at τ = 2");
    if (variant === "tau4") assert.ok(Object.values(tausOf(m)).every((t) => t === 4));
    m.params.dispose();
  }
  // ablations change the structure: single has one branch, noesa no electrode gate
  assert.deepEqual(lifLayers(buildMfsnn({ ...SPEC, variant: "single" }, new Rng(0)).spec), ["stem", "b1/lif1", "b1/lif2", "fuse"]);
  assert.ok(buildMfsnn({ ...SPEC, variant: "full" }, new Rng(0)).params.count() > buildMfsnn({ ...SPEC, variant: "noesa" }, new Rng(0)).params.count());
  assert.throws(() => buildMfsnn({ ...SPEC, variant: "wide" as never }, new Rng(0)), /unknown model variant 'wide'/);
  assert.throws(() => mfsnnForward(buildMfsnn(SPEC, new Rng(0)), tf.zeros([4, SPEC.C, SPEC.T]), false), /\[B, T, C\]/);
});

test("MFSNN operation counts on a crafted model: MACs for real-valued layers, ACs = T·ops·r = Σ spikes × fan-out", async () => {
  await useBackend("wasm");
  const m = buildMfsnn({ C: 4, T: 2, K: 2, F: 4, dilations: [1], variant: "full", reduction: 8, featureReduction: 4 }, new Rng(0));
  const c = mfsnnOps(m, { stem: 0.25, "b1/lif1": 0.5, "b1/lif2": 0.3, fuse: 0.125 }).total();
  // MACs: electrode SE 4·1·2 + T·4 = 16; stem T·4·4 = 32; feature SE 4·1·2 + T·4 = 16; integrator T·2 = 4
  assert.equal(c.macs, 16 + 32 + 16 + 4);
  // ACs: conv1 T·(3·4·4)·0.25 = 24; conv2 T·48·0.5 = 48; fusion add T·(2·4)·0.25 = 4; readout T·(4·2)·0.125 = 2
  assert.ok(Math.abs(c.acs - 78) < 1e-9, `ACs ${c.acs}`);
  assert.ok(Math.abs(c.energyPj - (0.9 * 78 + 4.6 * 68)) < 1e-9);
  // on real spikes: conv1's ACs per trial are Σ stem spikes / B × fan-out (kernel 3 × F out)
  const x = tf.randomNormal([5, 2, 4], 0, 2, "float32", 3);
  const rates = new FiringRates();
  const o = mfsnnForward(m, x, false, true);
  for (const [k, s] of Object.entries(o.spikes)) rates.record(k, s);
  const rmap = Object.fromEntries(lifLayers(m.spec).map((k) => [k, rates.rate(k) ?? 0]));
  const conv1 = mfsnnOps(m, rmap).layers().find((l) => l.name === "b1/conv1")!;
  const spikes = tf.sum(o.spikes.stem).dataSync()[0];
  assert.ok(Math.abs(conv1.acs - (spikes / 5) * 3 * 4) < 1e-6, `${conv1.acs} vs ${(spikes / 5) * 12}`);
  m.params.dispose();
});

test("MFSNN initial weights are pinned for one seed (a moved stream shows up here, not as a different README table)", async () => {
  await useBackend("wasm");
  const m = buildMfsnn({ C: 96, T: 10, K: 8, F: 32 }, new Rng(0));
  const h = createHash("sha256");
  for (const [name, v] of [...m.params.vars.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    h.update(name);
    h.update(Buffer.from((v.dataSync() as Float32Array).buffer));
  }
  assert.equal(m.params.count(), 26_380);
  assert.equal(h.digest("hex"), "b17648cebdcb3c7ca5f57a9bc1603381d7b9ee602152d491e72a8c6567103350");
  m.params.dispose();
});
