/**
 * The InfoNCE warm start of the image tower (lib/papers/toxicn-mm/warmstart.ts): the probe — picking an emoji's own
 * description among the whole pool from its picture — is at chance before and far above it after; the warm weights
 * load into a detector's image tower (same features) and are ignored by text-only models; runs record whether they
 * started warm.
 */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../../lib/core/backend";
import { SCALES } from "../../../../lib/papers/toxicn-mm/config";
import { generateMemes } from "../../../../lib/papers/toxicn-mm/data";
import { IMG, loadMemeAssets, type MemeAssets } from "../../../../lib/papers/toxicn-mm/images";
import { buildModel, imageTower } from "../../../../lib/papers/toxicn-mm/model";
import { prepare, trainRun } from "../../../../lib/papers/toxicn-mm/train";
import { emojiPool, loadWarm, warmStart, type WarmStart } from "../../../../lib/papers/toxicn-mm/warmstart";

let assets: MemeAssets;
let warm: WarmStart;
const widths = { embed: 32, hidden: 32, dim: 32 };
before(async () => {
  await initBackend({ backend: "wasm" });
  assets = await loadMemeAssets();
  warm = await warmStart(assets, widths, 16, { steps: 80, batch: 48, lr: 3e-3, tau: 0.1 }, 0);
});

test("the image tower carries signal after the warm start: picture → own description retrieval far above chance", () => {
  const pool = emojiPool(assets);
  assert.equal(warm.pool, pool.length);
  assert.ok(pool.length > 100, `${pool.length} emoji in the pool`);
  assert.ok(warm.chance < 1, `chance ${warm.chance} % (one description per emoji)`);
  assert.ok(warm.retrievalInit < 3, `random towers retrieve at chance: ${warm.retrievalInit} %`);
  // 80 steps at width 32 (the default scale's 200 steps at width 64 reach ≈ 30 %): ≥ 8× chance, i.e. ≥ 8 hits of ~275 where chance expects 1
  assert.ok(warm.retrieval >= 8 * warm.chance && warm.retrieval > warm.retrievalInit + 2, `after ${warm.steps} steps: ${warm.retrieval} % (chance ${warm.chance} %)`);
  assert.ok(warm.loss[1] < warm.loss[0] - 0.5, `InfoNCE ${warm.loss[0]} → ${warm.loss[1]}`);
  assert.deepEqual([...warm.params.keys()].sort(), ["img/b1", "img/b2", "img/bp", "img/w1", "img/w2", "img/wp"]);
});

test("loadWarm puts the warm image tower into a detector; text-only models are untouched", () => {
  const x = tf.randomUniform([2, IMG, IMG, 3], 0, 1, "float32", 3) as tf.Tensor4D;
  const a = buildModel({ kind: "image", classes: 2, vocab: 10, ...widths, dImg: 1, dTxt: true, fusion: "sum" }, 1);
  const b = buildModel({ kind: "mke", classes: 5, vocab: 50, ...widths, dImg: 1, dTxt: true, fusion: "sum" }, 2);
  const before = imageTower(a, x).arraySync();
  loadWarm(a, warm);
  loadWarm(b, warm);
  const fa = imageTower(a, x).arraySync(), fb = imageTower(b, x).arraySync();
  assert.notDeepEqual(fa, before);
  fa.forEach((row, i) => row.forEach((v, j) => assert.ok(Math.abs(v - fb[i][j]) < 1e-5)));
  const t = buildModel({ kind: "text", classes: 2, vocab: 10, ...widths, dImg: 1, dTxt: true, fusion: "sum" }, 1);
  assert.doesNotThrow(() => loadWarm(t, warm));
  for (const m of [a, b, t]) m.p.dispose();
  x.dispose();
});

test("runs record whether their image tower started warm", async () => {
  const cfg = SCALES.config("smoke", { epochs: 1, data: { nTrain: 100, nTest: 40 }, model: widths, descChars: 16 });
  const p = prepare(generateMemes(cfg.data, 0, assets), cfg);
  assert.equal((await trainRun(p, cfg, { kind: "image", task: 1, seed: 0 })).spec.warm, false, "no warm start on the set");
  p.warm = warm;
  assert.equal((await trainRun(p, cfg, { kind: "image", task: 1, seed: 0 })).spec.warm, true);
  const off = await trainRun(p, cfg, { kind: "concat", task: 1, seed: 0, warm: false, loss: "ce" });
  assert.deepEqual([off.spec.warm, off.spec.loss], [false, "ce"]);
});
