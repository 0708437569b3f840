/**
 * MFSNN data glue (arXiv 2410.03533, card §5.4): trials from the seeded simulators (datasets/entries/bci-sim.ts) or
 * a recorded session set (loaders.ts), split by day with the card's leakage rules, and turned into decoder inputs
 *   x = (log1p(count) − μ_c) / σ_c   per channel c, μ and σ fitted on training trials only.
 * Training days: 80 % of each day's trials train, 20 % validate (within-day accuracy, model selection); test days:
 * every trial, for evaluation only — they never reach training, normalisation statistics or early stopping
 * (`assertTrainingOnly` guards each of those uses).
 */
import { generateBciSim, type BciParadigm, type BciSimData } from "../../../datasets/entries/bci-sim";
import { stratifiedSplit } from "../../kit/split";
import { Rng } from "../../core/train/seed";
import { mfsnnMessages } from "./messages";

/** The trials a decoder sees: counts `[N, T, C]`, labels, recording day, and (simulator only) the true rates. */
export interface Trials {
  counts: Uint16Array | Float32Array;
  labels: Int32Array;
  day: Int32Array;
  /** 1 for extra trials of the last training day (protocol S with M's trial count), else 0. */
  extra: Uint8Array;
  n: number;
  T: number;
  C: number;
  K: number;
  /** Simulator truth for the ideal observer: `[D, K, T, C]` expected counts per listed day (null for recordings). */
  rates: Float32Array | null;
  /** The days `rates` is listed for. */
  rateDays: number[];
}

/** Simulator settings of one experiment (the generator's parameters minus days, seed and trial offsets). */
export interface SimSpec {
  paradigm: BciParadigm;
  channels: number;
  binMs: number;
  trialMs: number;
  /** Trials per recording day. */
  trials: number;
  depth: number;
  severity: number;
}

/** Wraps generator output as trials. */
export function fromSim(s: BciSimData, extra = false): Trials {
  return { counts: s.counts, labels: s.labels, day: s.day, extra: new Uint8Array(s.n).fill(extra ? 1 : 0), n: s.n, T: s.T, C: s.C, K: s.K, rates: s.rates, rateDays: [...s.params.days] };
}

/**
 * Simulated trials of `days` for population `seed`; test days (≥ testFrom) drifted at `testSeverity` (default: the
 * spec's severity). Training days' trials do not depend on testSeverity.
 */
export function simulate(spec: SimSpec, days: number[], seed: number, o: { testFrom?: number; testSeverity?: number; trials?: number; trialStart?: number } = {}): Trials {
  return fromSim(generateBciSim({
    paradigm: spec.paradigm, channels: spec.channels, binMs: spec.binMs, trialMs: spec.trialMs, depth: spec.depth, severity: spec.severity,
    testSeverity: o.testSeverity ?? spec.severity, testFrom: o.testFrom ?? days[days.length - 1] + 1, trials: o.trials ?? spec.trials, trialStart: o.trialStart ?? 0, days, seed,
  }), (o.trialStart ?? 0) > 0);
}

/** Concatenates trial sets with the same T, C, K (e.g. the base days and the extra trials of protocol S-matched). */
export function concatTrials(parts: Trials[]): Trials {
  const { T, C, K } = parts[0];
  const n = parts.reduce((a, p) => a + p.n, 0);
  const counts = new Float32Array(n * T * C), labels = new Int32Array(n), day = new Int32Array(n), extra = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    if (p.T !== T || p.C !== C || p.K !== K) throw new Error(`concatTrials: shapes differ ([T, C, K] = [${T}, ${C}, ${K}] vs [${p.T}, ${p.C}, ${p.K}])`);
    counts.set(p.counts, at * T * C);
    labels.set(p.labels, at);
    day.set(p.day, at);
    extra.set(p.extra, at);
    at += p.n;
  }
  return { counts, labels, day, extra, n, T, C, K, rates: parts[0].rates, rateDays: parts[0].rateDays };
}

/** Trial indices by role. */
export interface Split {
  trainDays: number[];
  testDays: number[];
  /** Per training day: its training (80 %) and validation (20 %) trials. */
  byDay: { day: number; train: number[]; val: number[] }[];
  /** Extra trials of the last training day (protocol S-matched's pool). */
  extra: number[];
  /** Per test day: all its trials. */
  test: { day: number; idx: number[] }[];
}

/** Splits by day: 80/20 class-stratified within each training day (seeded), all trials of each test day. */
export function splitByDay(d: Trials, trainDays: number[], testDays: number[], rng: Rng, trainFrac = 0.8): Split {
  const overlap = trainDays.filter((x) => testDays.includes(x));
  if (overlap.length) throw new Error(mfsnnMessages.daysOverlap(overlap));
  const of = (day: number, extra: number) => Array.from({ length: d.n }, (_, i) => i).filter((i) => d.day[i] === day && d.extra[i] === extra);
  const byDay = trainDays.map((day) => {
    const idx = of(day, 0);
    const labels = idx.map((i) => d.labels[i]);
    const nTrain = Math.round((trainFrac * idx.length) / d.K) * d.K; // a multiple of K: every class splits alike
    const [tr, va] = stratifiedSplit(labels, [nTrain, idx.length - nTrain], rng.fork(`split/${day}`), d.K);
    return { day, train: tr.map((j) => idx[j]), val: va.map((j) => idx[j]) };
  });
  return { trainDays: [...trainDays], testDays: [...testDays], byDay, extra: of(trainDays[trainDays.length - 1], 1), test: testDays.map((day) => ({ day, idx: of(day, 0) })) };
}

/** Throws when any trial of `idx` comes from a test day (a leak into `purpose`: training, normalisation, early stopping). */
export function assertTrainingOnly(d: Trials, split: Split, idx: readonly number[], purpose: string): void {
  const bad = [...new Set(idx.filter((i) => split.testDays.includes(d.day[i])).map((i) => d.day[i]))];
  if (bad.length) throw new Error(mfsnnMessages.testLeak(purpose, bad));
}

/** Per-channel z-score statistics of log1p(count). */
export interface Normalizer {
  mean: Float32Array;
  std: Float32Array;
}

/** μ_c, σ_c of log1p(count) over every bin of trials `idx` (σ floored at 1e-3 for silent channels). */
export function channelStats(d: Trials, idx: readonly number[]): Normalizer {
  const { T, C } = d;
  const s = new Float64Array(C), s2 = new Float64Array(C);
  for (const i of idx) {
    for (let q = 0; q < T * C; q++) {
      const v = Math.log1p(d.counts[i * T * C + q]), c = q % C;
      s[c] += v;
      s2[c] += v * v;
    }
  }
  const m = idx.length * T;
  const mean = Float32Array.from(s, (v) => v / m);
  const std = Float32Array.from(s2, (v, c) => Math.max(1e-3, Math.sqrt(Math.max(0, v / m - mean[c] ** 2))));
  return { mean, std };
}

/** Normalisation statistics fitted on training trials only (throws on a test-day trial). */
export function fitNormalizer(d: Trials, split: Split, idx: readonly number[]): Normalizer {
  assertTrainingOnly(d, split, idx, "normalisation statistics");
  return channelStats(d, idx);
}

/** Decoder inputs of trials `idx`: `[n, T, C]` z-scored log1p counts (Float32Array, row-major), per-trial normalisers optional. */
export function features(d: Trials, idx: readonly number[], norm: Normalizer | ((i: number) => Normalizer), drop?: Uint8Array): Float32Array {
  const { T, C } = d;
  const out = new Float32Array(idx.length * T * C);
  idx.forEach((i, r) => {
    const z = typeof norm === "function" ? norm(i) : norm;
    for (let q = 0; q < T * C; q++) {
      const c = q % C;
      const count = drop && drop[c] ? 0 : d.counts[i * T * C + q]; // a dropped electrode records nothing
      out[r * T * C + q] = (Math.log1p(count) - z.mean[c]) / z.std[c];
    }
  });
  return out;
}

/** A seeded mask of round(frac·C) dropped electrodes (card claim 3: 20 % of test-day channels zeroed). */
export function channelDropMask(C: number, frac: number, rng: Rng): Uint8Array {
  const m = new Uint8Array(C);
  for (const c of rng.permutation(C).slice(0, Math.round(frac * C))) m[c] = 1;
  return m;
}
