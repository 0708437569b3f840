/**
 * Training of the S2NN-style networks through lab's one training loop (`train()`, Adam = AdamW with no decay):
 * - analog (the baseline): L = CE(softmax(τ·p), y);
 * - BAT (card §2.3, reconstructed): binary input, L = CE(softmax(τ·p), y) + λ_s·Σ_c BCE(σ(β(v_c − κ)), 1[c = y])
 *   with v = p (relative) or e (absolute), κ = σ(u) learnable (scalar, or per class in a variant). The BCE of the
 *   firing probability σ(β(v − κ)) is the sigmoid surrogate of the hard spike H(v − κ) the sensor emits (and every
 *   score uses); variants: β annealed β/4 → β, or the spike term on hard spikes themselves (`lab.spike`, sigmoid
 *   surrogate of slope β) counting missed and false spikes, Σ_c [y_c(1 − s_c) + (1 − y_c)s_c], or the BCE's one positive
 *   weighted as its 9 negatives ("balanced": the card's BCE pushes κ up until frames go silent);
 * - OPMoE joint (card §2.4 b): K experts, L = CE(softmax(τ·Σ_k σ(β(p_k − κ_k))), y);
 * - OPMoE specialists (§2.4 c): expert k reads classes c ≡ k (mod K) one-vs-rest: L = Σ_k CE(softmax(τ·p_k), y)
 *   + λ_s·Σ_k Σ_{c ≡ k} BCE(σ(β(p_{k,c} − κ_k)), 1[c = y]).
 * Independent OPMoE experts are BAT runs with different seeds.
 */
import * as tf from "@tensorflow/tfjs";
import { softmaxCrossEntropy } from "../../core/kernels/softmax-cross-entropy";
import { bceWithLogits as sharedBce } from "../../core/train/losses";
import { Rng } from "../../core/train/seed";
import { spike } from "../../core/train/spike";
import { adamw } from "../../core/train/optim/adamw";
import { train, type TrainResult } from "../../core/train/loop";
import type { ProgressMode } from "../../core/train/progress";
import type { BatVariant, TrainConfig } from "./config";
import { batches } from "./data";
import { tidyOf } from "./optics";
import { forward, initExpert, kappaOf, type Bench, type Detection, type Expert } from "./model";

/** How a network is trained. */
export type TrainMode = "analog" | "bat" | "joint" | "specialist";

/** One training run. */
export interface RunSpec {
  mode: TrainMode;
  /** BAT variant (mode "bat"; the others use the card's terms). */
  variant: BatVariant;
  /** Threshold the absolute energy e_c instead of p_c (mode "bat"). */
  absolute: boolean;
  /** Experts (1 unless joint / specialist). */
  K: number;
  seed: number;
  /** Input frames are binary (else grayscale); recorded, the frames themselves are passed in. */
  binary: boolean;
  train: TrainConfig;
  /** Name of the run (variable names, logs). */
  name: string;
}

/** A trained network and what its training cost. */
export interface TrainedNet {
  spec: RunSpec;
  experts: Expert[];
  /**
   * Fixed detector gain of the absolute readout, v = gain·e: 1/ē₀ with ē₀ the mean detected energy Σ_c e_c of the
   * first training batch at initialisation (a calibration locked before training; 1 for the relative readout).
   */
  gain: number;
  /** Mean training loss per epoch. */
  epochLoss: number[];
  steps: number;
  wallMs: number;
  /** Process CPU time of the run, ms (user + system, both threads). */
  cpuMs: number;
}

/**
 * BCE(σ(z), y) summed over classes (weighted by `mask` [10] when given), mean over frames:
 * −[w₊·y·log σ(z) + (1 − y)·log σ(−z)], w₊ = `posWeight` (1 in the card; 9 balances one positive against 9 negatives).
 * The shared loss of lib/core/train/losses.ts with its default "rows" reduction.
 */
export function bceWithLogits(z: tf.Tensor2D, y: tf.Tensor2D, posWeight = 1, mask?: tf.Tensor1D): tf.Scalar {
  return sharedBce(z, y, { posWeight, mask });
}

/** β of step `step` of `total`: constant, or annealed linearly from β/4 to β ("beta-anneal"). */
export function betaAt(spec: RunSpec, step: number, total: number): number {
  const b = spec.train.beta;
  return spec.variant === "beta-anneal" ? b * (0.25 + (0.75 * Math.min(step, total)) / Math.max(total, 1)) : b;
}

/** The spike term of one expert on its values v [B, 10] (p or e), restricted by `mask` [10] (specialists). */
export function spikeTerm(v: tf.Tensor2D, kappa: tf.Tensor, y: tf.Tensor2D, beta: number, variant: BatVariant, mask?: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const x = tf.sub(v, kappa) as tf.Tensor2D; // v − κ, κ broadcast ([] or [10])
    if (variant === "hard-spikes") {
      const s = spike(x, "sigmoid", beta); // hard H(v − κ) forward, β·σ'(β(v − κ)) backward
      let err = tf.add(tf.mul(y, tf.sub(1, s)), tf.mul(tf.sub(1, y), s)); // missed + false spikes
      if (mask) err = tf.mul(err, mask);
      return tf.div(tf.sum(err), v.shape[0]) as tf.Scalar;
    }
    return bceWithLogits(tf.mul(x, beta) as tf.Tensor2D, y, variant === "balanced" ? v.shape[1] - 1 : 1, mask);
  });
}

/** Classes c ≡ k (mod K) read by specialist k, as a 0/1 mask [10]. */
export function ownedMask(k: number, K: number): number[] {
  return Array.from({ length: 10 }, (_, c) => (c % K === k ? 1 : 0));
}

/** The loss of one batch for `spec` (the experts' detections computed here); `gain` scales e for the absolute readout. */
export function lossOf(bench: Bench, experts: Expert[], x: tf.Tensor3D, y: tf.Tensor2D, spec: RunSpec, beta: number, gain = 1): tf.Scalar {
  const t = spec.train;
  const det: Detection[] = experts.map((e) => forward(bench, e, x));
  const ce = (p: tf.Tensor2D) => softmaxCrossEntropy(y, tf.mul(p, t.tau));
  switch (spec.mode) {
    case "analog":
      return ce(det[0].p);
    case "bat": {
      const v = spec.absolute ? (tf.mul(det[0].e, gain) as tf.Tensor2D) : det[0].p;
      return tf.add(ce(det[0].p), tf.mul(spikeTerm(v, kappaOf(experts[0]), y, beta, spec.variant), t.lambdaS)) as tf.Scalar;
    }
    case "joint": {
      // soft vote Σ_k σ(β(p_k − κ_k)) [B, 10]
      const votes = det.map((d, k) => tf.sigmoid(tf.mul(tf.sub(d.p, kappaOf(experts[k])), beta))).reduce((a, b) => tf.add(a, b));
      return ce(votes as tf.Tensor2D);
    }
    case "specialist": {
      const terms = det.map((d, k) => tf.add(ce(d.p), tf.mul(spikeTerm(d.p, kappaOf(experts[k]), y, beta, spec.variant, tf.tensor1d(ownedMask(k, spec.K))), t.lambdaS)));
      return tf.addN(terms) as tf.Scalar;
    }
  }
}

/**
 * Trains `spec.K` fresh experts (seeded by `spec.seed`) on frames x [n, N, N] with labels, through `train()`.
 * κ is per class for the "per-class-kappa" variant, else a scalar.
 */
export async function trainNet(bench: Bench, data: { x: tf.Tensor3D; labels: Int32Array }, spec: RunSpec, o: { progress?: ProgressMode; log?: (s: string) => void } = {}): Promise<TrainedNet> {
  const t = spec.train;
  const rng = new Rng(spec.seed).fork(`s2nn/${spec.name}`);
  const experts = Array.from({ length: spec.K }, (_, k) =>
    initExpert(bench.cfg, rng.fork(`expert${k}`), { kappa0: t.kappa0, perClassKappa: spec.variant === "per-class-kappa", initStd: t.initStd, name: `${spec.name}/e${k}` }));
  const variables: Record<string, tf.Variable> = {};
  for (const e of experts) for (const v of [...e.masks, e.kappaLogit]) variables[v.name] = v;
  const stepsPerEpoch = Math.floor(data.x.shape[0] / t.batch);
  const total = stepsPerEpoch * t.epochs;
  const order = rng.fork("order");
  const cpu0 = process.cpuUsage(), t0 = performance.now();
  const gain = spec.absolute ? calibrationGain(bench, experts[0], data.x, t.batch) : 1;
  const optimizer = adamw({ learningRate: t.lr, weightDecay: 0 });
  const res: TrainResult = await train({
    data: () => batches(data.x, data.labels, t.batch, order),
    loss: (b, info) => lossOf(bench, experts, b.x, b.y, spec, betaAt(spec, info.step, total), gain),
    optimizer,
    variables,
    epochs: t.epochs,
    stepsPerEpoch,
    progress: o.progress ?? "none",
    log: o.log,
    title: spec.name,
  });
  const cpu = process.cpuUsage(cpu0);
  optimizer.dispose();
  return { spec, experts, gain, epochLoss: res.epochs.map((r) => r.loss), steps: res.steps, wallMs: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** 1/ē₀: the inverse mean detected energy Σ_c e_c of the first `batch` frames through the untrained expert. */
export function calibrationGain(bench: Bench, e: Expert, x: tf.Tensor3D, batch: number): number {
  const m = tf.tidy(() => tf.mean(tf.sum(forward(bench, e, tf.slice(x, [0, 0, 0], [Math.min(batch, x.shape[0]), -1, -1])).e, 1)));
  const v = m.dataSync()[0];
  m.dispose();
  return 1 / v;
}

/** Region values of every expert on frames x [n, N, N], in batches: p and e as flat [n·10] arrays per expert. */
export function evaluateNet(bench: Bench, experts: readonly Expert[], x: tf.Tensor3D, evalBatch: number): { p: Float32Array[]; e: Float32Array[] } {
  const n = x.shape[0];
  const p = experts.map(() => new Float32Array(n * 10)), e = experts.map(() => new Float32Array(n * 10));
  for (let i = 0; i < n; i += evalBatch) {
    const b = Math.min(evalBatch, n - i);
    experts.forEach((ex, k) => {
      const d = tidyOf(() => forward(bench, ex, tf.slice(x, [i, 0, 0], [b, -1, -1])));
      p[k].set(d.p.dataSync(), i * 10);
      e[k].set(d.e.dataSync(), i * 10);
      tf.dispose([d.p, d.e]);
    });
  }
  return { p, e };
}
