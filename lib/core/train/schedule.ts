/**
 * Learning-rate schedules: functions from the 0-based optimizer step to a learning rate.
 * Pass one as `learningRate` to `adamw` / `lamb`, which evaluate it at every step.
 */
import { trainMessages } from "./messages";

/** A learning-rate schedule: step (0-based) → learning rate. */
export type Schedule = (step: number) => number;

/** Options of `warmupCosine`. */
export interface WarmupCosineOptions {
  /** Learning rate reached at the end of the warmup. */
  peak: number;
  /** Steps of linear warmup (0: none). */
  warmupSteps: number;
  /** Total steps; the cosine reaches `min` here and stays there. */
  totalSteps: number;
  /** Final learning rate (default 0). */
  min?: number;
  /** Learning rate at step 0 of the warmup (default 0, as in MAE/DeiT). */
  start?: number;
}

/**
 * Linear warmup then half-cycle cosine decay (MAE/DeiT `adjust_learning_rate`):
 *   t < W:  lr = start + (peak − start) · t / W
 *   t ≥ W:  lr = min + (peak − min) · ½ · (1 + cos(π · min(1, (t − W) / (T − W))))
 */
export function warmupCosine(o: WarmupCosineOptions): Schedule {
  const { peak, warmupSteps: W, totalSteps: T } = o;
  const min = o.min ?? 0;
  const start = o.start ?? 0;
  if (!(peak > 0)) throw new RangeError(trainMessages.badRange("warmupCosine.peak", peak, "a positive number"));
  if (!(W >= 0) || !(T > W)) {
    throw new RangeError(trainMessages.badRange("warmupCosine", `warmupSteps ${W}, totalSteps ${T}`, "0 ≤ warmupSteps < totalSteps"));
  }
  return (t: number) => {
    if (t < W) return start + ((peak - start) * t) / W;
    const p = Math.min(1, (t - W) / (T - W));
    return min + (peak - min) * 0.5 * (1 + Math.cos(Math.PI * p));
  };
}

/** Linear warmup to `peak` over `warmupSteps`, then constant. */
export function linearWarmup(peak: number, warmupSteps: number): Schedule {
  return (t: number) => (t < warmupSteps ? (peak * t) / warmupSteps : peak);
}

/** Cosine decay from `peak` at step 0 to `min` at `totalSteps` (no warmup). */
export function cosineDecay(peak: number, totalSteps: number, min = 0): Schedule {
  return warmupCosine({ peak, warmupSteps: 0, totalSteps, min });
}

/** The schedule's values at steps 0..n-1 (for plots and tests). */
export function sampleSchedule(s: Schedule, n: number): number[] {
  return Array.from({ length: n }, (_, t) => s(t));
}
