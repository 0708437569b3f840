import { before, test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { createHash } from "crypto";
import { initBackend } from "../../../../lib/core/backend";
import { Rng } from "../../../../lib/core/train/seed";
import { encodeTexts, type TextSet } from "../../../../lib/papers/laqda/data";
import { createModel, disposeModel, embed } from "../../../../lib/papers/laqda/model";
import { plainPrototypes, sqDist, topRPrototypes } from "../../../../lib/papers/laqda/proto";
import { episodeLoss, idsOf, sqDistTf, trainModel, type TrainSpec } from "../../../../lib/papers/laqda/train";

before(async () => {
  await initBackend({ backend: "wasm" });
});

const V = 12, d = 16;
const words = Array.from({ length: V }, (_, i) => `w${String.fromCharCode(97 + i)}`);
const vec = { words, dims: d, vectors: new Rng(5).floats(V * d, (r) => r.normal()), index: new Map(words.map((w, i) => [w, i])) };
const cfg = { d, heads: 2, ffn: 32, maxLen: 5 };

test("sqDistTf equals the direct distances", () => {
  const r = new Rng(2);
  const a = r.floats(4 * 3, (x) => x.normal()), b = r.floats(5 * 3, (x) => x.normal());
  const got = tf.tidy(() => sqDistTf(tf.tensor2d(a, [4, 3]), tf.tensor2d(b, [5, 3])).arraySync().flat());
  Array.from(sqDist(a, b, 3)).forEach((x, i) => assert.ok(Math.abs(x - got[i]) < 1e-4));
});

test("label adapter: the same text gets two vectors in two tasks (different names); without it, one", () => {
  const tok = encodeTexts(["wa wb wc"], vec, 5);
  const n1 = encodeTexts(["wd we", "wf"], vec, 3), n2 = encodeTexts(["wg wh", "wi"], vec, 3);
  const la = createModel(vec.vectors, { ...cfg, adapter: true }, 1);
  const [a, b] = tf.tidy(() => [0, 1].map((k) => embed(la, idsOf(tok, [0]), { names: idsOf(k ? n2 : n1, [0, 1]) }).dataSync()));
  let diff = 0;
  for (let i = 0; i < d; i++) diff += Math.abs(a[i] - b[i]);
  assert.ok(diff > 1e-6, `vectors differ by ${diff}`);
  // the adapter block starts as a copy of the encoder layer
  for (const n of ["wqkv", "w1", "ln2g"]) assert.deepEqual(la.params.get(`ad/${n}`).dataSync(), la.params.get(`enc/${n}`).dataSync());
  assert.throws(() => tf.tidy(() => embed(la, idsOf(tok, [0]))), /needs the episode's label-name ids/);
  disposeModel(la);
  const pn = createModel(vec.vectors, cfg, 1);
  const z = tf.tidy(() => embed(pn, idsOf(tok, [0])).dataSync());
  assert.equal(z.length, d);
  disposeModel(pn);
});

/** 5 classes × 6 texts over the toy vocabulary. */
function toySet(): TextSet {
  const texts: string[] = [], labels: number[] = [];
  for (let c = 0; c < 5; c++) for (let i = 0; i < 6; i++) (texts.push(`${words[c]} ${words[(c + i) % V]} ${words[5 + (i % 4)]}`), labels.push(c));
  return { name: "toy", texts, labels, classes: ["a", "b", "c", "d", "e"], labelNames: ["wa", "wb", "wc", "wd", "we"], superTopic: ["x", "x", "x", "x", "x"], splits: { train: [0, 1, 2, 3, 4], val: [], test: [0, 1, 2, 3, 4] } };
}

const spec = (proto: TrainSpec["proto"], adapter: boolean): TrainSpec => ({
  model: { ...cfg, adapter, dropout: 0 }, proto, episode: { N: 3, K: 2, Q: 2 }, steps: 3, lr: 1e-3, weightDecay: 0.01, lambdaG: 0.1, ceOverN: true,
  refine: { R: 2, ot: { eps: 0.05, iters: 50, gamma: 1 } }, seed: 3,
});

test("episode loss (plain): CE/N of −‖zq − c⁰‖² logits, equal to the loss from the float64 prototypes", () => {
  const set = toySet(), tok = encodeTexts(set.texts, vec, 5);
  const m = createModel(vec.vectors, { ...cfg, dropout: 0 }, 2);
  const ep = { classes: [0, 1, 2], support: [0, 1, 6, 7, 12, 13], query: [2, 3, 8, 9, 14, 15], queryLabels: [0, 0, 1, 1, 2, 2], K: 2 };
  const loss = tf.tidy(() => episodeLoss(m, ep, tok, undefined, spec("plain", false)).dataSync()[0]);
  const zt = tf.tidy(() => embed(m, idsOf(tok, [...ep.support, ...ep.query])));
  const z = Float64Array.from(zt.dataSync());
  zt.dispose();
  const c0 = plainPrototypes(z.subarray(0, 6 * d), 3, 2, d);
  const D = sqDist(z.subarray(6 * d), c0, d);
  let ce = 0;
  for (let q = 0; q < 6; q++) {
    const l = [0, 1, 2].map((n) => -D[q * 3 + n]);
    const mx = Math.max(...l);
    ce += -(l[ep.queryLabels[q]] - mx - Math.log(l.reduce((s, x) => s + Math.exp(x - mx), 0))) / 6;
  }
  assert.ok(Math.abs(loss - ce / 3) < 1e-3 * Math.max(1, ce), `${loss} vs ${ce / 3}`);
  // top-R loss: picks come from the same float64 routine; loss finite and different from plain
  const t = tf.tidy(() => episodeLoss(m, ep, tok, undefined, spec("topR", false)).dataSync()[0]);
  assert.ok(Number.isFinite(t) && Math.abs(t - loss) > 1e-6);
  assert.equal(topRPrototypes(z.subarray(0, 6 * d), z.subarray(6 * d), 3, 2, 2, d).picks.length, 6);
  disposeModel(m);
});

test("training: every method and the adapter take gradient steps, the run is seeded and frees its tensors", async () => {
  const set = toySet(), tok = encodeTexts(set.texts, vec, 5);
  for (const [proto, adapter] of [["plain", true], ["topR", true], ["ot", false]] as const) {
    const n0 = tf.memory().numTensors;
    const a = await trainModel(set, vec, tok, spec(proto, adapter));
    const b = await trainModel(set, vec, tok, spec(proto, adapter));
    assert.equal(a.steps, 3);
    assert.ok(Number.isFinite(a.finalLoss));
    assert.equal(a.finalLoss, b.finalLoss, `${proto}: same seed, same loss`);
    const init = createModel(vec.vectors, { ...cfg, adapter }, 3);
    const moved = tf.tidy(() => [...init.params.vars.keys()].filter((k) => tf.sum(tf.abs(tf.sub(a.model.params.get(k), init.params.get(k)))).dataSync()[0] > 0).length);
    assert.ok(moved > 5, `${proto}: ${moved} weights moved`);
    for (const x of [a, b]) disposeModel(x.model);
    disposeModel(init);
    assert.equal(tf.memory().numTensors - n0, 0, `${proto}: tensors left ${tf.memory().numTensors - n0}`);
  }
});

test("initial weights are pinned per seed (a moved stream shows up here, not as a silently different table)", () => {
  const m = createModel(vec.vectors, { ...cfg, adapter: true }, 0);
  const h = createHash("sha256");
  for (const v of m.params.list()) h.update(Buffer.from(v.dataSync().buffer));
  assert.equal(h.digest("hex"), "9c45d6d2e5b3c6e93b43c622d70b6d5a7aabfd17cd66c1a35cf5580870362c23");
  const other = createModel(vec.vectors, { ...cfg, adapter: true }, 1);
  assert.notDeepEqual(other.params.get("enc/wqkv").dataSync(), m.params.get("enc/wqkv").dataSync());
  assert.equal(m.params.count(), 16 + 2 * (16 * 48 + 48 + 16 * 16 + 16 + 4 * 16 + 16 * 32 + 32 + 32 * 16 + 16) + 16 * 16 + 16);
  for (const x of [m, other]) disposeModel(x);
});
