/**
 * The I-EDM paper's numbers (arXiv 2409.03433, abstract) and the card's claims C1–C5 (../shared/papers/iedm-gnss.md
 * §4), each evaluated from a run into a `lab.claim` spec that can fail. The paper's numbers are context, never ours.
 */
import { bootstrapInterval, bootstrapMean, trendTest, type ClaimSpec, type RegimeGuard, type TrendPoint } from "../../claims";
import { atMost } from "../../kit";
import { c4Gain, type AblationRow, type C3Row, type C4Result, type MonteCarloResult, type RmseRow } from "./experiment";
import { visionReduction, type C5Drive } from "./detectability";
import { driveRows, tprGap } from "./scoring";
import { LAMBDA_L1 } from "../../gnss/frames";

/** Headline numbers from the abstract. */
export const PAPER_NUMBERS = {
  /** E/N/U accuracy of tightly coupled GNSS/INS/Vision + I-EDM, m (statistic not stated; RMS likely). */
  accuracyEnuM: [0.23, 0.11, 0.31] as const,
  /** Improvement over residual-based EDM (R-EDM), % ("up to"). */
  improvementOverRedmPct: 21.6,
  /**
   * R-EDM's level implied by the two: I-EDM's horizontal 0.255 m (√(0.23² + 0.11²)) over 1 − 21.6 % on the best axis
   * gives ≈ 0.33 m; R-EDM lies between 0.255 and ≈ 0.33 m horizontally (vertical 0.31–0.40 m). No No-EDM level is stated.
   */
  impliedRedmHorizontalM: 0.33,
  source: "arXiv 2409.03433 v1 abstract (vehicle tests in urban environments)",
} as const;

/** The card's claims in words. */
export const CLAIMS = [
  { id: "C1", text: "At equal false-alarm rate (5%), innovation tests detect injected code biases and slips more often than post-fit residual tests; the gap widens as satellites fall from 10 to 5." },
  { id: "C2", text: "Horizontal and vertical RMSE follow No-EDM > R-EDM > I-EDM on simulated urban drives; I-EDM gain over R-EDM of order 10–25% (paper: up to 21.6%)." },
  { id: "C3", text: "Slip-size estimation is ≥ 90% correct while the 1σ predicted DD range error stays below about λ/4 (≈ 5 cm on L1); it degrades as INS quality drops or outages lengthen." },
  { id: "C4", text: "Clustering beats per-satellite thresholds when many satellites are contaminated at once; with a single fault both do equally well." },
  { id: "C5", text: "Vision velocity aiding shrinks S and lowers the smallest detectable slip/bias, so I-EDM benefits more from vision than R-EDM." },
] as const;

/** Inputs of the claims: the Monte-Carlo run, the ablations, the C3 sweep, the C4 comparison and the C5 drives. */
export interface ClaimInputs {
  mc: MonteCarloResult;
  ablations: AblationRow[];
  c3: C3Row[];
  c4: C4Result;
  c5: C5Drive[];
  falseAlarm: number;
  /** Seed of the bootstrap resampling (the run's seed) and resamples per interval. */
  seed: number;
  resamples: number;
  /** The config's horizontal RMSE above which a drive counts as diverged, m (for the notes). */
  divergedAboveM: number;
}

/**
 * The baselines' regime, fixed before any run: R-EDM must reach the paper's error level within 3× (median over
 * drives of the horizontal RMSE ≤ 1 m; the paper implies ≈ 0.26–0.33 m), else a comparison with it is "not measured".
 */
export const REDM_REGIME_M = 1;
/**
 * The same 3× rule vertically (added with the reference-handling fix, before its default run): R-EDM's median
 * vertical RMSE over drives ≤ 1.2 m (the paper implies ≈ 0.31–0.40 m); the RMSE-order and gain claims carry it.
 */
export const REDM_REGIME_U_M = 1.2;

const round = (x: number, d = 3) => Number(x.toFixed(d));
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs: readonly number[]) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};

/** Per-drive RMSE rows regrouped: drive index → method → row. */
function byDrive(rows: readonly RmseRow[]): Map<string, RmseRow>[] {
  const out: Map<string, RmseRow>[] = [];
  for (const r of rows) (out[r.drive] ??= new Map()).set(r.method, r);
  return out.filter((m) => m !== undefined);
}

/** Bootstrap options of every interval (seeded: same run, same intervals). */
function opts(x: ClaimInputs, unitName: string) {
  return { seed: x.seed, resamples: x.resamples, unitName };
}

/**
 * An interval, or undefined where the data cannot give one (too few units, a statistic undefined on most resamples:
 * lib/claims throws a RangeError naming why); the claim is then "not measured" rather than decided on one number.
 */
function tryInterval<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    if (e instanceof RangeError) return undefined;
    throw e;
  }
}

/** Evaluates C1–C5 into claim specs (pass each to `lab.claim`); directional claims carry a bootstrap interval over drives. */
export function evaluateClaims(x: ClaimInputs): ClaimSpec[] {
  const { mc, ablations, c3, c4, c5 } = x;
  const fa = x.falseAlarm;
  const S = (m: string) => mc.summary.find((r) => r.method === m)!;
  const [no, r, i] = [S("no-edm"), S("r-edm"), S("i-edm")];
  const redmGuard: RegimeGuard = atMost("R-EDM horizontal RMSE, median over drives (paper ≈ 0.33 m)", r.medianH, REDM_REGIME_M, "m");
  const redmGuardU: RegimeGuard = atMost("R-EDM vertical RMSE, median over drives (paper ≈ 0.40 m)", r.medianU, REDM_REGIME_U_M, "m");
  // C1: innovation − residual TPR gaps at the card's 5 % false alarms, drives resampled
  const rowsByDrive = mc.traceDrives.map(driveRows);
  const gapAll = (ds: readonly (typeof rowsByDrive)[number][]) => Math.min(tprGap(ds, "code", "all", fa), tprGap(ds, "phase", "all", fa));
  const widen = (ds: readonly (typeof rowsByDrive)[number][]) =>
    Math.min(tprGap(ds, "code", "≤6", fa) - tprGap(ds, "code", "≥9", fa), tprGap(ds, "phase", "≤6", fa) - tprGap(ds, "phase", "≥9", fa));
  const c1 = rowsByDrive.length >= 2 && Number.isFinite(gapAll(rowsByDrive)) ? tryInterval(() => bootstrapInterval(rowsByDrive, gapAll, opts(x, "drives"))) : undefined;
  const c1w = rowsByDrive.length >= 2 && Number.isFinite(widen(rowsByDrive)) ? tryInterval(() => bootstrapInterval(rowsByDrive, widen, opts(x, "drives"))) : undefined;
  // C2: margins and gain of the means over drives, drives resampled with all their methods (paired)
  const drives = byDrive(mc.rmseRows);
  const m = (ds: readonly Map<string, RmseRow>[], method: string, axis: "h" | "u") => mean(ds.map((d) => d.get(method)![axis]));
  const order = (ds: readonly Map<string, RmseRow>[]) =>
    Math.min(m(ds, "no-edm", "h") - m(ds, "r-edm", "h"), m(ds, "r-edm", "h") - m(ds, "i-edm", "h"), m(ds, "no-edm", "u") - m(ds, "r-edm", "u"), m(ds, "r-edm", "u") - m(ds, "i-edm", "u"));
  const gain = (ds: readonly Map<string, RmseRow>[], axis: "h" | "u") => (100 * (m(ds, "r-edm", axis) - m(ds, "i-edm", axis))) / m(ds, "r-edm", axis);
  const c2o = drives.length >= 2 ? tryInterval(() => bootstrapInterval(drives, order, opts(x, "drives"))) : undefined;
  const c2g = drives.length >= 2 ? tryInterval(() => bootstrapInterval(drives, (ds) => gain(ds, "h"), opts(x, "drives"))) : undefined;
  const gainMedian = (100 * (r.medianH - i.medianH)) / r.medianH;
  // C3: exact integers among slips with predicted σ < λ/4, drives resampled with their slips
  const good = mc.slipEstimates.filter((e) => e.sigma < LAMBDA_L1 / 4);
  const goodByDrive = [...new Set(good.map((e) => e.drive))].map((d) => good.filter((e) => e.drive === d));
  const share = (ds: readonly (typeof good)[]) => {
    const all = ds.flat();
    return all.length ? all.filter((e) => e.exact).length / all.length : NaN;
  };
  const c3x = goodByDrive.length >= 2 ? tryInterval(() => bootstrapInterval(goodByDrive, share, opts(x, "drives"))) : undefined;
  const repaired = good.filter((e) => Number.isFinite(e.error));
  const medErr = median(repaired.map((e) => Math.abs(e.error)));
  // C3 trend: exact share per drive against outage length and against IMU grade (drives are the units)
  const gradeIx: Record<string, number> = { tactical: 0, mems: 1, consumer: 2 };
  const pts = (xOf: (c: C3Row) => number): TrendPoint[] => c3.flatMap((c) => c.perDrive.map((p) => ({ x: xOf(c), y: p.exactRate, unit: p.drive })));
  const trend = (p: TrendPoint[]) => (new Set(p.map((q) => q.x)).size >= 2 && new Set(p.map((q) => q.unit)).size >= 2 ? tryInterval(() => trendTest(p, opts(x, "drives"))) : undefined);
  const tOut = trend(pts((c) => c.outage));
  const tGrade = trend(pts((c) => gradeIx[c.grade]));
  const best = c3.length ? Math.max(...c3.map((c) => c.exactRate)) : NaN;
  const worst = c3.length ? Math.min(...c3.map((c) => c.exactRate)) : NaN;
  // C4: pooled exact-share gain of clustering, drives resampled
  const c4Drives = [...new Set(c4.perDrive.map((p) => p.drive))].map((d) => c4.perDrive.filter((p) => p.drive === d));
  const c4Iv = (group: "multi" | "single") => {
    const stat = (ds: readonly (typeof c4Drives)[number][]) => c4Gain(ds.flat(), group);
    return c4Drives.length >= 2 && Number.isFinite(stat(c4Drives)) ? tryInterval(() => bootstrapInterval(c4Drives, stat, opts(x, "drives"))) : undefined;
  };
  const [c4m, c4s] = [c4Iv("multi"), c4Iv("single")];
  const multiSlips = c4.perDrive.filter((p) => p.group === "multi").reduce((a, p) => a + p.slips, 0);
  // C5: per-drive relative reductions by vision
  const shrinkS = c5.map((d) => 1 - d.sqrtSVisionM / d.sqrtSInsM);
  const mdbInn = c5.map((d) => Math.min(visionReduction(d.mdbSlipInnovation), visionReduction(d.mdbCodeInnovation)));
  const more = c5.map((d) => Math.min(visionReduction(d.mdbSlipInnovation) - visionReduction(d.mdbSlipResidual), visionReduction(d.mdbCodeInnovation) - visionReduction(d.mdbCodeResidual)));
  const c5Iv = (xs: number[]) => (xs.length >= 2 && xs.every(Number.isFinite) ? tryInterval(() => bootstrapMean(xs, opts(x, "drives"))) : undefined);
  const ab = (f: string, l: string, meth: string) => ablations.find((a) => a.factor === f && a.level === l && a.method === meth)?.h ?? NaN;
  const rmseVision = ab("aiding", "INS", "i-edm") - ab("aiding", "INS+vision", "i-edm") - (ab("aiding", "INS", "r-edm") - ab("aiding", "INS+vision", "r-edm"));
  const [ivS, ivMdb, ivMore] = [c5Iv(shrinkS), c5Iv(mdbInn), c5Iv(more)];
  return [
    { id: "C1-innovation-beats-residual", statement: `${CLAIMS[0].text.split(";")[0]} (ours: min over code/slip rows of TPR_innovation − TPR_residual at ${fa * 100}% FA, thresholds set on fault-free rows; 95 % bootstrap interval over drives)`, paperValue: "TPR gap > 0", ours: c1 ? round(c1.estimate) : NaN, interval: c1, compare: { kind: "direction", expect: "greater", than: 0 }, unit: "TPR" },
    { id: "C1-gap-widens-with-fewer-sats", statement: "The innovation − residual TPR gap is larger with ≤ 6 satellites than with ≥ 9 (min over code/slip rows; interval over drives)", paperValue: "gap(≤6) > gap(≥9)", ours: c1w ? round(c1w.estimate) : NaN, interval: c1w, compare: { kind: "direction", expect: "greater", than: 0 }, unit: "TPR" },
    { id: "C2-rmse-order", statement: "RMSE order No-EDM > R-EDM > I-EDM horizontally and vertically (ours: the smallest of the four margins of the means over drives; interval over drives)", paperValue: "No-EDM > R-EDM > I-EDM", ours: c2o ? round(c2o.estimate) : NaN, interval: c2o, compare: { kind: "direction", expect: "greater", than: 0 }, unit: "m", guards: [redmGuard, redmGuardU], note: `medians over drives H: No-EDM ${round(no.medianH, 2)}, R-EDM ${round(r.medianH, 2)}, I-EDM ${round(i.medianH, 2)} m; drives with H RMSE > ${x.divergedAboveM} m: ${no.diverged} / ${r.diverged} / ${i.diverged} of ${r.drives}` },
    { id: "C2-gain-over-redm", statement: "I-EDM improves horizontal RMSE (mean over drives) over R-EDM by 10–25% (paper: up to 21.6%)", paperValue: PAPER_NUMBERS.improvementOverRedmPct, ours: c2g ? round(c2g.estimate, 1) : NaN, interval: c2g, compare: { kind: "range", min: 10, max: 25 }, unit: "%", guards: [redmGuard, redmGuardU], note: `vertical gain ${round(gain(drives, "u"), 1)}%; gain of the medians over drives ${round(gainMedian, 1)}%` },
    { id: "C3-slip-size-exact", statement: "I-EDM recovers the exact slip integer for ≥ 90% of slips whose predicted DD range σ < λ/4 (interval over drives)", paperValue: 0.9, ours: c3x ? round(c3x.estimate) : NaN, interval: c3x, compare: { kind: "atLeast", value: 0.9 }, unit: "share", note: `${good.length} slips with σ < λ/4 of ${mc.slipEstimates.length}; ${repaired.length} repaired (the rest reset), median |integer error| of the repairs ${medErr} cycles; I-EDM drives with H RMSE > ${x.divergedAboveM} m: ${i.diverged} of ${i.drives}` },
    { id: "C3-degrades-with-outage", statement: "Slip-size recovery after an outage degrades as the outage lengthens (Kendall's τ of exact share on outage length < 0; interval over drives)", paperValue: "degrades", ours: tOut ? round(tOut.estimate) : NaN, interval: tOut, compare: { kind: "direction", expect: "less", than: 0 }, unit: "τ", note: `best − worst cell ${round(best - worst)}` },
    { id: "C3-degrades-with-imu-grade", statement: "Slip-size recovery after an outage degrades as the IMU grade drops (tactical → MEMS → consumer; Kendall's τ < 0; interval over drives)", paperValue: "degrades", ours: tGrade ? round(tGrade.estimate) : NaN, interval: tGrade, compare: { kind: "direction", expect: "less", than: 0 }, unit: "τ" },
    { id: "C4-clustering-multi-fault", statement: "With several simultaneous faults, DBSCAN clustering recovers more slips exactly than per-satellite tests (interval over drives)", paperValue: "clustering > per-satellite", ours: c4m ? round(c4m.estimate) : NaN, interval: c4m, compare: { kind: "direction", expect: "greater", than: 0 }, unit: "share", note: `${multiSlips} slips at multi-fault epochs` },
    { id: "C4-equal-single-fault", statement: "With a single fault, clustering and per-satellite tests do equally well (difference within ±0.05; interval over drives)", paperValue: "equal", ours: c4s ? round(c4s.estimate) : NaN, interval: c4s, compare: { kind: "range", min: -0.05, max: 0.05 }, unit: "share" },
    { id: "C5-vision-shrinks-S", statement: "Vision aiding shrinks the innovation covariance: median √S of the phase DD rows falls (relative reduction > 0; mean over drives, interval)", paperValue: "S smaller with vision", samples: ivS ? shrinkS.map((v) => round(v, 4)) : undefined, ours: ivS ? undefined : NaN, interval: ivS, compare: { kind: "direction", expect: "greater", than: 0 }, unit: "share" },
    { id: "C5-vision-lowers-mdb", statement: "Vision lowers the innovation test's smallest detectable slip and code bias (δ₀·√S_jj, power 80 %; min of the two relative reductions > 0)", paperValue: "smaller MDB with vision", samples: ivMdb ? mdbInn.map((v) => round(v, 4)) : undefined, ours: ivMdb ? undefined : NaN, interval: ivMdb, compare: { kind: "direction", expect: "greater", than: 0 }, unit: "share" },
    { id: "C5-iedm-benefits-more", statement: "Vision lowers I-EDM's smallest detectable slip/bias (innovation test) more than R-EDM's (residual test): difference of relative reductions > 0 (min over slip and code)", paperValue: "ΔMDB_I > ΔMDB_R", samples: ivMore ? more.map((v) => round(v, 4)) : undefined, ours: ivMore ? undefined : NaN, interval: ivMore, compare: { kind: "direction", expect: "greater", than: 0 }, unit: "share", guards: [redmGuard], note: `RMSE view (ablation drives): vision lowers I-EDM's H RMSE by ${round(rmseVision, 3)} m more than R-EDM's` },
  ];
}
