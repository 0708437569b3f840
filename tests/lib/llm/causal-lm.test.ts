import { before, test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/core/backend";
import { adamw } from "../../../lib/core/train/optim/adamw";
import { CausalLM, answerBatch, continuationBatch, nextTokenBatch, type CausalLMConfig } from "../../../lib/llm/causal-lm";

before(async () => {
  await initBackend({ backend: "wasm" });
});

const cfg: CausalLMConfig = { vocabSize: 11, context: 8, dModel: 8, heads: 2, layers: 2, ffn: 16 };

function logitsOf(m: CausalLM, seq: number[]): number[][] {
  return tf.tidy(() => m.logits(tf.tensor2d([seq], [1, seq.length], "int32")).arraySync()[0]);
}
const logSoftmax = (z: number[]) => { const mx = Math.max(...z); const s = Math.log(z.reduce((a, x) => a + Math.exp(x - mx), 0)) + mx; return z.map((x) => x - s); };
const close = (a: number, b: number, tol = 1e-4, what = "") => assert.ok(Math.abs(a - b) <= tol * (1 + Math.abs(b)), `${what} ${a} vs ${b}`);

test("causal mask: outputs at t do not depend on tokens after t; the encoder variant does", () => {
  const m = new CausalLM(cfg, 1);
  const a = logitsOf(m, [2, 5, 6, 7, 3]);
  const b = logitsOf(m, [2, 5, 6, 9, 10]);
  for (let t = 0; t < 3; t++) for (let v = 0; v < 11; v++) close(a[t][v], b[t][v], 1e-5, `t ${t}`);
  assert.ok(Math.abs(a[3][0] - b[3][0]) > 1e-6, "position 3 sees its own token");
  const enc = new CausalLM({ ...cfg, causal: false }, 1);
  const ea = logitsOf(enc, [2, 5, 6, 7, 3]);
  const eb = logitsOf(enc, [2, 5, 6, 9, 10]);
  assert.ok(Math.abs(ea[0][0] - eb[0][0]) > 1e-6, "bidirectional: position 0 sees later tokens");
  m.dispose();
  enc.dispose();
});

test("answer-only loss: mean CE of the answer token at each prompt's last slot, padding and other slots ignored", () => {
  const m = new CausalLM(cfg, 2);
  const prompts = [[2, 5, 6, 4], [2, 7, 4]];
  const answers = [9, 10];
  const batch = answerBatch(prompts, answers, cfg.context);
  assert.deepEqual(Array.from(batch.positions), [3, 4 + 2]);
  const loss = tf.tidy(() => m.loss(batch).dataSync()[0]);
  const hand = -prompts.map((p, i) => logSoftmax(logitsOf(m, p)[p.length - 1])[answers[i]]).reduce((a, b) => a + b) / 2;
  close(loss, hand, 1e-4, "answer loss");
  // the gradient reaches no weight through tokens after the slot: changing the answer changes only the target
  const other = tf.tidy(() => m.loss(answerBatch(prompts, [9, 9], cfg.context)).dataSync()[0]);
  assert.notEqual(other, loss);
  m.dispose();
});

test("continuation batch: prompt ++ c[0..k−2] in, loss at the prompt's last slot and each continuation slot but the last", () => {
  const m = new CausalLM(cfg, 4);
  const prompts = [[2, 5, 4], [2, 7, 6, 4]];
  const conts = [[8, 9], [7, 10]];
  const b = continuationBatch(prompts, conts, cfg.context);
  assert.equal(b.T, 5);
  assert.deepEqual(Array.from(b.ids), [2, 5, 4, 8, 0, 2, 7, 6, 4, 7]);
  assert.deepEqual(Array.from(b.positions), [2, 3, 5 + 3, 5 + 4]);
  assert.deepEqual(Array.from(b.targets), [8, 9, 7, 10]);
  const loss = tf.tidy(() => m.loss(b).dataSync()[0]);
  let s = 0;
  prompts.forEach((p, i) => { const seq = [...p, conts[i][0]]; const z = logitsOf(m, seq); s -= logSoftmax(z[p.length - 1])[conts[i][0]] + logSoftmax(z[p.length])[conts[i][1]]; });
  close(loss, s / 4, 1e-4, "continuation loss");
  // k = 1 is answerBatch
  const one = continuationBatch(prompts, [[9], [10]], cfg.context);
  const ans = answerBatch(prompts, [9, 10], cfg.context);
  assert.deepEqual([Array.from(one.ids), Array.from(one.positions), Array.from(one.targets)], [Array.from(ans.ids), Array.from(ans.positions), Array.from(ans.targets)]);
  assert.throws(() => continuationBatch(prompts, [[9], []], cfg.context), /continuation/);
  m.dispose();
});

test("next-token batch: every position but the last predicts the next token; loss matches the hand mean", () => {
  const m = new CausalLM(cfg, 3);
  const seqs = [[2, 5, 6, 3], [2, 7, 3]];
  const b = nextTokenBatch(seqs, cfg.context);
  assert.deepEqual(Array.from(b.positions), [0, 1, 2, 4, 5]);
  assert.deepEqual(Array.from(b.targets), [5, 6, 3, 7, 3]);
  const loss = tf.tidy(() => m.loss(b).dataSync()[0]);
  let s = 0;
  for (const q of seqs) { const z = logitsOf(m, q); for (let t = 0; t + 1 < q.length; t++) s -= logSoftmax(z[t])[q[t + 1]]; }
  close(loss, s / 5, 1e-4, "next-token loss");
  m.dispose();
});

test("verbalizer score by hand: with the blocks' output projections at zero, logits = LN(E[x]+P[t])·Eᵀ", () => {
  const m = new CausalLM(cfg, 4);
  for (let l = 0; l < cfg.layers; l++) for (const n of ["proj", "proj_b", "out", "out_b"]) {
    const v = m.params.get(`h${l}/${n}`);
    v.assign(tf.zerosLike(v));
  }
  const E = m.params.get("wte").arraySync() as number[][];
  const P = m.params.get("wpe").arraySync() as number[][];
  const prompt = [2, 6, 8, 4];
  const t = prompt.length - 1;
  const h = E[prompt[t]].map((x, j) => x + P[t][j]);
  const mu = h.reduce((a, b) => a + b) / h.length;
  const sd = Math.sqrt(h.reduce((a, b) => a + (b - mu) ** 2, 0) / h.length + 1e-5);
  const n = h.map((x) => (x - mu) / sd);
  const z = E.map((row) => row.reduce((a, x, j) => a + x * n[j], 0));
  const lp = logSoftmax(z);
  const [[sTrue, sFalse]] = m.scoreNext([prompt], [9, 10]);
  close(sTrue, lp[9], 1e-4, "TRUE");
  close(sFalse, lp[10], 1e-4, "FALSE");
  const [cont] = m.scoreContinuations(prompt, [[9]]);
  close(cont, lp[9], 1e-4, "one-token continuation");
  m.dispose();
});

test("scoreNext: prompts of mixed lengths, batched by length, come back in their order with their own scores", () => {
  const m = new CausalLM(cfg, 6);
  const prompts = [[2, 5, 6, 7, 8, 4], [2, 4], [2, 9, 4], [2, 5, 6, 7, 4], [2, 7, 4]];
  const batched = m.scoreNext(prompts, [9, 10], 2);
  prompts.forEach((p, i) => {
    const alone = m.scoreNext([p], [9, 10])[0];
    close(batched[i][0], alone[0], 1e-4, `prompt ${i}`);
    close(batched[i][1], alone[1], 1e-4, `prompt ${i}`);
  });
  assert.notEqual(batched[0][0].toFixed(5), batched[1][0].toFixed(5), "different prompts, different scores");
  m.dispose();
});

test("greedy generation returns the continuation only and follows the argmax; stops at a stop token", () => {
  const m = new CausalLM(cfg, 5);
  const prompt = [2, 5, 4];
  const out = m.generate(prompt, { maxNew: 3 });
  assert.equal(out.length, 3);
  const z = logitsOf(m, prompt)[2];
  assert.equal(out[0], z.indexOf(Math.max(...z)));
  const z2 = logitsOf(m, [...prompt, out[0]])[3];
  assert.equal(out[1], z2.indexOf(Math.max(...z2)));
  assert.deepEqual(m.generate(prompt, { maxNew: 5, stop: [out[0]] }), [out[0]]);
  assert.equal(m.generate([1, 2, 3, 4, 5, 6, 7], { maxNew: 5 }).length, 1, "stops at the context");
  m.dispose();
});

test("errors: text past context, token outside the vocabulary, bad shape", () => {
  const m = new CausalLM(cfg, 6);
  assert.throws(() => answerBatch([[1, 2, 3, 4, 5, 6, 7, 8, 9]], [1], cfg.context), /9 tokens, past the model's context of 8/);
  assert.throws(() => m.scoreNext([[2, 3]], [11]), /candidate token id 11 is outside the vocabulary \[0, 11\)/);
  assert.throws(() => m.scoreNext([[2, 3]], []), /at least one candidate/);
  assert.throws(() => new CausalLM({ ...cfg, heads: 3 }), /does not split into 3 heads/);
  m.dispose();
});

test("training: a few AdamW steps on next-token loss memorise a short sequence; memory stays flat", () => {
  const m = new CausalLM({ ...cfg, dModel: 16, ffn: 32 }, 7);
  const b = nextTokenBatch([[2, 5, 6, 7, 8, 9, 3]], cfg.context);
  const opt = adamw({ learningRate: 1e-2, weightDecay: 0 });
  const first = tf.tidy(() => m.loss(b).dataSync()[0]);
  const step = () => tf.tidy(() => { opt.minimize(() => m.loss(b), false, m.params.list()); });
  step(); // creates the optimizer's moments
  const before = tf.memory().numTensors;
  for (let i = 0; i < 59; i++) step();
  assert.equal(tf.memory().numTensors, before, "no tensor leaks per step");
  const last = tf.tidy(() => m.loss(b).dataSync()[0]);
  assert.ok(first > 2 && last < 0.2, `loss ${first} → ${last}`);
  const next = m.generate([2, 5, 6], { maxNew: 3 });
  assert.deepEqual(next, [7, 8, 9]);
  opt.dispose();
  m.dispose();
});
