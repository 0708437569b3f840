/**
 * One toxicn-mm training run through lib/core's `train()`: encoded splits, batches, AdamW, per-epoch evaluation on dev
 * and test (the code selects the epoch by macro-F1 on its "dev" file, which is the test file; we record both
 * selections for C6). Labels: task 1 = label (2 classes), task 2 = type (5 classes, class 0 non-harmful).
 */
import * as tf from "@tensorflow/tfjs";
import { train } from "../../core/train/loop";
import { adamw } from "../../core/train/optim/adamw";
import { Rng } from "../../core/train/seed";
import type { ToxicnConfig } from "./config";
import { corruptKnowledge, type MemeItem, type MemeSet, type MemeSplit } from "./data";
import { IMG } from "./images";
import { detectionScores, modalityRecall, type DetectionScores } from "./metrics";
import { buildModel, decode, forward, memeLoss, type FusionOp, type MemeBatch, type ModelKind } from "./model";
import { buildVocab, encodeAll, vocabSize, type CharVocab } from "./text";
import { loadWarm, type WarmStart } from "./warmstart";

/** One run's settings. */
export interface RunSpec {
  kind: ModelKind;
  task: 1 | 2;
  seed: number;
  /** Description style and corruption ρ (MKE only). */
  style?: "free" | "judged";
  rho?: number;
  /** f_di weight (1 MKE, 0.5 MHKE, 0 none) and whether f_dt is used. */
  dImg?: number;
  dTxt?: boolean;
  fusion?: FusionOp;
  /** Start the image tower from the InfoNCE warm start when the set has one (default true). */
  warm?: boolean;
  /** Loss of this run (default the config's). */
  loss?: "bce" | "ce";
}

/** A split encoded for the towers. */
interface Encoded {
  n: number;
  t: Int32Array;
  dt: Int32Array;
  dtJ: Int32Array;
  di: Int32Array;
  x: Float32Array;
  items: MemeItem[];
}

/** What a run returns. */
export interface RunResult {
  spec: Required<RunSpec>;
  /** Macro-F1 per epoch on dev and on test. */
  devF1: number[];
  testF1: number[];
  /** Epoch chosen on dev (index) and the test scores there; the test F1 of the epoch chosen on test. */
  epoch: number;
  test: DetectionScores;
  testSelectedF1: number;
  /** Harmful recall per modality subset at the chosen epoch (task 1 or 2, any harmful prediction). */
  recall: { fusion: number; text: number; image: number; both: number };
  wallMs: number;
  steps: number;
}

/** Bytes → [0, 1] floats (a plain loop: Float32Array.from with a map function is ~100× slower on V8). */
function toUnit(b: Uint8Array): Float32Array {
  const x = new Float32Array(b.length);
  for (let i = 0; i < b.length; i++) x[i] = b[i] / 255;
  return x;
}

function encodeSplit(s: MemeSplit, v: CharVocab, cfg: ToxicnConfig): Encoded {
  return {
    n: s.items.length, items: s.items,
    t: encodeAll(v, s.items.map((x) => x.text), cfg.textChars),
    dt: encodeAll(v, s.items.map((x) => x.dTxt), cfg.descChars),
    dtJ: encodeAll(v, s.items.map((x) => x.dTxtJudged), cfg.descChars),
    di: encodeAll(v, s.items.map((x) => x.dImg), cfg.descChars),
    x: toUnit(s.images),
  };
}

/** A generated set ready for runs: vocabulary from train only (unknown characters of dev/test map to id 1). */
export interface Prepared {
  set: MemeSet;
  vocab: CharVocab;
  train: Encoded;
  dev: Encoded;
  test: Encoded;
  /** The InfoNCE warm start of the image tower (warmstart.ts), shared by every run on this set; absent = none. */
  warm?: WarmStart;
}

/** Encodes a generated set (the vocabulary covers the train strings of both styles). */
export function prepare(set: MemeSet, cfg: ToxicnConfig): Prepared {
  const vocab = buildVocab(set.train.items.flatMap((x) => [x.text, x.dTxt, x.dTxtJudged, x.dImg]));
  return { set, vocab, train: encodeSplit(set.train, vocab, cfg), dev: encodeSplit(set.dev, vocab, cfg), test: encodeSplit(set.test, vocab, cfg) };
}

function rows(a: Int32Array, idx: readonly number[], L: number): tf.Tensor2D {
  const out = new Int32Array(idx.length * L);
  idx.forEach((i, r) => out.set(a.subarray(i * L, (i + 1) * L), r * L));
  return tf.tensor2d(out, [idx.length, L], "int32");
}

/** The batch of items `idx` of a split (task 1: one-hot label; task 2: one-hot type). */
export function batchOf(e: Encoded, idx: readonly number[], cfg: ToxicnConfig, task: 1 | 2, style: "free" | "judged"): MemeBatch {
  const P = IMG * IMG * 3;
  const x = new Float32Array(idx.length * P);
  idx.forEach((i, r) => x.set(e.x.subarray(i * P, (i + 1) * P), r * P));
  const C = task === 1 ? 2 : 5;
  const y = new Float32Array(idx.length * C);
  idx.forEach((i, r) => (y[r * C + (task === 1 ? e.items[i].label : e.items[i].type)] = 1));
  return {
    t: rows(e.t, idx, cfg.textChars), dt: rows(style === "judged" ? e.dtJ : e.dt, idx, cfg.descChars), di: rows(e.di, idx, cfg.descChars),
    x: tf.tensor4d(x, [idx.length, IMG, IMG, 3]), y: tf.tensor2d(y, [idx.length, C]),
  };
}

function disposeBatch(b: MemeBatch): void {
  for (const t of [b.t, b.dt, b.di, b.x, b.y]) t.dispose();
}

/** Re-encodes the descriptions of a split after corruption with ρ (same vocabulary). */
function withRho(e: Encoded, v: CharVocab, cfg: ToxicnConfig, rho: number, r: Rng): Encoded {
  if (rho === 0) return e;
  const items = corruptKnowledge(e.items, rho, r);
  return { ...e, dt: encodeAll(v, items.map((x) => x.dTxt), cfg.descChars), dtJ: encodeAll(v, items.map((x) => x.dTxtJudged), cfg.descChars), di: encodeAll(v, items.map((x) => x.dImg), cfg.descChars) };
}

/** Predictions of a model on a whole split (batches of 256). */
function predictAll(m: ReturnType<typeof buildModel>, e: Encoded, cfg: ToxicnConfig, task: 1 | 2, style: "free" | "judged"): Int32Array {
  const out = new Int32Array(e.n);
  for (let s = 0; s < e.n; s += 256) {
    const idx = Array.from({ length: Math.min(256, e.n - s) }, (_, i) => s + i);
    const b = batchOf(e, idx, cfg, task, style);
    const z = forward(m, b);
    out.set(decode(z), s);
    z.dispose();
    disposeBatch(b);
  }
  return out;
}

/** Trains one model and scores it every epoch on dev and test. */
export async function trainRun(p: Prepared, cfg: ToxicnConfig, spec: RunSpec): Promise<RunResult> {
  const full: Required<RunSpec> = { style: "free", rho: 0, dImg: 1, dTxt: true, fusion: "sum", warm: true, loss: cfg.loss, ...spec };
  const r = new Rng(full.seed).fork("toxicn-mm/run");
  const rr = r.fork("rho");
  const tr = withRho(p.train, p.vocab, cfg, full.rho, rr.fork("train")), dv = withRho(p.dev, p.vocab, cfg, full.rho, rr.fork("dev")), te = withRho(p.test, p.vocab, cfg, full.rho, rr.fork("test"));
  const C = full.task === 1 ? 2 : 5;
  const m = buildModel({ kind: full.kind, classes: C, vocab: vocabSize(p.vocab), ...cfg.model, dImg: full.dImg, dTxt: full.dTxt, fusion: full.fusion }, full.seed);
  full.warm = full.warm && p.warm !== undefined; // records whether this run really started warm
  if (full.warm && p.warm) loadWarm(m, p.warm);
  const truth = (e: Encoded): number[] => e.items.map((x) => (full.task === 1 ? x.label : x.type));
  const devF1: number[] = [], testF1: number[] = [], preds: Int32Array[] = [];
  const order = r.fork("order");
  const res = await train({
    data: function* () {
      const perm = order.permutation(tr.n);
      for (let s = 0; s + cfg.batch <= tr.n; s += cfg.batch) yield batchOf(tr, perm.slice(s, s + cfg.batch), cfg, full.task, full.style);
    },
    loss: (b) => memeLoss(forward(m, b), b.y, full.loss),
    optimizer: adamw({ learningRate: cfg.lr, weightDecay: cfg.weightDecay }),
    variables: m.p.trainable(),
    epochs: cfg.epochs,
    progress: "none",
    evaluate: () => {
      const pd = predictAll(m, dv, cfg, full.task, full.style), pt = predictAll(m, te, cfg, full.task, full.style);
      devF1.push(detectionScores(truth(dv), pd, C).f1);
      testF1.push(detectionScores(truth(te), pt, C).f1);
      preds.push(pt);
      return { devF1: devF1[devF1.length - 1], testF1: testF1[testF1.length - 1] };
    },
  });
  m.p.dispose();
  const epoch = devF1.indexOf(Math.max(...devF1));
  return {
    spec: full, devF1, testF1, epoch, test: detectionScores(truth(te), preds[epoch], C), testSelectedF1: Math.max(...testF1),
    recall: modalityRecall(te.items.map((x) => x.modal), preds[epoch]), wallMs: res.wallMs, steps: res.steps,
  };
}
