/**
 * Intervals and trends for claims: a directional claim ("I-EDM beats R-EDM", "a slip is recovered more often than
 * not", "accuracy degrades as the sequence grows") measured on a handful of units (drives, seeds, events) is decided
 * on an interval, not on the sign of one mean.
 *
 * - `bootstrapInterval(units, statistic, opts)`: percentile bootstrap (Efron & Tibshirani 1993, ch. 13) of any
 *   statistic over units, resampled with replacement with the project's `Rng` (seeded: same seed, same interval);
 * - `bootstrapMean` / `bootstrapDifference` (paired or independent groups): the common cases;
 * - `trendTest(points, opts)`: Kendall's τ (or Spearman's ρ, or the least-squares slope) of y on x with a bootstrap
 *   interval over units (a point's `unit`, e.g. its drive or seed, is resampled as a cluster).
 *
 * The claim takes the interval (`lab.claim({ ..., interval })`) and is then decided on it: "> 0" holds only when the
 * interval's lower bound is above 0; the report shows the interval next to ours.
 *
 *   const iv = bootstrapDifference(rEdmErr, iEdmErr, { paired: true, seed, unitName: "drives" });
 *   lab.claim({ id: "C2-order", ..., interval: iv, compare: { kind: "direction", expect: "greater" } });
 *
 * Percentile intervals undercover for a few units (n < ~10): the interval's `n` is shown with it, so a reader
 * sees when it rests on 3 seeds.
 */
import { Rng, type SeedLike } from "../core/train/seed";
import type { ClaimInterval } from "../protocol";
import { claimsMessages } from "./messages";

export type { ClaimInterval };

/** A bootstrap interval of a statistic: the protocol's interval plus how it was drawn. */
export interface Interval extends ClaimInterval {
  /** Resamples whose statistic was finite (a resample can be degenerate, e.g. all x equal for a trend). */
  resamples: number;
  /** The seed the resamples were drawn with. */
  seed: SeedLike;
}

/** Options of the bootstrap helpers. */
export interface BootstrapOptions {
  /** Coverage of the two-sided interval (default 0.95). */
  level?: number;
  /** Resamples to draw (default 2000). */
  resamples?: number;
  /** Seed of the resampling stream (default 0); pass the run's seed. Same seed, same interval. */
  seed?: SeedLike;
  /** What a unit is, for the interval's description ("drives", "seeds", "slips"; default "units"). */
  unitName?: string;
}

const DEFAULTS = { level: 0.95, resamples: 2000, seed: 0 as SeedLike, unitName: "units" };

function checkOptions(o: BootstrapOptions): Required<BootstrapOptions> {
  const r = { ...DEFAULTS, ...o };
  if (!(r.level > 0 && r.level < 1)) throw new RangeError(claimsMessages.badLevel(r.level));
  if (!Number.isInteger(r.resamples) || r.resamples < 100) throw new RangeError(claimsMessages.badResamples(r.resamples));
  return r;
}

/** Quantile q ∈ [0, 1] of sorted values, linear between order statistics (Hyndman & Fan type 7). Pure. */
export function quantileSorted(sorted: readonly number[], q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const i = Math.floor(h);
  const f = h - i;
  return i + 1 < n ? sorted[i] + f * (sorted[i + 1] - sorted[i]) : sorted[n - 1];
}

/** Arithmetic mean (NaN for an empty list). Pure. */
export function mean(xs: readonly number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}

/**
 * The percentile interval of B = o.resamples draws θ*_b = draw(rng) from one `Rng(o.seed)` stream: [q_{(1−level)/2},
 * q_{(1+level)/2}] of the finite θ*_b (fewer than half finite is an error). `over` words the units for `method`.
 */
function percentileBootstrap(o: Required<BootstrapOptions>, estimate: number, n: number, over: string, draw: (rng: Rng) => number): Interval {
  const rng = new Rng(o.seed);
  const thetas: number[] = [];
  for (let b = 0; b < o.resamples; b++) {
    const t = draw(rng);
    if (Number.isFinite(t)) thetas.push(t);
  }
  if (thetas.length < o.resamples / 2) throw new RangeError(claimsMessages.degenerateResamples(o.resamples - thetas.length, o.resamples));
  thetas.sort((x, y) => x - y);
  const alpha = (1 - o.level) / 2;
  return {
    estimate,
    lo: quantileSorted(thetas, alpha),
    hi: quantileSorted(thetas, 1 - alpha),
    level: o.level,
    n,
    method: `percentile bootstrap over ${over}, ${o.resamples} resamples, seed ${String(o.seed)}`,
    resamples: thetas.length,
    seed: o.seed,
  };
}

/**
 * Percentile bootstrap interval of `statistic` over `units`: B resamples of n units drawn with replacement
 * (`Rng(seed)`), θ*_b = statistic(resample b), interval = [q_{(1−level)/2}, q_{(1+level)/2}] of the θ*_b.
 * `estimate` is the statistic on all units. Resamples whose statistic is not finite are left out (counted in
 * `resamples`); more than half of them non-finite is an error (the statistic is undefined on this data).
 */
export function bootstrapInterval<T>(units: readonly T[], statistic: (sample: readonly T[]) => number, opts: BootstrapOptions = {}): Interval {
  const o = checkOptions(opts);
  const n = units.length;
  if (n < 2) throw new RangeError(claimsMessages.tooFewUnits(n, o.unitName));
  const estimate = statistic(units);
  if (!Number.isFinite(estimate)) throw new RangeError(claimsMessages.statisticNotFinite(estimate, o.unitName));
  const sample: T[] = new Array(n);
  return percentileBootstrap(o, estimate, n, `${n} ${o.unitName}`, (rng) => {
    for (let i = 0; i < n; i++) sample[i] = units[rng.int(n)];
    return statistic(sample);
  });
}

/** Bootstrap interval of the mean of `values` (one value per unit: a seed's accuracy, a drive's error). */
export function bootstrapMean(values: readonly number[], opts: BootstrapOptions = {}): Interval {
  checkFinite(values, "bootstrapMean");
  return bootstrapInterval(values, mean, opts);
}

/** Options of `bootstrapDifference`. */
export interface DifferenceOptions extends BootstrapOptions {
  /**
   * Required, so the design is stated: true when a[i] and b[i] come from the same unit (drive i under both
   * methods, seed i of both models) and are resampled together; false for independent groups, resampled apart.
   */
  paired: boolean;
  /** The statistic of each group (default the mean); the interval is of statistic(a) − statistic(b). */
  statistic?: (xs: readonly number[]) => number;
}

/**
 * Bootstrap interval of statistic(a) − statistic(b) (default: difference of means). Paired: units i are resampled
 * with a[i] and b[i] together (same drives, same seeds); unpaired: each group is resampled on its own (the same
 * stream, a first). "a beats b" as "> 0": lab.claim({ interval: bootstrapDifference(a, b, { paired: true, seed }),
 * compare: { kind: "direction", expect: "greater" } }).
 */
export function bootstrapDifference(a: readonly number[], b: readonly number[], opts: DifferenceOptions): Interval {
  checkFinite(a, "bootstrapDifference (a)");
  checkFinite(b, "bootstrapDifference (b)");
  const stat = opts.statistic ?? mean;
  if (opts.paired) {
    if (a.length !== b.length) throw new RangeError(claimsMessages.pairedLengths(a.length, b.length));
    const pairs = a.map((x, i) => [x, b[i]] as const);
    return bootstrapInterval(pairs, (s) => stat(s.map((p) => p[0])) - stat(s.map((p) => p[1])), opts);
  }
  const o = checkOptions(opts);
  if (a.length < 2 || b.length < 2) throw new RangeError(claimsMessages.tooFewUnits(Math.min(a.length, b.length), o.unitName));
  // Independent groups: one resample is (a*, b*), each drawn from its own group (a first, from one stream).
  const estimate = stat(a) - stat(b);
  if (!Number.isFinite(estimate)) throw new RangeError(claimsMessages.statisticNotFinite(estimate, o.unitName));
  const sa: number[] = new Array(a.length);
  const sb: number[] = new Array(b.length);
  return percentileBootstrap(o, estimate, a.length + b.length, `${a.length} + ${b.length} ${o.unitName} (groups resampled apart)`, (rng) => {
    for (let i = 0; i < a.length; i++) sa[i] = a[rng.int(a.length)];
    for (let i = 0; i < b.length; i++) sb[i] = b[rng.int(b.length)];
    return stat(sa) - stat(sb);
  });
}

function checkFinite(xs: readonly number[], what: string): void {
  const bad = xs.findIndex((x) => typeof x !== "number" || !Number.isFinite(x));
  if (bad >= 0) throw new RangeError(claimsMessages.notFinite(what, bad, xs[bad]));
}

// ---------------------------------------------------------------------------------------------------
// Trends

/** One observation of a trend: y measured at x, from unit `unit` (a drive, a seed; resampled as a cluster). */
export interface TrendPoint {
  x: number;
  y: number;
  /** The unit the point comes from: points of one unit are resampled together. Default: each point its own unit. */
  unit?: string | number;
}

/** The trend statistics `trendTest` can bootstrap. */
export type TrendStatistic = "kendall" | "spearman" | "slope";

/** Options of `trendTest`. */
export interface TrendOptions extends BootstrapOptions {
  /** Kendall's τ_b (default), Spearman's ρ, or the least-squares slope dy/dx. */
  statistic?: TrendStatistic;
}

/** A trend of y on x with its bootstrap interval. */
export interface Trend extends Interval {
  statistic: TrendStatistic;
  /** "decreasing" when the interval lies below 0, "increasing" above, else "no trend shown". */
  direction: "decreasing" | "increasing" | "no trend shown";
}

/** Kendall's τ_b of paired values (ties in x or y handled; NaN when x or y is constant). O(n²). Pure. */
export function kendallTau(xs: readonly number[], ys: readonly number[]): number {
  let concordant = 0;
  let tx = 0; // pairs tied in x only counted through n1
  let ty = 0;
  let n0 = 0;
  const n = xs.length;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const dx = Math.sign(xs[j] - xs[i]);
      const dy = Math.sign(ys[j] - ys[i]);
      n0++;
      if (dx === 0) tx++;
      if (dy === 0) ty++;
      concordant += dx * dy;
    }
  // τ_b = (C − D) / √((n0 − n1)(n0 − n2)), n1 / n2 = pairs tied in x / y.
  const den = Math.sqrt((n0 - tx) * (n0 - ty));
  return den > 0 ? concordant / den : NaN;
}

/** Ranks 1..n with ties given their average rank. Pure. */
export function ranks(xs: readonly number[]): number[] {
  const idx = xs.map((_, i) => i).sort((a, b) => xs[a] - xs[b]);
  const r = new Array<number>(xs.length);
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && xs[idx[j + 1]] === xs[idx[i]]) j++;
    for (let k = i; k <= j; k++) r[idx[k]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}

/** Pearson correlation (NaN when x or y is constant). Pure. */
function pearson(xs: readonly number[], ys: readonly number[]): number {
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}

/** Spearman's ρ: Pearson correlation of the (average) ranks. Pure. */
export function spearmanRho(xs: readonly number[], ys: readonly number[]): number {
  return pearson(ranks(xs), ranks(ys));
}

/** Least-squares slope of y on x, Σ(x − x̄)(y − ȳ) / Σ(x − x̄)² (NaN when x is constant). Pure. */
export function olsSlope(xs: readonly number[], ys: readonly number[]): number {
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  return sxx > 0 ? sxy / sxx : NaN;
}

const TREND_FN: Record<TrendStatistic, (xs: readonly number[], ys: readonly number[]) => number> = {
  kendall: kendallTau,
  spearman: spearmanRho,
  slope: olsSlope,
};

/**
 * Trend of y on x: the statistic (Kendall's τ_b by default) on all points and its percentile bootstrap interval,
 * resampling units (points sharing a `unit` go together, so seeds or drives measured at every x are one cluster;
 * without units each point is resampled alone). "Degrades as x grows" holds when the interval lies below 0:
 *   const t = trendTest(points, { seed, unitName: "drives" });
 *   lab.claim({ ..., interval: t, compare: { kind: "direction", expect: "less" } });
 * Needs at least 2 units and 2 distinct x.
 */
export function trendTest(points: readonly TrendPoint[], opts: TrendOptions = {}): Trend {
  const statistic = opts.statistic ?? "kendall";
  const fn = TREND_FN[statistic];
  if (!fn) throw new RangeError(claimsMessages.badTrendStatistic(statistic));
  for (const [i, p] of points.entries())
    if (!Number.isFinite(p?.x) || !Number.isFinite(p?.y)) throw new RangeError(claimsMessages.notFinite("trendTest (x, y)", i, p && `(${p.x}, ${p.y})`));
  if (new Set(points.map((p) => p.x)).size < 2) throw new RangeError(claimsMessages.constantX(points.length));
  // Clusters: one per unit id, or one per point.
  const byUnit = new Map<string | number, TrendPoint[]>();
  points.forEach((p, i) => {
    const k = p.unit ?? `point ${i}`;
    const list = byUnit.get(k);
    if (list) list.push(p);
    else byUnit.set(k, [p]);
  });
  const clusters = [...byUnit.values()];
  const stat = (cs: readonly TrendPoint[][]): number => {
    const flat = cs.flat();
    return fn(
      flat.map((p) => p.x),
      flat.map((p) => p.y),
    );
  };
  const iv = bootstrapInterval(clusters, stat, { ...opts, unitName: opts.unitName ?? (points.some((p) => p.unit !== undefined) ? "units" : "points") });
  const direction = iv.hi < 0 ? "decreasing" : iv.lo > 0 ? "increasing" : "no trend shown";
  const name = statistic === "kendall" ? "Kendall's τ" : statistic === "spearman" ? "Spearman's ρ" : "slope";
  return { ...iv, statistic, direction, method: `${name}, ${iv.method}` };
}
