/**
 * PclGPT-mini's stages on lib/llm's tiny causal LM, and the equally sized MLM encoder baseline (the "PLM" rows):
 *   pre-train  — next-token loss on packed generic (+ domain) text (the paper's continued pre-training, card §2.1 step 2);
 *   SFT        — prompt (definition + optional TII + text + question + <sep>) → one verbalizer token; the loss is the
 *                cross-entropy at the answer slot only (card §2.1 step 3); class-balanced batches (PCL / not);
 *                TII reading (b): prompt → intensity word → verbalizer, loss on those two slots (`continuationBatch`);
 *   predict    — argmax over the verbalizers' log-probabilities at the answer slot (no text is sampled past it);
 *                reading (b) first takes the argmax intensity word at the slot, appends it, then scores the label;
 *   encoder    — same stack without the causal mask, MLM pre-training (15 %: 80 % <mask>, 10 % random, 10 % kept) on
 *                the same corpora, then a [CLS]-position linear head fine-tuned with softmax cross-entropy.
 * Everything runs through lib/core's one training loop (`train`) with AdamW and a warmup-cosine schedule.
 */
import * as tf from "@tensorflow/tfjs";
import { softmaxCrossEntropy } from "../../core/kernels/softmax-cross-entropy";
import { ParamStore } from "../../core/nn/params";
import { train } from "../../core/train/loop";
import { adamw } from "../../core/train/optim/adamw";
import { warmupCosine } from "../../core/train/schedule";
import { Rng } from "../../core/train/seed";
import { CausalLM, answerBatch, continuationBatch, padIds, type CausalLMConfig, type TokenBatch } from "../../llm/causal-lm";
import { MASK, ptBatches, type Corpora, type PtSource } from "./corpus";
import type { PclItem } from "./generator";
import { INTENSITY_WORDS, promptIds, VERBALIZERS, type Lang } from "./prompt";

/** Optimiser settings of one stage. */
export interface StageConfig {
  steps: number;
  batch: number;
  lr: number;
}

/** One recorded loss point. */
export interface CurvePoint {
  step: number;
  loss: number;
}

/**
 * SFT prompt variant: definition on/off; TII reading (a): the gold intensity sentence on a share `tiiRate` of training
 * prompts (never at test); reading (b), `tiiGenerated`: no TII in the prompt, the model answers the intensity word
 * (trained on the gold grade) and then the label, at training and test alike.
 */
export interface SftVariant {
  definition: boolean;
  tiiRate: number;
  tiiGenerated?: boolean;
}

/** Class of an item: EN binary label, CN grade A–D. */
export const classOf = (lang: Lang, it: PclItem): number => (lang === "en" ? it.label : it.grade);

const optimizer = (s: StageConfig) => adamw({ learningRate: warmupCosine({ peak: s.lr, warmupSteps: Math.max(1, Math.round(s.steps * 0.05)), totalSteps: s.steps, min: s.lr * 0.1 }), weightDecay: 0.01 });

async function runStage(vars: Record<string, tf.Variable>, s: StageConfig, batches: Iterable<TokenBatch> | (() => Iterable<TokenBatch>), loss: (b: TokenBatch) => tf.Scalar): Promise<CurvePoint[]> {
  const opt = optimizer(s);
  const r = await train({ data: () => (typeof batches === "function" ? batches() : batches), loss, optimizer: opt, variables: vars, maxSteps: s.steps, clipNorm: 1, progress: "none" });
  opt.dispose();
  return r.history.map((h) => ({ step: h.step, loss: h.loss }));
}

/** A fresh PclGPT-mini (or, `causal: false`, the encoder) for a corpus' vocabulary. */
export function newModel(c: Corpora, shape: Omit<CausalLMConfig, "vocabSize">, seed: number): CausalLM {
  return new CausalLM({ ...shape, vocabSize: c.tok.size, padId: c.tok.padId }, new Rng(seed).fork(`${shape.causal === false ? "encoder" : "lm"}-${c.lang}`));
}

/** Next-token pre-training on `source` (generic, or generic + domain with P = domainShare per sentence). */
export async function pretrain(m: CausalLM, c: Corpora, source: PtSource, s: StageConfig & { domainShare: number }, seed: number): Promise<CurvePoint[]> {
  const batches = ptBatches(c, source, { steps: s.steps, batch: s.batch, context: m.cfg.context, domainShare: s.domainShare }, new Rng(seed).fork(`pt-${c.lang}-${source}`));
  return runStage(m.params.trainable(), s, batches, (b) => m.loss(b));
}

/**
 * Endless class-balanced batches: slot i of a batch draws uniformly from the PCL items when i is odd, the others when
 * even (the repository's CN SFT file is named `train_balance.json`; on the 9.5 %-positive DPM-like set an unbalanced
 * short SFT learns "never PCL"). A set with one class only is drawn uniformly.
 */
function* balanced(items: readonly PclItem[], batch: number, rng: Rng): Generator<PclItem[]> {
  const pos = items.filter((x) => x.label === 1);
  const neg = items.filter((x) => x.label === 0);
  const pools = pos.length && neg.length ? [neg, pos] : [items];
  for (;;) yield Array.from({ length: batch }, (_, i) => { const p = pools[i % pools.length]; return p[Math.floor(rng.float() * p.length)]; });
}

/** Instruction fine-tuning with the loss on the answer token only. */
export async function sft(m: CausalLM, c: Corpora, train_: readonly PclItem[], v: SftVariant, s: StageConfig, seed: number): Promise<CurvePoint[]> {
  const rng = new Rng(seed).fork(`sft-${c.lang}`);
  const verb = VERBALIZERS[c.lang].map((w) => c.tok.id(w, "verbalizer"));
  const intensity = v.tiiGenerated ? intensityIds(c) : [];
  const it = balanced(train_, s.batch, rng);
  const batches = function* (): Generator<TokenBatch> {
    for (let k = 0; k < s.steps; k++) {
      const items = it.next().value as PclItem[];
      if (v.tiiGenerated) {
        // reading (b): <prompt> → intensity word of the gold grade → label; loss at both slots
        const prompts = items.map((x) => promptIds(c.tok, c.lang, x.text, { definition: v.definition, tii: null }, m.cfg.context - 1));
        yield continuationBatch(prompts, items.map((x) => [intensity[x.grade], verb[classOf(c.lang, x)]]), m.cfg.context, c.tok.padId);
        continue;
      }
      const prompts = items.map((x) => promptIds(c.tok, c.lang, x.text, { definition: v.definition, tii: rng.float() < v.tiiRate ? x.grade : null }, m.cfg.context));
      yield answerBatch(prompts, items.map((x) => verb[classOf(c.lang, x)]), m.cfg.context, c.tok.padId);
    }
  };
  return runStage(m.params.trainable(), s, batches, (b) => m.loss(b));
}

/** Token ids of the intensity words by grade (TII reading (b)); throws naming a word missing from the vocabulary. */
export const intensityIds = (c: Corpora): number[] => INTENSITY_WORDS[c.lang].map((w) => c.tok.id(w, "intensity word"));

const argmax = (r: readonly number[]) => r.indexOf(Math.max(...r));

/**
 * Verbalizer prediction on the test items (prompt without TII): class indices and log P(class) per item. With
 * `tiiGenerated` (reading (b)) the argmax intensity word at the slot is appended first (`intensity` = its grade) and
 * the label is scored after it; nothing else is generated.
 */
export function predictLM(m: CausalLM, c: Corpora, items: readonly PclItem[], definition = true, tiiGenerated = false): { pred: number[]; logp: number[][]; intensity?: number[] } {
  const verb = VERBALIZERS[c.lang].map((w) => c.tok.id(w, "verbalizer"));
  let prompts = items.map((x) => promptIds(c.tok, c.lang, x.text, { definition, tii: null }, m.cfg.context - (tiiGenerated ? 1 : 0)));
  let intensity: number[] | undefined;
  if (tiiGenerated) {
    const ids = intensityIds(c);
    intensity = m.scoreNext(prompts, ids).map(argmax);
    prompts = prompts.map((p, i) => [...p, ids[(intensity as number[])[i]]]);
  }
  const logp = m.scoreNext(prompts, verb);
  return { pred: logp.map(argmax), logp, ...(intensity ? { intensity } : {}) };
}

/** BERT-style masking of next-token rows: 15 % of non-pad positions, 80/10/10. */
export function maskBatch(b: TokenBatch, c: Corpora, rng: Rng, rate = 0.15): TokenBatch {
  const ids = Int32Array.from(b.ids);
  const mask = c.tok.id(MASK);
  const pos: number[] = [];
  const tgt: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    if (ids[i] === c.tok.padId || rng.float() >= rate) continue;
    pos.push(i);
    tgt.push(ids[i]);
    const u = rng.float();
    if (u < 0.8) ids[i] = mask;
    else if (u < 0.9) ids[i] = c.tok.specials + Math.floor(rng.float() * (c.tok.size - c.tok.specials));
  }
  if (pos.length === 0) { pos.push(0); tgt.push(b.ids[0]); }
  return { B: b.B, T: b.T, ids, positions: Int32Array.from(pos), targets: Int32Array.from(tgt) };
}

/** MLM pre-training of the encoder on the same packed rows as the LM. */
export async function pretrainEncoder(enc: CausalLM, c: Corpora, source: PtSource, s: StageConfig & { domainShare: number }, seed: number): Promise<CurvePoint[]> {
  const rng = new Rng(seed).fork(`mlm-${c.lang}`);
  const rows = ptBatches(c, source, { steps: s.steps, batch: s.batch, context: enc.cfg.context, domainShare: s.domainShare }, new Rng(seed).fork(`pt-${c.lang}-${source}`));
  const batches = (function* () { for (const b of rows) yield maskBatch(b, c, rng); })();
  return runStage(enc.params.trainable(), s, batches, (b) => enc.loss(b));
}

/** The encoder with its classification head over the <bos> ([CLS]) position. */
export class EncoderClassifier {
  readonly head: ParamStore;
  constructor(readonly enc: CausalLM, readonly classes: number, seed: number) {
    this.head = new ParamStore(new Rng(seed).fork("cls-head"), "cls-head");
    this.head.weight("w", [enc.cfg.dModel, classes], "normal02");
    this.head.weight("b", [classes], "zeros");
  }

  /** Logits [B, classes] of `<bos> text` rows: h[:, 0, :] W + b. */
  logits(ids: Int32Array, B: number, T: number): tf.Tensor2D {
    const h = this.enc.hidden(tf.tensor2d(ids, [B, T], "int32"));
    const cls = tf.reshape(tf.slice(h, [0, 0, 0], [B, 1, this.enc.cfg.dModel]), [B, this.enc.cfg.dModel]);
    return tf.add(tf.matMul(cls, this.head.get("w")), this.head.get("b")) as tf.Tensor2D;
  }

  rows(c: Corpora, items: readonly PclItem[]): { ids: Int32Array; B: number; T: number } {
    return padIds(items.map((x) => c.tok.encode(x.text, { bos: true })), this.enc.cfg.context, c.tok.padId, "an encoder input");
  }

  /** Fine-tunes encoder + head with softmax cross-entropy on the classes. */
  async fit(c: Corpora, items: readonly PclItem[], s: StageConfig, seed: number): Promise<CurvePoint[]> {
    const it = balanced(items, s.batch, new Rng(seed).fork(`enc-sft-${c.lang}`));
    const batches = function* (this: EncoderClassifier): Generator<{ r: ReturnType<EncoderClassifier["rows"]>; y: number[] }> {
      for (let k = 0; k < s.steps; k++) { const xs = it.next().value as PclItem[]; yield { r: this.rows(c, xs), y: xs.map((x) => classOf(c.lang, x)) }; }
    }.bind(this);
    const opt = optimizer(s);
    const r = await train({
      data: () => batches(), optimizer: opt, variables: { ...this.enc.params.trainable(), ...this.head.trainable() }, maxSteps: s.steps, clipNorm: 1, progress: "none",
      loss: (b) => softmaxCrossEntropy(tf.oneHot(tf.tensor1d(b.y, "int32"), this.classes).toFloat(), this.logits(b.r.ids, b.r.B, b.r.T)) as tf.Scalar,
    });
    opt.dispose();
    return r.history.map((h) => ({ step: h.step, loss: h.loss }));
  }

  predict(c: Corpora, items: readonly PclItem[], batch = 64): number[] {
    const out: number[] = [];
    for (let i = 0; i < items.length; i += batch) {
      const r = this.rows(c, items.slice(i, i + batch));
      const am = tf.tidy(() => tf.argMax(this.logits(r.ids, r.B, r.T), 1));
      out.push(...Array.from(am.dataSync()));
      am.dispose();
    }
    return out;
  }

  dispose(): void {
    this.enc.dispose();
    this.head.dispose();
  }
}

/** A new model with a copy of `m`'s weights (each SFT variant starts from the same pre-trained weights). */
export function cloneModel(m: CausalLM): CausalLM {
  const c = new CausalLM(m.cfg, 0);
  for (const [name, v] of m.params.vars) c.params.get(name).assign(v);
  return c;
}
