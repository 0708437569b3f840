/**
 * Training and evaluating one decoder under one protocol (MFSNN arXiv 2410.03533 at small scale) through lib/core's
 * one training loop: Adam, the protocol's batches (protocols.ts), cross-entropy on the scores — or, for the co-author
 * GRU form, sigmoid outputs with MSE to one-hot labels, batch 16, stopped once training accuracy passes 97 %
 * (card §2.4). Evaluation: within-day accuracy on the training days' held-out 20 %, accuracy per test day, with 20 %
 * of the electrodes dropped, and on test days re-drifted at other severities; MFSNN's firing rates per layer and
 * every decoder's operations per trial.
 */
import * as tf from "@tensorflow/tfjs";
import { adamw } from "../../core/train/optim/adamw";
import { train } from "../../core/train/loop";
import { FiringRates } from "../../core/train/energy";
import { softmaxCrossEntropy } from "../../core/kernels/softmax-cross-entropy";
import { Rng } from "../../core/train/seed";
import type { ParamStore } from "../../core/nn/params";
import { baselineOps, buildGru, buildLogreg, buildMlp, gruForward, logregForward, mlpForward, type GruDecoder, type LogregDecoder, type MlpDecoder } from "./baselines";
import { DECODERS, type Decoder, type MfsnnConfig } from "./config";
import { channelStats, features, fitNormalizer, type Normalizer, type Split, type Trials } from "./data";
import { mfsnnMessages } from "./messages";
import { buildMfsnn, lifLayers, mfsnnForward, mfsnnOps, tausOf, type Mfsnn, type Variant } from "./model";
import { protocolBatches, trainingPool, type Protocol } from "./protocols";

/** Everything one seed's runs share: the trials, the split, the re-drifted test sets, the dropped electrodes. */
export interface SeedData {
  seed: number;
  trials: Trials;
  split: Split;
  /** Test-day trials per severity s (the base test days at the configured severity). */
  severityTests: { s: number; trials: Trials }[];
  /** Electrodes zeroed on test days for the channel-drop evaluation. */
  drop: Uint8Array;
  /** Feature arrays of `trials` per normalisation, built on first use. */
  cache: Map<string, { X: Float32Array; norm: Normalizer | ((i: number) => Normalizer) }>;
}

/** One run's results. */
export interface RunResult {
  decoder: Decoder;
  variant: Variant | null;
  protocol: Protocol;
  seed: number;
  /** Mean within-day accuracy on the training days' held-out trials, and per training day. */
  valAcc: number;
  valByDay: { day: number; acc: number }[];
  /** Accuracy per test day and its mean. */
  testByDay: { day: number; acc: number }[];
  testAcc: number;
  /** Mean test-day accuracy with the electrodes of `drop` zeroed. */
  dropAcc: number;
  /** Mean test-day accuracy per drift severity. */
  severity: { s: number; acc: number }[];
  steps: number;
  stopReason: string | null;
  wallMs: number;
  cpuMs: number;
  params: number;
  /** MFSNN: firing rate per LIF layer on the test days, and τ per layer. */
  rates: Record<string, number>;
  taus: Record<string, number>;
  /** Operations and energy per trial (0.9 pJ per AC, 4.6 pJ per MAC). */
  macs: number;
  acs: number;
  energyNj: number;
}

/** A decoder model of any kind. */
export type Model = Mfsnn | GruDecoder | MlpDecoder | LogregDecoder;

/** Builds a decoder for trials of shape [T, C] and K classes. */
export function buildDecoder(cfg: MfsnnConfig, decoder: Decoder, d: Pick<Trials, "T" | "C" | "K">, rng: Rng, variant: Variant = "full"): Model {
  const { T, C, K } = d;
  switch (decoder) {
    case "mfsnn":
      return buildMfsnn({ C, T, K, ...cfg.model, variant }, rng);
    case "gru":
    case "gru-coauthor":
      return buildGru({ T, C, K, H: cfg.gru.hidden, readout: decoder === "gru" ? "mean" : "last" }, rng);
    case "mlp":
      return buildMlp({ T, C, K, ...cfg.mlp }, rng);
    case "logreg":
      return buildLogreg({ T, C, K }, rng);
    default:
      throw new Error(mfsnnMessages.unknownDecoder(String(decoder), DECODERS));
  }
}

/** Scores `[B, K]` of any decoder on x `[B, T, C]`. */
export function forward(m: Model, x: tf.Tensor, training: boolean, step = 0): tf.Tensor2D {
  switch (m.kind) {
    case "mfsnn":
      return mfsnnForward(m, x, training).scores;
    case "gru":
      return gruForward(m, x);
    case "mlp":
      return mlpForward(m, x, training, step * 7919);
    case "logreg":
      return logregForward(m, x);
  }
}

/** The model's parameters. */
export function paramsOf(m: Model): ParamStore {
  return m.params;
}

/** Rows `idx` of a `[n, T, C]` feature array as a tensor `[|idx|, T, C]`. */
export function gather(X: Float32Array, idx: readonly number[], T: number, C: number): tf.Tensor3D {
  const out = new Float32Array(idx.length * T * C);
  idx.forEach((i, r) => out.set(X.subarray(i * T * C, (i + 1) * T * C), r * T * C));
  return tf.tensor3d(out, [idx.length, T, C]);
}

/** Predicted classes of rows `idx` (evaluation mode, chunks of 256); `onSpikes` sees MFSNN's spikes per layer. */
export function predict(m: Model, X: Float32Array, idx: readonly number[], T: number, C: number, rates?: FiringRates): Int32Array {
  const out = new Int32Array(idx.length);
  for (let s = 0; s < idx.length; s += 256) {
    const part = idx.slice(s, s + 256);
    const p = tf.tidy(() => {
      const x = gather(X, part, T, C);
      if (m.kind === "mfsnn" && rates) {
        const o = mfsnnForward(m, x, false, true);
        for (const [name, sp] of Object.entries(o.spikes)) rates.record(name, sp);
        return tf.argMax(o.scores, 1);
      }
      return tf.argMax(forward(m, x, false), 1);
    });
    out.set(p.dataSync() as Int32Array, s);
    p.dispose();
  }
  return out;
}

/** Accuracy of predictions against the labels of `idx`. */
export function accuracy(pred: Int32Array, d: Trials, idx: readonly number[]): number {
  let ok = 0;
  idx.forEach((i, r) => (ok += pred[r] === d.labels[i] ? 1 : 0));
  return idx.length ? ok / idx.length : NaN;
}

/** The normalisation of a protocol: pooled statistics of its training pool, or per day (M+). */
function normFor(sd: SeedData, p: Protocol): { key: string; norm: Normalizer | ((i: number) => Normalizer) } {
  if (p === "M+") {
    const perDay = new Map<number, Normalizer>();
    for (const x of sd.split.byDay) perDay.set(x.day, fitNormalizer(sd.trials, sd.split, x.train));
    for (const x of sd.split.test) perDay.set(x.day, channelStats(sd.trials, x.idx)); // test-time adaptation (unlabeled), reported apart
    return { key: "per-day", norm: (i: number) => perDay.get(sd.trials.day[i])! };
  }
  const pool = trainingPool(p, sd.split);
  return { key: p === "S" || p === "Sm" ? p : "pooled", norm: fitNormalizer(sd.trials, sd.split, pool) };
}

/** Features of the seed's trials under a protocol's normalisation (cached). */
function featuresFor(sd: SeedData, p: Protocol): { X: Float32Array; norm: Normalizer | ((i: number) => Normalizer) } {
  const { key, norm } = normFor(sd, p);
  let hit = sd.cache.get(key);
  if (!hit) {
    hit = { X: features(sd.trials, Array.from({ length: sd.trials.n }, (_, i) => i), norm), norm };
    sd.cache.set(key, hit);
  }
  return hit;
}

/** Trains `decoder` (MFSNN variant `variant`) under protocol `p` on one seed's data and evaluates it. */
export async function runDecoder(cfg: MfsnnConfig, sd: SeedData, decoder: Decoder, p: Protocol, variant: Variant = "full"): Promise<RunResult> {
  const d = sd.trials, { T, C, K } = d;
  const rng = new Rng(`mfsnn/${sd.seed}/${decoder}/${variant}/${p}`);
  const m = buildDecoder(cfg, decoder, d, rng.fork("init"), variant);
  const { X } = featuresFor(sd, p);
  const coauthor = decoder === "gru-coauthor";
  const batch = coauthor ? cfg.gru.coauthorBatch : cfg.batch;
  const pool = trainingPool(p, sd.split);
  const perEpoch = Math.max(1, Math.ceil(pool.length / batch));
  const steps = coauthor ? perEpoch * cfg.gru.coauthorMaxEpochs : cfg.steps;
  const batches = protocolBatches(p, d, sd.split, steps, batch, rng.fork("batches"));
  const opt = adamw({ learningRate: cfg.lr[decoder], weightDecay: 0 });
  const t0 = performance.now(), c0 = process.cpuUsage();
  const res = await train({
    data: function* (epoch: number) {
      for (const idx of batches.slice(epoch * perEpoch, (epoch + 1) * perEpoch)) {
        yield { x: gather(X, idx, T, C), y: tf.oneHot(tf.tensor1d(idx.map((i) => d.labels[i]), "int32"), K).toFloat() };
      }
    },
    loss: (b: { x: tf.Tensor3D; y: tf.Tensor }, info) => {
      const scores = forward(m, b.x, true, info.step);
      return coauthor ? tf.losses.meanSquaredError(b.y, tf.sigmoid(scores)) as tf.Scalar : softmaxCrossEntropy(b.y, scores);
    },
    optimizer: opt,
    variables: m.params.trainable(),
    epochs: Math.ceil(steps / perEpoch),
    maxSteps: steps,
    progress: "none",
    callbacks: coauthor ? {
      onEpochEnd: (_r, c) => {
        const acc = accuracy(predict(m, X, pool, T, C), d, pool);
        if (acc >= cfg.gru.coauthorStopAt) c.stop(`training accuracy ${acc.toFixed(3)} ≥ ${cfg.gru.coauthorStopAt}`);
      },
    } : undefined,
  });
  const wallMs = performance.now() - t0, cu = process.cpuUsage(c0);
  opt.dispose();
  // evaluation
  const valByDay = sd.split.byDay.map((x) => ({ day: x.day, acc: accuracy(predict(m, X, x.val, T, C), d, x.val) }));
  const rates = new FiringRates();
  const testByDay = sd.split.test.map((x) => ({ day: x.day, acc: accuracy(predict(m, X, x.idx, T, C, rates), d, x.idx) }));
  const mean = (xs: { acc: number }[]) => xs.reduce((a, b) => a + b.acc, 0) / Math.max(1, xs.length);
  const { norm } = featuresFor(sd, p);
  const testIdx = sd.split.test.flatMap((x) => x.idx);
  const dropX = features(d, testIdx, norm, sd.drop);
  const dropAcc = accuracy(predict(m, dropX, testIdx.map((_, r) => r), T, C), d, testIdx);
  const severity = sd.severityTests.map(({ s, trials }) => {
    const idx = Array.from({ length: trials.n }, (_, i) => i);
    const days = [...new Set(Array.from(trials.day))];
    const perDay = new Map(days.map((day) => [day, channelStats(trials, idx.filter((i) => trials.day[i] === day))]));
    const Xs = features(trials, idx, p === "M+" ? (i: number) => perDay.get(trials.day[i])! : (norm as Normalizer));
    return { s, acc: accuracy(predict(m, Xs, idx, T, C), trials, idx) };
  });
  const rateMap: Record<string, number> = {};
  if (m.kind === "mfsnn") for (const name of lifLayers(m.spec)) rateMap[name] = rates.rate(name) ?? 0;
  const ops = (m.kind === "mfsnn" ? mfsnnOps(m, rateMap) : baselineOps(m)).total();
  const out: RunResult = {
    decoder, variant: m.kind === "mfsnn" ? variant : null, protocol: p, seed: sd.seed, valAcc: mean(valByDay), valByDay, testByDay, testAcc: mean(testByDay), dropAcc, severity,
    steps: res.steps, stopReason: res.stopReason ?? null, wallMs, cpuMs: (cu.user + cu.system) / 1000, params: m.params.count(),
    rates: rateMap, taus: m.kind === "mfsnn" ? tausOf(m) : {}, macs: ops.macs, acs: ops.acs, energyNj: ops.energyPj / 1000,
  };
  m.params.dispose();
  return out;
}
