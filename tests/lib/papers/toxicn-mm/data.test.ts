import { before, test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../../../lib/core/train/seed";
import {
  apportion, benignPairWeights, checkNoOverlap, corruptKnowledge, fusionSetOf, generateMemes, memeSetHash, type MemeItem, type MemeSet,
} from "../../../../lib/papers/toxicn-mm/data";
import { loadMemeAssets, type MemeAssets } from "../../../../lib/papers/toxicn-mm/images";
import { REAL_MODAL_BY_TYPE, REAL_TYPE_COUNTS } from "../../../../lib/papers/toxicn-mm/pools";
import { buildVocab, encodeAll, vocabSize } from "../../../../lib/papers/toxicn-mm/text";

let assets: MemeAssets;
let big: MemeSet;
before(async () => {
  assets = await loadMemeAssets();
  big = generateMemes({ nTrain: 4800, nTest: 1200 }, 0, assets);
});

/** Pinned SHA-256 of generateMemes({ nTrain: 120, nTest: 40 }, 7) (TOXICN_GEN_VERSION 2). */
const PINNED = "569cd366056d10026755b1815651d8c3539eebfcec0bfb13365fb18453d897a0";

test("the generator is deterministic and its output hash is pinned", () => {
  const a = generateMemes({ nTrain: 120, nTest: 40 }, 7, assets), b = generateMemes({ nTrain: 120, nTest: 40 }, 7, assets);
  assert.equal(memeSetHash(a), memeSetHash(b));
  assert.equal(memeSetHash(a), PINNED);
  assert.notEqual(memeSetHash(generateMemes({ nTrain: 120, nTest: 40 }, 8, assets)), PINNED);
});

test("small sets keep every item even when a type has no fusion item (v1 lost benign ones to 0/0)", () => {
  for (const [n, t] of [[60, 20], [120, 40], [400, 200]]) {
    const s = generateMemes({ nTrain: n, nTest: t }, 7, assets);
    assert.deepEqual([s.train.items.length + s.dev.items.length, s.test.items.length], [n, t]);
  }
  const w = benignPairWeights([0.5, 0.5, 0, 0]);
  assert.ok(w.flat().every(Number.isFinite));
  assert.deepEqual(w.map((row) => row.reduce((a, b) => a + b, 0)), [0.5, 0.5, 0, 0]);
});

test("proportions: 68 % benign, flagged types and per-type modality mix from the real counts, dev = 10 % of train", () => {
  const all = [...big.train.items, ...big.dev.items];
  assert.equal(all.length, 4800);
  assert.equal(big.dev.items.length, 480);
  assert.equal(big.test.items.length, 1200);
  const harm = all.filter((x) => x.label === 1);
  assert.equal(harm.length, 4800 - apportion(4800, [0.68, 0.32])[0]);
  const realHarm: number[] = REAL_TYPE_COUNTS.train.slice(1);
  const total = realHarm.reduce((a, b) => a + b);
  for (let t = 1; t <= 4; t++) {
    const ofType = harm.filter((x) => x.type === t);
    assert.ok(Math.abs(ofType.length / harm.length - realHarm[t - 1] / total) < 0.002, `type ${t} share`);
    const real = REAL_MODAL_BY_TYPE[t], realN = real.reduce((a, b) => a + b);
    for (let m = 1; m <= 4; m++) assert.ok(Math.abs(ofType.filter((x) => x.modal === m).length - (ofType.length * real[m - 1]) / realN) <= 1, `type ${t} modal ${m}`);
    assert.ok(ofType.every((x) => (t === 1 ? x.target >= 1 && x.target <= 15 : x.target === 0)), "targets only on type 1");
  }
  assert.ok(all.filter((x) => x.label === 0).every((x) => x.type === 0 && x.modal === 0 && x.target === 0));
});

test("on the fusion subset either modality alone stays at the base rate (each text pool and each image set)", () => {
  const region = [...big.train.items, ...big.dev.items].filter((x) => x.latent.region);
  const base = region.filter((x) => x.label === 1).length / region.length;
  assert.ok(Math.abs(base - 1 / 3) < 0.01, `base rate ${base}`);
  for (let j = 0; j < 4; j++) {
    const byText = region.filter((x) => x.latent.text === `amb${j}`);
    assert.ok(Math.abs(byText.filter((x) => x.label === 1).length / byText.length - base) < 0.01, `text pool ${j}`);
  }
  for (const set of new Set(region.map((x) => x.latent.image))) {
    const byImg = region.filter((x) => x.latent.image === set);
    assert.ok(Math.abs(byImg.filter((x) => x.label === 1).length / byImg.length - base) < 0.01, `image set ${set}`);
  }
  // the pair decides: flagged iff the set is the pool's fusion partner
  const f = [0.4, 0.3, 0.2, 0.1], w = benignPairWeights(f);
  w.forEach((row, j) => close(row.reduce((a, b) => a + b), f[j], `row ${j}`));
  for (let j = 0; j < 4; j++) assert.equal(w[j][fusionSetOf(j)], 0);
});

function close(a: number, b: number, msg: string): void {
  assert.ok(Math.abs(a - b) < 1e-6, `${msg}: ${a} vs ${b}`);
}

test("neutral content: no people or flag emoji, knowledge strings present, texts within 24 characters", () => {
  const items = [...big.train.items, ...big.test.items];
  for (const x of items) {
    const cat = assets.emoji.meta[x.img.emoji].category;
    assert.ok(cat !== "People & Body" && cat !== "Flags", `${x.id}: ${cat}`);
    assert.ok([...x.text].length <= 24 && x.dImg.startsWith("图中是") && x.dTxt.startsWith("说的是"), x.id);
  }
  assert.equal(big.train.images.length, big.train.items.length * 32 * 32 * 3);
  const judged = items.filter((x) => x.dTxtJudged !== x.dTxt);
  assert.ok(judged.filter((x) => x.label === 1).length / items.filter((x) => x.label === 1).length > 0.7);
});

test("knowledge corruption: ρ = 0 keeps every description, ρ = 1 replaces most; overlap of splits is refused", () => {
  const items: MemeItem[] = big.test.items.slice(0, 300);
  assert.deepEqual(corruptKnowledge(items, 0, new Rng(1)), items);
  const c = corruptKnowledge(items, 1, new Rng(1));
  assert.ok(c.filter((x, i) => x.dTxt !== items[i].dTxt).length > 200);
  assert.ok(c.every((x, i) => x.text === items[i].text && x.label === items[i].label));
  assert.throws(() => corruptKnowledge(items, 1.5, new Rng(1)), /ρ must lie in \[0, 1\]/);
  checkNoOverlap(big.train.items, big.test.items);
  assert.throws(() => checkNoOverlap([{ id: "a.jpg" }], [{ id: "b.jpg" }, { id: "a.jpg" }]), /share 1 item.*a\.jpg/);
});

test("character vocabulary: code-point order, padding 0, unknown 1", () => {
  const v = buildVocab(["闹钟坏了", "ab"]);
  assert.equal(vocabSize(v), 8);
  assert.deepEqual(Array.from(encodeAll(v, ["ab", "闹x"], 3)), [2, 3, 0, v.index.get("闹") ?? -1, 1, 0]);
});
