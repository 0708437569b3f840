/**
 * Step timing for the claims and the side-by-side PyTorch comparisons: warm-up steps first (kernels compiled,
 * optimizer slots created), then `reps` timed steps; the median is the number reported. Timings are results to
 * report, never asserted in tests.
 */
import { kitMessages } from "./messages";

/** Options of `timeSteps` / `medianStepMs`. */
export interface TimingOptions {
  /** Untimed steps first (default 1). */
  warmup?: number;
  /** Timed steps (default 5). */
  reps?: number;
  /** The clock: wall time (default) or this process's CPU time (robust on a shared machine). */
  clock?: "wall" | "cpu";
}

/** Per-step times of one workload. */
export interface StepTiming {
  /** Median step, ms. */
  medianMs: number;
  /** Fastest step, ms. */
  minMs: number;
  /** Every timed step, ms, in order. */
  timesMs: number[];
  clock: "wall" | "cpu";
}

function now(clock: "wall" | "cpu"): number {
  if (clock === "wall") return performance.now();
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Times `step` (sync or async) `reps` times after `warmup` untimed calls. */
export async function timeSteps(step: () => unknown, o: TimingOptions = {}): Promise<StepTiming> {
  const reps = o.reps ?? 5;
  const clock = o.clock ?? "wall";
  if (!Number.isInteger(reps) || reps < 1) throw new Error(kitMessages.badReps(reps));
  for (let i = 0; i < (o.warmup ?? 1); i++) await step();
  const timesMs: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = now(clock);
    await step();
    timesMs.push(now(clock) - t0);
  }
  const sorted = [...timesMs].sort((a, b) => a - b);
  return { medianMs: median(sorted), minMs: sorted[0], timesMs, clock };
}

/** The median time of one step in ms (see `timeSteps`). */
export async function medianStepMs(step: () => unknown, o: TimingOptions = {}): Promise<number> {
  return (await timeSteps(step, o)).medianMs;
}

/** Median of numbers (mean of the two middle values for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
