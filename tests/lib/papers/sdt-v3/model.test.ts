import { test, before } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "crypto";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../../lib/core/backend";
import { Rng } from "../../../../lib/core/train/seed";
import { E_AC_PJ, E_MAC_PJ, FiringRates, OpCounter } from "../../../../lib/core/train/energy";
import { ARCHS, CARD_PARAM_COUNTS_M, buildSpikeFormer, countParams, forward, linearAttention, type ArchConfig } from "../../../../lib/papers/sdt-v3/model";
import { ParamStore } from "../../../../lib/core/nn";
import { Ctx, convBn, makeConvBn } from "../../../../lib/papers/sdt-v3/layers";
import { checkEquivalence, measureEnergy } from "../../../../lib/papers/sdt-v3/analysis";
import { sdtMessages } from "../../../../lib/papers/sdt-v3/messages";
import type { NeuronSpec } from "../../../../lib/papers/sdt-v3/neurons";

before(async () => {
  await initBackend({ backend: "wasm" });
});

const ILIF4: NeuronSpec = { kind: "ilif", D: 4, T: 1 };

test("initial weights are pinned: seed 0 gives the same E-SpikeFormer-tiny as before the move to lib/core's ParamStore", () => {
  const m = buildSpikeFormer(ARCHS.tiny, new Rng(0).fork("weights"));
  const h = createHash("sha256");
  for (const v of m.params.vars.values()) h.update(Buffer.from(v.dataSync().buffer));
  assert.equal(m.params.vars.size, 102);
  // sha256 of every trainable weight's float32 bytes in creation order, from the sdt-v3 ParamStore this replaced
  assert.equal(h.digest("hex").slice(0, 16), "3ce0e8bf2e2f8915");
  const other = buildSpikeFormer(ARCHS.tiny, new Rng(1).fork("weights"));
  assert.notDeepEqual(other.params.get("head/w").dataSync(), m.params.get("head/w").dataSync(), "another seed, other weights");
  m.params.dispose();
  other.params.dispose();
});

test("parameter counts of the 5.1M / 10M / 19M configurations match the card's recount (±0.005M)", () => {
  for (const k of ["5.1M", "10M", "19M"] as const) {
    const n = countParams(ARCHS[k]) / 1e6;
    assert.ok(Math.abs(n - CARD_PARAM_COUNTS_M[k]) < 0.005, `${k}: ${n.toFixed(4)}M vs card ${CARD_PARAM_COUNTS_M[k]}M`);
  }
  const tiny = countParams(ARCHS.tiny);
  assert.ok(tiny > 30_000 && tiny < 60_000, `tiny: ${tiny}`);
});

test("tiny model: shapes for I-LIF T=1 and binary LIF T=4, and the input check", () => {
  const m = buildSpikeFormer(ARCHS.tiny, new Rng(3));
  const x = tf.randomUniform([3, 28, 28, 1], 0, 1, "float32", 1) as tf.Tensor4D;
  assert.deepEqual(forward(m, x, { training: true, neuron: ILIF4 }).shape, [3, 10]);
  assert.deepEqual(forward(m, x, { training: false, neuron: { kind: "lif", T: 4 } }).shape, [3, 10]);
  assert.throws(() => forward(m, tf.zeros([3, 28, 28]) as unknown as tf.Tensor4D, { training: false, neuron: ILIF4 }), /input must be \[B, H, W, 1\]/);
  assert.throws(() => forward(m, x, { training: false, neuron: { kind: "lif", T: 4 }, inference: "expanded" }), { message: sdtMessages.expandedNeedsIlif("LIF T4") });
  m.params.dispose();
});

test("attention core: (q kᵀ) v from binary frames equals the integer product (< 1e-4)", () => {
  const r = new Rng(5);
  const spikes = (shape: [number, number, number, number]) => tf.tensor4d(Array.from({ length: shape.reduce((a, b) => a * b) }, () => r.int(5) / 4), shape);
  const q = spikes([2, 4, 49, 8]), k = spikes([2, 4, 49, 8]), v = spikes([2, 4, 49, 16]);
  const a = linearAttention(q, k, v).dataSync();
  const b = linearAttention(q, k, v, 4).dataSync();
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(a[i])));
  assert.ok(d < 1e-4, `max rel diff ${d}`);
});

test("spike-driven inference: integer vs expanded logits of a trained-BN model agree within 1e-4", () => {
  const m = buildSpikeFormer(ARCHS.tiny, new Rng(11));
  const x = tf.randomUniform([16, 28, 28, 1], 0, 1, "float32", 2) as tf.Tensor4D;
  tf.tidy(() => forward(m, x, { training: true, neuron: ILIF4, bnMomentum: 1 })); // BN calibrated on the batch
  const e = checkEquivalence(m, x, ILIF4);
  const fired = measureEnergy(m, x, ILIF4).firing.filter((f) => (f.rate as number) > 0.01).length;
  assert.ok(fired > 25, `only ${fired} neuron layers fire: the comparison would be vacuous`);
  assert.ok(e.maxAbsDiff < 1e-4, `max |Δ| ${e.maxAbsDiff}`);
  assert.equal(e.argmaxAgreement, 1);
  assert.equal(e.pairs.length, 16 * 10);
  // the logits are not constant, so agreement is not vacuous
  const flat = e.pairs.map((p) => p.integer);
  assert.ok(Math.max(...flat) - Math.min(...flat) > 1e-2, "logits spread");
  m.params.dispose();
});

test("energy: one spike-fed 3×3 conv and the real-valued stem, counted by hand", () => {
  const p = new ParamStore(new Rng(1));
  const conv = makeConvBn(p, "c", 2, 3, 3);
  const recorder = { firing: new FiringRates(4), counter: new OpCounter() };
  const ctx = new Ctx({ training: false, neuron: ILIF4, recorder });
  // spikes on a 4×4×2 map: counts 0..4 with mean 1.5 → r = 1.5 spikes per input neuron
  const counts = Array.from({ length: 32 }, (_, i) => [0, 1, 2, 3][i % 4]);
  const s = tf.tensor4d(counts.map((c) => c / 4), [1, 4, 4, 2]);
  convBn(ctx, conv, s);
  convBn(ctx, conv, s, false); // the same layer fed real values: MACs
  const [spk, real] = recorder.counter.layers();
  const ops = 4 * 4 * 3 * (3 * 3 * 2); // outH·outW·Cout · k²·Cin ("same", stride 1)
  assert.equal(spk.ops, ops);
  assert.equal(spk.firingRate, 1.5);
  assert.equal(spk.acs, ops * 1.5);
  assert.ok(Math.abs(spk.energyPj - E_AC_PJ * ops * 1.5) < 1e-9);
  assert.equal(real.macs, ops);
  assert.ok(Math.abs(real.energyPj - E_MAC_PJ * ops) < 1e-9);
  p.dispose();
});

test("measureEnergy: totals are the sum of the layers, shares sum to 1, counts grow with D", () => {
  const m = buildSpikeFormer(ARCHS.tiny, new Rng(4));
  const x = tf.randomUniform([8, 28, 28, 1], 0, 1, "float32", 3) as tf.Tensor4D;
  tf.tidy(() => forward(m, x, { training: true, neuron: ILIF4, bnMomentum: 1 }));
  const e = measureEnergy(m, x, ILIF4);
  const sum = e.layers.reduce((s, l) => s + (l.energyPj as number), 0);
  assert.ok(Math.abs(sum * 1e-6 - e.snnUj) < 1e-9);
  assert.ok(e.macs > 0 && e.acs > 0 && e.annUj > 0);
  assert.ok(e.firing.every((f) => Math.abs([0, 1, 2, 3, 4].reduce((s, k) => s + (f[`share${k}`] as number), 0) - 1) < 1e-9));
  const e8 = measureEnergy(m, x, { kind: "ilif", D: 8, T: 1 });
  // the first neuron reads the stem's membrane, the same for both D: counts can only grow with D
  const first = (r: typeof e) => r.firing.find((f) => f.layer === "s0/c0/sep/q1")!.rate as number;
  assert.ok(first(e8) >= first(e) && first(e) > 0, `${first(e8)} vs ${first(e)}`);
  m.params.dispose();
});

test("attention variants build and run (sdsa, V1 mask, none)", () => {
  for (const attention of ["sdsa", "mask", "none"] as const) {
    const arch: ArchConfig = { ...ARCHS.tiny, attention };
    const m = buildSpikeFormer(arch, new Rng(2));
    const y = forward(m, tf.zeros([2, 28, 28, 1]) as tf.Tensor4D, { training: true, neuron: ILIF4 });
    assert.deepEqual(y.shape, [2, 10]);
    m.params.dispose();
  }
  assert.ok(countParams({ ...ARCHS.tiny, attention: "none" }) < countParams(ARCHS.tiny));
});
