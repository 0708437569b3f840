/**
 * Training and evaluation of one ResNet(-GLAM) classifier on RHEED windows (card §5.3 of arXiv 2411.00332,
 * reconstruction): Adam, lr 2e-3 with cosine decay, batch 32, loss = cross-entropy + 0.5 × MSE on the standardised
 * regression heads, through lab's one training loop; `windowsPerRun` random windows per training run each epoch;
 * macro-F1 on the validation runs after every epoch and on the test runs at the end.
 */
import * as tf from "@tensorflow/tfjs";
import { softmaxCrossEntropy } from "../../core/kernels/softmax-cross-entropy";
import { confusionMatrix, macroF1 } from "../../core/train/metrics";
import { train } from "../../core/train/loop";
import { adamw } from "../../core/train/optim/adamw";
import { warmupCosine } from "../../core/train/schedule";
import { Rng } from "../../core/train/seed";
import { allWindows, runSplits, sampleWindows, stackFrames, targetStats, toBatch, windowEnds, type Phase, type TargetStats, type WindowRef } from "./data";
import type { TrainSettings } from "./config";
import type { RheedDataset } from "./generate";
import { buildModel, countParams, disposeModel, forward, type Model, type ModelConfig } from "./model";

/** One training run's settings: the shared training settings plus the model, the frames and the seed. */
export interface TrainSpec extends TrainSettings {
  model: Partial<ModelConfig>;
  phase: Phase;
  /** First window end (≥ T − 1; shared by T = 1 and T = 4 runs so they see the same windows). */
  firstEnd: number;
  /** Seed of the weights and the window sampling. */
  seed: number;
  /** Keep the model (for the controller or the attention overlay) instead of disposing it. */
  keep?: boolean;
}

/** The result of one run. */
export interface TrainResult {
  variant: string;
  frames: number;
  seed: number;
  phase: Phase;
  /** Per-epoch training loss and validation macro-F1 / accuracy (R2 curves). */
  curve: { epoch: number; step: number; loss: number; valF1: number; valAcc: number }[];
  /** Final macro-F1 and accuracy on the test runs (the claims' number) and on validation. */
  testF1: number;
  valF1: number;
  testAcc: number;
  /** Confusion matrix on the test windows, C[true][pred]. */
  confusion: number[][];
  steps: number;
  msPerStep: number;
  params: number;
  /** The model and its target statistics when `keep` was set (dispose with disposeModel). */
  model?: Model;
  stats: TargetStats;
}

/** Class probabilities [N, K] of windows, evaluated in chunks (inference mode). */
export function predictProba(m: Model, items: readonly WindowRef[], phase: Phase, stats: TargetStats, chunk = 128): Float32Array {
  const T = m.config.frames, S = m.config.size, K = m.config.classes;
  const out = new Float32Array(items.length * K);
  for (let s = 0; s < items.length; s += chunk) {
    const part = items.slice(s, s + chunk);
    const p = tf.tidy(() => {
      const b = toBatch(part, phase, T, S, stats, K);
      return tf.softmax(forward(m, b.x).logits);
    });
    out.set(p.dataSync(), s * K);
    p.dispose();
  }
  return out;
}

/** Class probabilities of the last T frames of a frame buffer (Uint8 [n·S·S], n ≥ T): the closed loop's view. */
export function probaOfFrames(m: Model, frames: Uint8Array): number[] {
  const S = m.config.size, T = m.config.frames;
  const x = new Float32Array(S * S * T);
  stackFrames(frames, frames.length / (S * S) - 1, T, S, x);
  return tf.tidy(() => Array.from(tf.softmax(forward(m, tf.tensor4d(x, [1, S, S, T])).logits).dataSync()));
}

/** Argmax per row of [N, K] probabilities. */
export function argmaxRows(p: Float32Array, K: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < p.length / K; i++) {
    let best = 0;
    for (let k = 1; k < K; k++) if (p[i * K + k] > p[i * K + best]) best = k;
    out.push(best);
  }
  return out;
}

/** Macro-F1, accuracy and confusion of a model on windows. */
export function evaluate(m: Model, items: readonly WindowRef[], phase: Phase, stats: TargetStats): { f1: number; acc: number; confusion: number[][] } {
  const K = m.config.classes;
  const pred = argmaxRows(predictProba(m, items, phase, stats), K);
  const truth = items.map((w) => w.run.label);
  return { f1: macroF1(truth, pred, K), acc: pred.filter((p, i) => p === truth[i]).length / Math.max(1, truth.length), confusion: confusionMatrix(truth, pred, K) };
}

/** Trains one classifier on `d` (train runs) and evaluates it on the validation and test runs. */
export async function trainClassifier(d: RheedDataset, spec: TrainSpec): Promise<TrainResult> {
  const rng = new Rng(spec.seed);
  const splits = runSplits(d);
  const stats = targetStats(splits.train);
  const m = buildModel({ ...spec.model, size: d.params.size }, rng.fork("init"));
  const T = m.config.frames, S = m.config.size, K = m.config.classes;
  const ends = windowEnds(d, spec.phase, Math.max(spec.firstEnd, T - 1));
  const val = allWindows(splits.val, ends.filter((_, i) => i % spec.evalStride === 0)), test = allWindows(splits.test, ends);
  const perEpoch = Math.ceil((splits.train.length * Math.min(spec.windowsPerRun, ends.length)) / spec.batch);
  const total = perEpoch * spec.epochs;
  const opt = adamw({ learningRate: warmupCosine({ peak: spec.lr, warmupSteps: 0, totalSteps: total }), weightDecay: 0 });
  const dataRng = rng.fork("windows");
  const curve: TrainResult["curve"] = [];
  const t0 = Date.now();
  const res = await train({
    data: function* () {
      const items = sampleWindows(splits.train, ends, spec.windowsPerRun, dataRng);
      for (let i = 0; i < items.length; i += spec.batch) yield toBatch(items.slice(i, i + spec.batch), spec.phase, T, S, stats, K);
    },
    loss: (b) => {
      const out = forward(m, b.x, true);
      const ce = softmaxCrossEntropy(b.y, out.logits); // cross-entropy over the 3 tertiles
      const reg = tf.mean(tf.square(tf.sub(out.regression, b.targets))); // MSE on standardised (ln I, Γ, λ)
      return tf.add(ce, tf.mul(reg, spec.regWeight)) as tf.Scalar;
    },
    optimizer: opt,
    variables: m.params.trainable(),
    epochs: spec.epochs,
    stepsPerEpoch: perEpoch,
    progress: "none",
    evaluate: ({ step, epoch }) => {
      const v = evaluate(m, val, spec.phase, stats);
      curve.push({ epoch: epoch + 1, step, loss: NaN, valF1: v.f1, valAcc: v.acc });
      return { valF1: v.f1 };
    },
    callbacks: { onEpochEnd: (r) => { if (curve.length) curve[curve.length - 1].loss = r.loss; } },
  });
  const msPerStep = (Date.now() - t0) / Math.max(1, res.steps);
  const final = evaluate(m, test, spec.phase, stats);
  const out: TrainResult = {
    variant: m.config.variant, frames: T, seed: spec.seed, phase: spec.phase, curve, testF1: final.f1, valF1: curve[curve.length - 1]?.valF1 ?? NaN,
    testAcc: final.acc, confusion: final.confusion, steps: res.steps, msPerStep, params: countParams(m), stats,
  };
  opt.dispose();
  if (spec.keep) out.model = m;
  else disposeModel(m);
  return out;
}
