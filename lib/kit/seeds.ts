/**
 * Seeds: every accuracy-type result runs over several seeds and is reported as mean ± sd. `runSeeds` runs a
 * function once per seed (sequentially, so timings and memory stay per run) and keeps each result with the spread
 * of one metric; the claim takes the per-seed values as `samples`.
 *
 *   const r = await runSeeds([0, 1, 2], (seed) => trainOne({ ...cfg, seed }), { metric: (x) => x.acc });
 *   lab.claim({ ..., samples: r.values });     // verdict on the mean, spread shown
 */
import { spreadOf, type Spread } from "../claims";
import { kitMessages } from "./messages";

export type { Spread };
export { spreadOf };

/** The results of one function over several seeds, and the spread of its metric. */
export interface SeedRuns<R> extends Spread {
  seeds: number[];
  /** Each seed's result, in seed order. */
  results: R[];
  /** Each seed's metric, in seed order (the claim's `samples`). */
  values: number[];
}

/** Options of `runSeeds`. */
export interface RunSeedsOptions<R> {
  /** The number to summarise (default: the result itself when it is a number). */
  metric?: (r: R, seed: number) => number;
}

/** Runs `fn` for each seed in order and summarises `metric` over seeds (mean, sample sd, min, max). */
export async function runSeeds<R>(seeds: readonly number[], fn: (seed: number, index: number) => R | Promise<R>, opts: RunSeedsOptions<R> = {}): Promise<SeedRuns<R>> {
  if (!Array.isArray(seeds) || seeds.length === 0) throw new Error(kitMessages.noSeeds("runSeeds"));
  if (!seeds.every((s) => Number.isInteger(s)) || new Set(seeds).size !== seeds.length) throw new Error(kitMessages.badSeeds(seeds));
  const metric = opts.metric ?? ((r: R) => r as unknown as number);
  const results: R[] = [];
  const values: number[] = [];
  for (const [i, s] of seeds.entries()) {
    const r = await fn(s, i);
    const v = metric(r, s);
    if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(kitMessages.metricNotFinite(s, v));
    results.push(r);
    values.push(v);
  }
  return { seeds: [...seeds], results, values, ...spreadOf(values) };
}

/** `count` consecutive seeds from `base` (base, base + 1, ...): the seeds of a run with master seed `base`. */
export function seedList(base: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => base + i);
}

/** "0.912 ± 0.008" (sd over n seeds; just the mean for n = 1), with `digits` decimals or as percent. */
export function formatSpread(s: Spread, o: { digits?: number; percent?: boolean } = {}): string {
  const k = o.percent ? 100 : 1;
  const d = o.digits ?? (o.percent ? 1 : 3);
  const unit = o.percent ? " %" : "";
  return s.n > 1 ? `${(s.mean * k).toFixed(d)} ± ${(s.sd * k).toFixed(d)}${unit}` : `${(s.mean * k).toFixed(d)}${unit}`;
}
