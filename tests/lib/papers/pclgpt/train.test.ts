import { before, test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../../lib/core/backend";
import { Rng } from "../../../../lib/core/train/seed";
import { nextTokenBatch } from "../../../../lib/llm/causal-lm";
import { Tokenizer } from "../../../../lib/llm/tokenizer";
import { MASK, ptBatches, type Corpora } from "../../../../lib/papers/pclgpt/corpus";
import { generatePcl } from "../../../../lib/papers/pclgpt/generator";
import { promptIds, promptVocabulary, VERBALIZERS } from "../../../../lib/papers/pclgpt/prompt";
import { cloneModel, EncoderClassifier, intensityIds, maskBatch, newModel, predictLM, sft } from "../../../../lib/papers/pclgpt/train";

before(async () => {
  await initBackend({ backend: "wasm" });
});

const synth = generatePcl(0, { dpm: { nTrain: 40, nTest: 20 }, td: { nTrain: 64, nTest: 32 }, cpcl: { nTrain: 40, nTest: 20 }, domainEn: 200, domainCn: 50 });
const texts = [...synth.td.train, ...synth.td.test].map((x) => x.text);
const tok = Tokenizer.fit(synth.domainEn, { mode: "word", maxVocab: 400, specials: [...VERBALIZERS.en, MASK], include: [...promptVocabulary("en"), ...texts] });
const corp: Corpora = { lang: "en", tok, generic: synth.domainEn.slice(0, 100), domain: synth.domainEn.slice(100), genericCoverage: 1 };
const shape = { context: 64, dModel: 16, heads: 2, layers: 1, ffn: 32 };

test("MLM masking: ≈15 % of non-pad positions, 80 % <mask> / 10 % random / 10 % kept, targets are the originals", () => {
  const rows = Array.from({ length: 200 }, (_, i) => tok.encode(synth.domainEn[i % 200], { bos: true }));
  const b = nextTokenBatch(rows, 64);
  const m = maskBatch(b, corp, new Rng(1));
  const nonPad = Array.from(b.ids).filter((x) => x !== tok.padId).length;
  const rate = m.positions.length / nonPad;
  assert.ok(Math.abs(rate - 0.15) < 0.02, `mask rate ${rate}`);
  const masked = Array.from(m.positions).filter((p) => m.ids[p] === tok.id(MASK)).length / m.positions.length;
  const kept = Array.from(m.positions).filter((p) => m.ids[p] === b.ids[p]).length / m.positions.length;
  assert.ok(Math.abs(masked - 0.8) < 0.04, `<mask> share ${masked}`);
  assert.ok(kept > 0.06 && kept < 0.16, `kept share ${kept}`);
  Array.from(m.positions).forEach((p, k) => assert.equal(m.targets[k], b.ids[p]));
  for (let i = 0; i < b.ids.length; i++) if (b.ids[i] === tok.padId) assert.equal(m.ids[i], tok.padId, "padding is never masked");
});

test("pre-training rows are packed to the context from <bos> … <eos> sentences", () => {
  const [b] = [...ptBatches(corp, "generic+domain", { steps: 1, batch: 4, context: 32, domainShare: 0.5 }, new Rng(0))];
  assert.equal(b.T, 32);
  assert.equal(b.positions.length, 4 * 31);
  assert.equal(b.ids[0], tok.bosId);
});

test("SFT on TD-like: answer-slot loss falls; cloneModel copies weights; the encoder head predicts a class per item", async () => {
  const m = newModel(corp, shape, 0);
  const c = cloneModel(m);
  assert.deepEqual(Array.from(c.params.get("wte").dataSync()), Array.from(m.params.get("wte").dataSync()));
  const curve = await sft(m, corp, synth.td.train, { definition: true, tiiRate: 0.5 }, { steps: 30, batch: 16, lr: 3e-3 }, 0);
  assert.equal(curve.length, 30);
  const head = curve.slice(0, 5).reduce((a, p) => a + p.loss, 0) / 5;
  const tail = curve.slice(-5).reduce((a, p) => a + p.loss, 0) / 5;
  assert.ok(tail < head, `SFT loss ${head} → ${tail}`);
  const { pred, logp } = predictLM(m, corp, synth.td.test);
  assert.equal(pred.length, 32);
  assert.ok(logp.every((r) => r.length === 2 && r.every((x) => x <= 0)));
  const enc = new EncoderClassifier(newModel(corp, { ...shape, causal: false }, 0), 2, 0);
  await enc.fit(corp, synth.td.train, { steps: 3, batch: 16, lr: 1e-3 }, 0);
  assert.equal(enc.predict(corp, synth.td.test).length, 32);
  const before = tf.memory().numTensors;
  enc.predict(corp, synth.td.test);
  assert.equal(tf.memory().numTensors, before, "prediction frees its tensors");
  enc.dispose();
  m.dispose();
  c.dispose();
});

test("TII reading (b): SFT learns intensity word then label; prediction appends the argmax intensity word before scoring", async () => {
  const m = newModel(corp, shape, 1);
  const curve = await sft(m, corp, synth.td.train, { definition: true, tiiRate: 0, tiiGenerated: true }, { steps: 30, batch: 16, lr: 3e-3 }, 0);
  const head = curve.slice(0, 5).reduce((a, p) => a + p.loss, 0) / 5;
  const tail = curve.slice(-5).reduce((a, p) => a + p.loss, 0) / 5;
  assert.ok(tail < head, `SFT (b) loss ${head} → ${tail}`);
  const items = synth.td.test.slice(0, 6);
  const out = predictLM(m, corp, items, true, true);
  assert.ok(out.intensity && out.intensity.length === 6 && out.intensity.every((g) => g >= 0 && g < 4));
  // by hand: the label is scored after prompt ++ the chosen intensity word
  const ids = intensityIds(corp);
  const verb = VERBALIZERS.en.map((w) => tok.id(w));
  items.forEach((x, i) => {
    const p = promptIds(tok, "en", x.text, { definition: true, tii: null }, 63);
    const iw = m.scoreNext([p], ids)[0];
    assert.equal(out.intensity?.[i], iw.indexOf(Math.max(...iw)));
    const lp = m.scoreNext([[...p, ids[out.intensity?.[i] ?? 0]]], verb)[0];
    assert.deepEqual(out.logp[i].map((v) => v.toFixed(4)), lp.map((v) => v.toFixed(4)));
  });
  assert.equal(predictLM(m, corp, items).intensity, undefined, "reading (a) generates nothing");
  m.dispose();
});
