/**
 * Data glue for the ResNet-GLAM (arXiv 2411.00332 reconstruction): the `rheed-qd` generator's runs → model inputs.
 * A sample is a window of the last T frames of one phase of one run, ending at frame `end`, stacked as channels
 * x [S, S, T] (each frame standardised), with the run's class label and standardised regression targets (ln I, Γ, λ). Windows
 * of a run never cross splits (assertRunSplits); every window of a run inherits the run's split.
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../core/train/seed";
import { assertRunSplits, splitRuns, type RheedDataset, type RheedRun, type Split } from "./generate";
import { rheedMessages } from "./messages";

/** Which frames feed the model: the anneal before InAs (reconstruction only) or the deposition (2D→3D). */
export type Phase = "anneal" | "deposition";

/** One sample: run and the index of the window's last frame. */
export interface WindowRef {
  run: RheedRun;
  end: number;
}

/** Mean and sd of the regression targets over the training runs (for standardisation). */
export interface TargetStats {
  mean: [number, number, number];
  sd: [number, number, number];
}

/** The regression targets of a run: measured ln I, Γ (meV), λ_peak (nm). */
export function targetsOf(r: RheedRun): [number, number, number] {
  return [r.measured.lnI, r.measured.fwhm, r.measured.peakNm];
}

/** Target statistics over runs (sd floored at 1e-6). */
export function targetStats(runs: readonly RheedRun[]): TargetStats {
  const mean: [number, number, number] = [0, 0, 0], sd: [number, number, number] = [0, 0, 0];
  for (const r of runs) targetsOf(r).forEach((v, i) => (mean[i] += v / runs.length));
  for (const r of runs) targetsOf(r).forEach((v, i) => (sd[i] += (v - mean[i]) ** 2 / runs.length));
  return { mean, sd: sd.map((v) => Math.max(1e-6, Math.sqrt(v))) as [number, number, number] };
}

/** Frames of a phase per run. */
export function phaseFrames(d: RheedDataset, phase: Phase): number {
  return phase === "anneal" ? d.params.annealFrames : d.params.depositionFrames;
}

/** Window ends of a phase: every frame from `firstEnd` on (firstEnd ≥ T − 1; the same ends for T = 1 and T = 4 keep them comparable). */
export function windowEnds(d: RheedDataset, phase: Phase, firstEnd: number): number[] {
  const F = phaseFrames(d, phase);
  return Array.from({ length: Math.max(0, F - firstEnd) }, (_, i) => firstEnd + i);
}

/** The runs of the three splits, checked to be disjoint. */
export function runSplits(d: RheedDataset): Record<Split, RheedRun[]> {
  const s = { train: splitRuns(d, "train"), val: splitRuns(d, "val"), test: splitRuns(d, "test") };
  assertRunSplits(s);
  return s;
}

/** Every (run, end) window of `runs`. */
export function allWindows(runs: readonly RheedRun[], ends: readonly number[]): WindowRef[] {
  return runs.flatMap((run) => ends.map((end) => ({ run, end })));
}

/** `perRun` random window ends per run (a training epoch's sample; fresh each epoch from `rng`). */
export function sampleWindows(runs: readonly RheedRun[], ends: readonly number[], perRun: number, rng: Rng): WindowRef[] {
  const out: WindowRef[] = [];
  for (const run of runs) {
    const pick = rng.permutation(ends.length).slice(0, Math.min(perRun, ends.length));
    for (const i of pick) out.push({ run, end: ends[i] });
  }
  return rng.shuffle(out);
}

/**
 * Writes the window of T frames ending at `end` of a frame buffer [F·S·S] (uint8) into `x` at `base` as [S, S, T],
 * each frame standardised to zero mean and unit sd (removes the camera gain; channels in time order).
 */
export function stackFrames(buf: Uint8Array, end: number, T: number, S: number, x: Float32Array, base = 0): void {
  const F = buf.length / (S * S);
  if (!Number.isInteger(F) || end >= F || end - T + 1 < 0) throw new Error(rheedMessages.badStack([F, S, S], `a window of ${T} frames ending at ${end} inside ${F} frames of ${S}×${S}`));
  for (let t = 0; t < T; t++) {
    const off = (end - T + 1 + t) * S * S;
    let m = 0, m2 = 0;
    for (let i = 0; i < S * S; i++) { m += buf[off + i]; m2 += buf[off + i] ** 2; }
    m /= S * S;
    const sd = Math.sqrt(Math.max(1e-6, m2 / (S * S) - m * m));
    for (let i = 0; i < S * S; i++) x[base + i * T + t] = (buf[off + i] - m) / sd;
  }
}

/** Stacks windows into x [N, S, S, T] (per-frame standardised), labels [N] and standardised targets [N, 3]. */
export function stackWindows(items: readonly WindowRef[], phase: Phase, T: number, S: number, stats: TargetStats): { x: Float32Array; labels: Int32Array; targets: Float32Array } {
  const x = new Float32Array(items.length * S * S * T);
  const labels = new Int32Array(items.length);
  const targets = new Float32Array(items.length * 3);
  items.forEach(({ run, end }, n) => {
    stackFrames(phase === "anneal" ? run.anneal : run.deposition, end, T, S, x, n * S * S * T);
    labels[n] = run.label;
    targetsOf(run).forEach((v, i) => (targets[3 * n + i] = (v - stats.mean[i]) / stats.sd[i]));
  });
  return { x, labels, targets };
}

/** A batch as tensors. */
export interface Batch {
  x: tf.Tensor4D;
  labels: Int32Array;
  y: tf.Tensor2D;
  targets: tf.Tensor2D;
}

/** Windows → tensors (x [N,S,S,T], one-hot y [N,K], targets [N,3]). */
export function toBatch(items: readonly WindowRef[], phase: Phase, T: number, S: number, stats: TargetStats, classes = 3): Batch {
  const s = stackWindows(items, phase, T, S, stats);
  return {
    x: tf.tensor4d(s.x, [items.length, S, S, T]),
    labels: s.labels,
    y: tf.oneHot(tf.tensor1d(s.labels, "int32"), classes).toFloat() as tf.Tensor2D,
    targets: tf.tensor2d(s.targets, [items.length, 3]),
  };
}
