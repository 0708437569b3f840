import { before, test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../../lib/core/backend";
import { buildModel, decode, forward, imageTower, memeLoss, textTower, type MemeModel, type ModelConfig } from "../../../../lib/papers/toxicn-mm/model";

before(async () => {
  await initBackend({ backend: "wasm" });
});

const base: ModelConfig = { kind: "mke", classes: 2, vocab: 5, embed: 2, hidden: 2, dim: 2, dImg: 1, dTxt: true, fusion: "sum" };

/** Sets every weight of the model to hand values: W = values laid out row-major, cycled. */
function setWeights(m: MemeModel): void {
  let k = 0;
  for (const v of m.p.list()) {
    const vals = Array.from({ length: v.size }, () => ((k++ % 7) - 3) / 4); // −0.75 … 0.75
    v.assign(tf.tensor(vals, v.shape));
  }
}

/** Plain-JS reference of g_T on one row of ids (masked mean and max of embeddings, relu MLP). */
function refText(m: MemeModel, ids: number[]): number[] {
  const E = m.p.get("txt/emb").arraySync() as number[][];
  const w1 = m.p.get("txt/w1").arraySync() as number[][], b1 = m.p.get("txt/b1").arraySync() as number[];
  const w2 = m.p.get("txt/w2").arraySync() as number[][], b2 = m.p.get("txt/b2").arraySync() as number[];
  const rows = ids.filter((i) => i > 0).map((i) => E[i]);
  const mean = E[0].map((_, d) => rows.reduce((s, r) => s + r[d], 0) / rows.length);
  const max = E[0].map((_, d) => Math.max(...rows.map((r) => r[d])));
  const x = [...mean, ...max];
  const h = b1.map((b, j) => Math.max(0, b + x.reduce((s, xi, i) => s + xi * w1[i][j], 0)));
  return b2.map((b, j) => b + h.reduce((s, hi, i) => s + hi * w2[i][j], 0));
}

test("g_T matches a plain-JS reference: padding ignored by the mean and the max", () => {
  const m = buildModel({ ...base, kind: "text" }, 1);
  setWeights(m);
  const ids = [[1, 3, 0, 0], [4, 2, 2, 1]];
  const got = textTower(m, tf.tensor2d(ids, [2, 4], "int32")).arraySync();
  ids.forEach((row, i) => refText(m, row).forEach((v, d) => assert.ok(Math.abs(got[i][d] - v) < 1e-5, `row ${i} dim ${d}: ${got[i][d]} vs ${v}`)));
  m.p.dispose();
});

test("MKE logits = W [f_t + f_dt + f_di ; f_v] + b; MHKE weighs f_di by 0.5; concat ignores the descriptions", () => {
  const m = buildModel(base, 2);
  setWeights(m);
  const t = tf.tensor2d([[1, 2, 0]], [1, 3], "int32"), dt = tf.tensor2d([[3, 0, 0]], [1, 3], "int32"), di = tf.tensor2d([[4, 4, 1]], [1, 3], "int32");
  const x = tf.fill([1, 32, 32, 3], 0.5) as tf.Tensor4D;
  const ft = refText(m, [1, 2, 0]), fdt = refText(m, [3, 0, 0]), fdi = refText(m, [4, 4, 1]);
  const fv = imageTower(m, x).arraySync()[0];
  const W = m.p.get("cls/w").arraySync() as number[][], b = m.p.get("cls/b").arraySync() as number[];
  const logitsFor = (wdi: number): number[] => {
    const f = [...ft.map((v, d) => v + fdt[d] + wdi * fdi[d]), ...fv];
    return b.map((bc, c) => bc + f.reduce((s, fi, i) => s + fi * W[i][c], 0));
  };
  const z = forward(m, { t, dt, di, x }).arraySync()[0];
  logitsFor(1).forEach((v, c) => assert.ok(Math.abs(z[c] - v) < 1e-5, `MKE logit ${c}: ${z[c]} vs ${v}`));
  const mh = { ...m, cfg: { ...m.cfg, dImg: 0.5 } };
  const zh = forward(mh, { t, dt, di, x }).arraySync()[0];
  logitsFor(0.5).forEach((v, c) => assert.ok(Math.abs(zh[c] - v) < 1e-5, `MHKE logit ${c}`));
  assert.ok(Math.abs(zh[0] - z[0]) > 1e-4, "d_img weight changes the logits");
  const cc = { ...m, cfg: { ...m.cfg, kind: "concat" as const } };
  const zc = forward(cc, { t, dt, di, x }).arraySync()[0];
  const f0 = [...ft, ...fv];
  b.forEach((bc, c) => assert.ok(Math.abs(zc[c] - (bc + f0.reduce((s, fi, i) => s + fi * W[i][c], 0))) < 1e-5, `concat logit ${c}`));
  m.p.dispose();
});

test("BCE-with-logits on one-hot, hand values: mean over all B·C entries as nn.BCEWithLogitsLoss", () => {
  const z = tf.tensor2d([[0, 2], [-1, 3]]), y = tf.tensor2d([[1, 0], [0, 1]]);
  // entries: −log σ(0) = ln 2, −log σ(−2) = ln(1 + e²), −log σ(1) = ln(1 + e⁻¹), −log σ(3) = ln(1 + e⁻³)
  const want = (Math.log(2) + Math.log(1 + Math.exp(2)) + Math.log(1 + Math.exp(-1)) + Math.log(1 + Math.exp(-3))) / 4;
  assert.ok(Math.abs(memeLoss(z, y, "bce").dataSync()[0] - want) < 1e-5);
  const ce = (Math.log(1 + Math.exp(2)) + Math.log(1 + Math.exp(-4))) / 2; // softmax CE of rows [0,2]→0 and [−1,3]→1
  assert.ok(Math.abs(memeLoss(z, y, "ce").dataSync()[0] - ce) < 1e-5);
  assert.deepEqual(Array.from(decode(z)), [1, 1]);
});

test("gradients reach the embedding (gather on WASM) and every tower weight of MKE", () => {
  const m = buildModel({ ...base, fusion: "gated" }, 3);
  const ids = tf.tensor2d([[1, 2, 3]], [1, 3], "int32");
  const x = tf.randomUniform([1, 32, 32, 3], 0, 1, "float32", 1) as tf.Tensor4D;
  const { grads } = tf.variableGrads(() => memeLoss(forward(m, { t: ids, dt: ids, di: ids, x }), tf.tensor2d([[0, 1]])), m.p.list());
  for (const [name, g] of Object.entries(grads)) assert.ok(Number.isFinite(g.sum().dataSync()[0]), name);
  assert.ok(Object.values(grads).some((g) => g.abs().sum().dataSync()[0] > 0));
  m.p.dispose();
});

test("a wrong image shape is refused with the expected shape", () => {
  const m = buildModel({ ...base, kind: "image" }, 4);
  assert.throws(() => imageTower(m, tf.zeros([1, 28, 28, 3]) as tf.Tensor4D), /\[1, 28, 28, 3\].*32×32 RGB/);
  assert.throws(() => buildModel({ ...base, kind: "cnn" as ModelConfig["kind"] }, 0), /unknown model 'cnn'/);
  m.p.dispose();
});
