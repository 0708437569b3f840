import { test } from "node:test";
import assert from "node:assert/strict";
import {
  bootstrapDifference,
  bootstrapInterval,
  bootstrapMean,
  claimsText,
  evaluateClaim,
  kendallTau,
  olsSlope,
  quantileSorted,
  ranks,
  spearmanRho,
  trendTest,
  type TrendPoint,
} from "../../../lib/claims";
import { claimsMessages } from "../../../lib/claims/messages";
import { Rng } from "../../../lib/core/train/seed";
import { claimValueText } from "../../../lib/protocol";

const direction = { id: "a-beats-b", paper: "toy", statement: "A beats B", paperValue: null, compare: { kind: "direction" as const, expect: "greater" as const } };

/** n draws of N(mu, sd²) from a seeded stream. */
function normals(n: number, mu: number, sd: number, seed: number): number[] {
  const r = new Rng(seed);
  return Array.from({ length: n }, () => r.normal(mu, sd));
}

test("quantiles and ranks: type-7 interpolation, ties get their average rank", () => {
  assert.equal(quantileSorted([1, 2, 3, 4], 0.5), 2.5);
  assert.equal(quantileSorted([1, 2, 3, 4], 0), 1);
  assert.equal(quantileSorted([1, 2, 3, 4], 1), 4);
  assert.ok(Math.abs(quantileSorted([0, 10], 0.025) - 0.25) < 1e-12);
  assert.deepEqual(ranks([10, 30, 20, 20]), [1, 4, 2.5, 2.5]);
});

test("bootstrapMean: a clearly positive mean gives an interval above 0, a noisy zero one that covers 0", () => {
  const pos = bootstrapMean(normals(20, 1, 1, 1), { seed: 3 });
  assert.ok(pos.lo > 0, `lower bound ${pos.lo} should be > 0`);
  assert.ok(pos.lo < pos.estimate && pos.estimate < pos.hi);
  // the percentile interval of a mean is about ±1.96·sd/√n wide: 2 · 1.96 / √20 ≈ 0.88
  assert.ok(pos.hi - pos.lo > 0.5 && pos.hi - pos.lo < 1.3, `width ${pos.hi - pos.lo}`);
  const zero = bootstrapMean(normals(20, 0, 1, 2), { seed: 3 });
  assert.ok(zero.lo < 0 && zero.hi > 0, `[${zero.lo}, ${zero.hi}] should cover 0`);
  assert.equal(pos.n, 20);
  assert.equal(pos.level, 0.95);
  assert.match(pos.method, /percentile bootstrap over 20 units, 2000 resamples, seed 3/);
});

test("bootstrap: the same seed gives the same interval, another seed a slightly different one", () => {
  const xs = normals(15, 0.3, 1, 5);
  const a = bootstrapMean(xs, { seed: 11 });
  const b = bootstrapMean(xs, { seed: 11 });
  const c = bootstrapMean(xs, { seed: 12 });
  assert.deepEqual(a, b);
  assert.notEqual(a.lo, c.lo);
  assert.ok(Math.abs(a.lo - c.lo) < 0.15, "two seeds agree to Monte Carlo error");
  // a wider level gives a wider interval from the same resamples
  const w = bootstrapMean(xs, { seed: 11, level: 0.99 });
  assert.ok(w.lo < a.lo && w.hi > a.hi);
});

test("bootstrapInterval: any statistic over any units (median of objects)", () => {
  const drives = [1, 2, 3, 4, 5, 6, 7, 8, 9, 100].map((err, i) => ({ drive: i, err }));
  const med = bootstrapInterval(drives, (s) => quantileSorted(s.map((d) => d.err).sort((x, y) => x - y), 0.5), { seed: 0, unitName: "drives" });
  assert.equal(med.estimate, 5.5);
  assert.ok(med.hi < 50, "the median's interval ignores the one lost drive");
  assert.match(med.method, /10 drives/);
});

test("bootstrapDifference: paired differences are sharper than the same data unpaired", () => {
  // drive effects shared by both methods (sd 5) and a small consistent gain of 0.5
  const driveEffect = normals(12, 0, 5, 7);
  const noise = normals(24, 0, 0.2, 8);
  const a = driveEffect.map((d, i) => d + 0.5 + noise[i]);
  const b = driveEffect.map((d, i) => d + noise[12 + i]);
  const paired = bootstrapDifference(a, b, { paired: true, seed: 1, unitName: "drives" });
  const unpaired = bootstrapDifference(a, b, { paired: false, seed: 1 });
  assert.ok(paired.lo > 0, `paired lower bound ${paired.lo} > 0`);
  assert.ok(unpaired.lo < 0 && unpaired.hi > 0, "unpaired, the drive-to-drive spread swamps the gain");
  assert.ok(Math.abs(paired.estimate - unpaired.estimate) < 1e-12, "same point estimate (difference of means)");
  assert.equal(unpaired.n, 24);
  assert.match(unpaired.method, /12 \+ 12 units \(groups resampled apart\)/);
  assert.throws(() => bootstrapDifference([1, 2, 3], [1, 2], { paired: true }), new RangeError(claimsMessages.pairedLengths(3, 2)));
});

test("bootstrap: malformed input is refused with the fix", () => {
  assert.throws(() => bootstrapMean([1]), new RangeError(claimsMessages.tooFewUnits(1, "units")));
  assert.throws(() => bootstrapMean([1, NaN, 2]), /value 1 is NaN/);
  assert.throws(() => bootstrapMean([1, 2, 3], { level: 95 }), /level must be a coverage in \(0, 1\)/);
  assert.throws(() => bootstrapMean([1, 2, 3], { resamples: 10 }), /resamples must be an integer ≥ 100/);
  // a statistic undefined on most resamples (a correlation of 2 points) is an error, not a silent interval
  assert.throws(() => trendTest([{ x: 0, y: 0 }, { x: 1, y: 1 }]), /not finite on \d+ of 2000 resamples/);
  assert.throws(() => trendTest([{ x: 1, y: 0 }, { x: 1, y: 1 }, { x: 1, y: 2 }]), /at least 2 distinct x/);
});

test("trend statistics: Kendall's τ_b, Spearman's ρ and the slope on known data", () => {
  const x = [1, 2, 3, 4, 5];
  assert.equal(kendallTau(x, [5, 4, 3, 2, 1]), -1);
  assert.equal(spearmanRho(x, [10, 20, 30, 40, 50]), 1);
  assert.equal(olsSlope(x, [1, 3, 5, 7, 9]), 2);
  // one discordant pair of 10: τ = (9 − 1) / 10
  assert.ok(Math.abs(kendallTau(x, [1, 2, 3, 5, 4]) - 0.8) < 1e-12);
  // ties: τ_b of x = [1, 1, 2], y = [1, 2, 3]: C − D = 2, n0 = 3, n1 = 1, n2 = 0 → 2 / √(2·3)
  assert.ok(Math.abs(kendallTau([1, 1, 2], [1, 2, 3]) - 2 / Math.sqrt(6)) < 1e-12);
  assert.ok(Number.isNaN(kendallTau([1, 2, 3], [4, 4, 4])));
});

test("trendTest: a clear degradation over seeds is shown, a flat noisy curve is not", () => {
  const lengths = [64, 128, 256, 512, 1024];
  const r = new Rng(4);
  // accuracy falls 0.1 per doubling, seed noise sd 0.03; 4 seeds measured at every length
  const falling: TrendPoint[] = [];
  const flat: TrendPoint[] = [];
  for (let seed = 0; seed < 4; seed++)
    lengths.forEach((len, k) => {
      falling.push({ x: len, y: 0.9 - 0.1 * k + r.normal(0, 0.03), unit: seed });
      flat.push({ x: len, y: 0.6 + r.normal(0, 0.03), unit: seed });
    });
  const down = trendTest(falling, { seed: 0, unitName: "seeds" });
  assert.equal(down.statistic, "kendall");
  assert.ok(down.hi < 0, `τ interval [${down.lo}, ${down.hi}] below 0`);
  assert.equal(down.direction, "decreasing");
  assert.equal(down.n, 4, "resampled by seed (4 clusters), not by the 20 points");
  assert.match(down.method, /^Kendall's τ, percentile bootstrap over 4 seeds/);
  const none = trendTest(flat, { seed: 0, unitName: "seeds" });
  assert.equal(none.direction, "no trend shown");
  assert.ok(none.lo < 0 && none.hi > 0);
  const slope = trendTest(falling, { seed: 0, statistic: "slope" });
  assert.ok(slope.hi < 0 && slope.estimate < 0);
  const rho = trendTest(falling, { seed: 0, statistic: "spearman" });
  assert.ok(rho.estimate < -0.8);
  assert.deepEqual(trendTest(falling, { seed: 9 }), trendTest(falling, { seed: 9 }), "seeded");
});

test("a claim with an interval is decided on the interval, not on the sign of its estimate", () => {
  const clear = bootstrapMean(normals(20, 1, 1, 1), { seed: 0, unitName: "drives" });
  const noisy = bootstrapMean(normals(5, 0.3, 1, 21), { seed: 0, unitName: "drives" });
  assert.ok(noisy.estimate > 0, "the noisy estimate is positive ...");
  const a = evaluateClaim({ ...direction, ours: undefined, interval: clear, unit: "m" });
  assert.equal(a.verdict, "holds");
  assert.equal(a.ours, clear.estimate, "ours defaults to the estimate");
  assert.match(a.reason, /95 % interval \[[\d.]+, [\d.]+\] \(n = 20\): every value > 0 m \(percentile bootstrap over 20 drives/);
  const b = evaluateClaim({ ...direction, ours: undefined, interval: noisy });
  assert.equal(b.verdict, "does not hold", "... but its interval covers 0, so '> 0' does not hold");
  assert.match(b.reason, /: not every value > 0 \(/);
  // the record carries the protocol's interval fields only; the report's ours column shows it
  assert.deepEqual(Object.keys(a.interval ?? {}).sort(), ["estimate", "hi", "level", "lo", "method", "n"]);
  assert.match(claimsText([a]), /ours [\d.]+ m, 95 % interval \[[\d.]+, [\d.]+\] \(n = 20\)/);
  assert.equal(claimValueText(1, "m", undefined, { estimate: 1, lo: 0.5, hi: 1.5, level: 0.9, n: 7, method: "x" }), "1 m, 90 % interval [0.5, 1.5] (n = 7)");
});

test("interval decisions for the other comparisons, and malformed intervals", () => {
  const iv = (lo: number, hi: number) => ({ estimate: (lo + hi) / 2, lo, hi, level: 0.95, n: 10, method: "test" });
  const spec = { id: "c", paper: "toy", statement: "s", paperValue: 0.9, ours: undefined };
  assert.equal(evaluateClaim({ ...spec, interval: iv(0.85, 0.95), compare: { kind: "atLeast", value: 0.8 } }).verdict, "holds");
  assert.equal(evaluateClaim({ ...spec, interval: iv(0.75, 0.95), compare: { kind: "atLeast", value: 0.8 } }).verdict, "does not hold");
  assert.equal(evaluateClaim({ ...spec, interval: iv(-2, -1), compare: { kind: "direction", expect: "less" } }).verdict, "holds");
  assert.equal(evaluateClaim({ ...spec, interval: iv(-2, 0.1), compare: { kind: "direction", expect: "less" } }).verdict, "does not hold");
  assert.equal(evaluateClaim({ ...spec, interval: iv(0.2, 0.3), compare: { kind: "range", min: 0.1, max: 0.25 } }).verdict, "does not hold");
  assert.equal(evaluateClaim({ ...spec, interval: iv(0.88, 0.93), compare: { kind: "tolerance", tol: 0.05 } }).verdict, "holds");
  assert.equal(evaluateClaim({ ...spec, interval: iv(0.8, 0.93), compare: { kind: "tolerance", tol: 0.05 } }).verdict, "does not hold");
  // a guard still blocks the verdict
  assert.equal(evaluateClaim({ ...spec, interval: iv(1, 2), compare: { kind: "direction", expect: "greater" }, guards: [{ baseline: "b", value: 0, atLeast: 1 }] }).verdict, "not measured");
  assert.throws(() => evaluateClaim({ ...spec, interval: iv(2, 1), compare: { kind: "direction", expect: "greater" } }), /interval must be \{ estimate, lo, hi/);
});
