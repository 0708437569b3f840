import { createHash } from "crypto";
import { before, test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../../lib/core/backend";
import { Rng } from "../../../../lib/core/train/seed";
import { causalConv, MIXERS } from "../../../../lib/papers/metala/mixers";
import { buildModel, countMixerParams, countParams, disposeModel, forwardLogits, modelConfig, type Model } from "../../../../lib/papers/metala/model";

before(async () => {
  await initBackend({ backend: "wasm" });
});

const B = 2, T = 21, V = 32;
function ids(seed: number): tf.Tensor2D {
  const r = new Rng(seed);
  return tf.tensor2d(Array.from({ length: B * T }, () => r.int(V)), [B, T], "int32");
}
const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
const withForm = (m: Model, form: "chunked" | "recurrent"): Model => ({ config: { ...m.config, form }, params: m.params });

test("initial weights are pinned: the move to lib/core's ParamStore kept every mixer's weight stream", () => {
  // sha256 of every weight's float32 bytes in creation order, from the Params/addParam container this replaced
  const pinned: Record<string, [string, number]> = {
    softmax: ["89427c836be9e0d3", 11], gla: ["84a0073b7f35c05a", 15], mamba: ["665c6d5a346baace", 17], metala: ["32e744062fead8af", 15],
  };
  for (const [mixer, [hash, count]] of Object.entries(pinned)) {
    const m = buildModel({ mixer: mixer as Model["config"]["mixer"], d: 16, vocabSize: 32 }, new Rng(0).fork("init"));
    const h = createHash("sha256");
    for (const v of m.params.list()) h.update(Buffer.from(v.dataSync().buffer));
    assert.equal(m.params.vars.size, count, mixer);
    assert.equal(h.digest("hex").slice(0, 16), hash, `${mixer}: initial weights changed`);
    disposeModel(m);
  }
});

for (const mixer of MIXERS) {
  test(`${mixer}: chunked ≡ recurrent (1e-5 relative), causal, every parameter gets a finite gradient`, () => {
    const m = buildModel({ mixer, vocabSize: V, d: 16, heads: 2, chunk: 8, glaRank: 4, mambaState: 4, convRegime: "native" }, new Rng(7));
    const x = ids(1);
    const a = forwardLogits(m, x);
    const b = forwardLogits(withForm(m, "recurrent"), x);
    const scale = tf.tidy(() => tf.max(tf.abs(a)).dataSync()[0]);
    assert.ok(maxAbsDiff(a, b) <= 1e-5 * Math.max(1, scale), `${mixer}: |chunked − recurrent| = ${maxAbsDiff(a, b)}`);
    // causality: change the token at t0; logits before t0 must not move
    const t0 = 12;
    const xs = x.arraySync();
    xs[0][t0] = (xs[0][t0] + 5) % V;
    const c = forwardLogits(m, tf.tensor2d(xs, [B, T], "int32"));
    const moved = tf.tidy(() => tf.max(tf.abs(tf.sub(a, c)), [2]).arraySync() as number[][]);
    for (let t = 0; t < t0; t++) assert.equal(moved[0][t], 0, `${mixer}: logit at ${t} moved after changing token ${t0}`);
    assert.ok(moved[0][t0] > 0, `${mixer}: the changed token's own logits must move`);
    assert.equal(Math.max(...moved[1]), 0, `${mixer}: the other sequence must not move`);
    const names = [...m.params.vars.keys()];
    const { grads } = tf.variableGrads(() => tf.mean(tf.square(forwardLogits(m, x))) as tf.Scalar, m.params.list());
    for (const n of names) {
      const g = grads[m.params.get(n).name];
      assert.ok(g, `${mixer}: no gradient for ${n}`);
      assert.ok(Number.isFinite(tf.tidy(() => tf.sum(tf.abs(g)).dataSync()[0])), `${mixer}: gradient of ${n} is not finite`);
    }
    tf.dispose([a, b, c, x, ...Object.values(grads)]);
    disposeModel(m);
  });
}

test("MetaLA self-augmentation: with w_aug = 0 (its init) the per-head norm removes it; once w_aug ≠ 0 code (σ) and paper (A38) forms differ", () => {
  const cfg = { vocabSize: V, d: 16, heads: 2, chunk: 8 };
  const full = buildModel({ ...cfg, mixer: "metala" }, new Rng(3));
  const noaug = buildModel({ ...cfg, mixer: "metala-noaug" }, new Rng(3));
  for (const n of noaug.params.vars.keys()) noaug.params.get(n).assign(full.params.get(n));
  const x = ids(2);
  const d0 = maxAbsDiff(forwardLogits(full, x), forwardLogits(noaug, x));
  assert.ok(d0 < 1e-4, `w_aug = 0 (float rounding of the +0.5 shift only): metala ≡ metala-noaug, got ${d0}`);
  for (const l of [0, 1]) full.params.get(`l${l}/mix/aug`).assign(tf.fill([16], 0.7));
  const code = forwardLogits(full, x);
  const paper = forwardLogits({ config: { ...full.config, augForm: "paper" }, params: full.params }, x);
  assert.ok(maxAbsDiff(code, forwardLogits(noaug, x)) > 1e-4, "w_aug ≠ 0 must change the output");
  assert.ok(maxAbsDiff(code, paper) > 1e-4, "code and paper augmentation must differ");
  disposeModel(full);
  disposeModel(noaug);
});

test("MetaLA parameter budget: decay-as-key saves d·d_k against +key (Table 8, C3)", () => {
  const d = 32;
  const metala = buildModel({ mixer: "metala", d, vocabSize: V });
  const key = buildModel({ mixer: "metala-key", d, vocabSize: V });
  assert.equal(countMixerParams(key) - countMixerParams(metala), 2 * d * d, "two layers, each + d·d_k with d_k = d");
  disposeModel(metala);
  disposeModel(key);
});

test("causal conv: y_t = Σ_j w_j x_{t−j}", () => {
  const x = tf.tensor3d([[[1], [2], [3], [4]]]);
  const w = tf.tensor2d([[10], [1]]); // w_0 = 10 (current), w_1 = 1 (previous)
  assert.deepEqual(Array.from(causalConv(x, w).dataSync()), [10, 21, 32, 43]);
});

test("config errors name the known keys and mixers", () => {
  assert.throws(() => modelConfig({ width: 3 } as never), /unknown key 'width'; known keys: mixer, vocabSize/);
  assert.throws(() => modelConfig({ mixer: "rwkv" as never }), /unknown mixer 'rwkv'; use one of softmax, linear/);
  assert.throws(() => modelConfig({ d: 30, heads: 4 }), /d=30 must be divisible by heads=4/);
});

test("Zoology's MQAR block (glu: false) has no channel mixer: no GLU weights, and the logits differ from the LM block's", () => {
  const cfg = { vocabSize: V, d: 16, heads: 2, chunk: 8, mixer: "metala" as const };
  const lm = buildModel(cfg, new Rng(3));
  const mqar = buildModel({ ...cfg, glu: false }, new Rng(3));
  assert.deepEqual([...mqar.params.vars.keys()].filter((n) => n.includes("/glu/")), []);
  assert.equal(countParams(lm) - countParams(mqar), 2 * (16 * 4 * 16 + 2 * 16 * 16), "two blocks, each W₁W₂ (d × 4d) and W₃ (2d × d)");
  for (const n of mqar.params.vars.keys()) mqar.params.get(n).assign(lm.params.get(n));
  const x = ids(5);
  const y = forwardLogits(mqar, x);
  assert.deepEqual(y.shape, [B, T, V]);
  assert.ok(maxAbsDiff(y, forwardLogits(lm, x)) > 1e-3, "dropping the GLU must change the output");
  disposeModel(lm);
  disposeModel(mqar);
});

test("linear-weight init: 'hf' draws N(0, 0.02) for input projections and 0.02/√(2L) for the residual outputs; 'torch' is U(±1/√fan_in)", () => {
  const d = 64;
  const sd = (t: tf.Tensor) => tf.tidy(() => Math.sqrt(tf.moments(t).variance.dataSync()[0]));
  const hf = buildModel({ mixer: "gla", d, vocabSize: V, init: "hf" }, new Rng(1));
  const torch = buildModel({ mixer: "gla", d, vocabSize: V }, new Rng(1));
  assert.ok(Math.abs(sd(hf.params.get("l0/mix/in")) - 0.02) < 0.001, `in: ${sd(hf.params.get("l0/mix/in"))}`);
  assert.ok(Math.abs(sd(hf.params.get("l1/mix/a2")) - 0.02) < 0.002, `a2: ${sd(hf.params.get("l1/mix/a2"))}`);
  assert.ok(Math.abs(sd(hf.params.get("l0/mix/out")) - 0.01) < 0.001, `out (L = 2): ${sd(hf.params.get("l0/mix/out"))}`);
  assert.ok(Math.abs(sd(hf.params.get("l1/glu/out")) - 0.01) < 0.001, `glu out: ${sd(hf.params.get("l1/glu/out"))}`);
  const bound = 1 / Math.sqrt(d);
  assert.ok(Math.abs(sd(torch.params.get("l0/mix/in")) - bound / Math.sqrt(3)) < 0.003, `torch in: ${sd(torch.params.get("l0/mix/in"))}`);
  assert.ok(tf.tidy(() => tf.max(tf.abs(torch.params.get("l0/mix/out"))).dataSync()[0]) <= bound);
  disposeModel(hf);
  disposeModel(torch);
});
