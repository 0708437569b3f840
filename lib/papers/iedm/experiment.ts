/**
 * I-EDM experiments (card §5.2): calibration of both detectors to the same false-alarm rate on fault-free drives,
 * Monte-Carlo drives with the five methods (RMSE per axis, per-event detection, ROC of innovation vs residual
 * statistics), the one-factor ablations, and the slip-estimation sweep over IMU grade × outage length (C3).
 * Everything is seeded; results are plain rows for tables and figures.
 */
import { simulateDrive, type Drive, type DriveConfig } from "./data";
import { runMethod, METHODS, type MethodName, type MethodRun, type MethodSettings, type RowTrace } from "./methods";
import { rmse, repairedExactly, scoreEvents, addScores, ZERO_SCORE, rocCurves, thresholdAt, type EventScore, type RocRow } from "./scoring";
import type { ImuGradeName } from "./imu";
import type { ClusterMethod } from "./model";
import type { IedmConfig } from "./config";
import { LAMBDA_L1 } from "../../gnss/frames";
import { bootstrapMean } from "../../claims";
import { runC5, type C5Drive } from "./detectability";

export { SITE } from "./site";

/** Thresholds of both statistics at the same per-row false-alarm rate, from fault-free drives. */
export interface Calibration {
  kInnovation: number;
  kResidual: number;
  falseAlarm: number;
  rows: number;
}

/** Calibrates |w| thresholds of the innovation and residual tests on fault-free drives (oracle filter, traced). */
export function calibrate(cfg: IedmConfig): Calibration {
  const wi: number[] = [];
  const wr: number[] = [];
  for (let d = 0; d < cfg.calibrationDrives; d++) {
    const drive = simulateDrive({ ...cfg.drive, seed: cfg.seed * 1000 + 900 + d, duration: cfg.calibrationDuration, faultFree: true });
    const run = runMethod(drive, "no-edm", { trace: true });
    for (const r of run.trace) {
      if (r.t - drive.t0 < 10) continue; // after convergence
      wi.push(Math.abs(r.wInnovation));
      if (Number.isFinite(r.wResidual)) wr.push(Math.abs(r.wResidual)); // zero-redundancy rows have none
    }
  }
  return { kInnovation: thresholdAt(wi, cfg.navFalseAlarm), kResidual: thresholdAt(wr, cfg.navFalseAlarm), falseAlarm: cfg.navFalseAlarm, rows: wi.length };
}

/** RMSE of one method on one drive. */
export interface RmseRow {
  drive: number;
  method: string;
  e: number;
  n: number;
  u: number;
  h: number;
}

/** Mean RMSE over drives with 95 % percentile-bootstrap intervals over drives (lib/claims `bootstrapMean`). */
export interface RmseSummary {
  method: string;
  e: number;
  n: number;
  u: number;
  h: number;
  /** Interval ends of each axis' mean (NaN with a single drive). */
  lo: { e: number; n: number; u: number; h: number };
  hi: { e: number; n: number; u: number; h: number };
  drives: number;
  /** Median over drives of the horizontal and vertical RMSE, m (means are dominated by drives that lose their solution). */
  medianH: number;
  medianU: number;
  /** Drives whose horizontal RMSE exceeds `divergedAboveM` (lost their solution for a while). */
  diverged: number;
}

/** Per-method detection summary over drives. */
export interface DetectionSummary extends EventScore {
  method: string;
  slipTpr: number;
  slipExactRate: number;
  phaseFalseAlarm: number;
  codeTpr: number;
}

/** Everything the Monte-Carlo comparison returns. */
export interface MonteCarloResult {
  calibration: Calibration;
  rmseRows: RmseRow[];
  summary: RmseSummary[];
  detection: DetectionSummary[];
  roc: RocRow[];
  /** Slip events of the I-EDM runs with the predicted DD range σ, exact recovery and integer error, by drive (C3). */
  slipEstimates: (SlipEstimate & { drive: number })[];
  /** The oracle filter's per-row statistics before decisions, one list per drive (C1's ROC and its intervals). */
  traceDrives: RowTrace[][];
  /** First drive: the drive and its runs (for the figures). */
  example: { drive: Drive; runs: MethodRun[] };
  /** Median √S of the phase rows per method, m. */
  phaseSigma: Record<string, number>;
  wallS: number;
}

function settingsFor(cal: Calibration, extra: Partial<MethodSettings> = {}): Partial<MethodSettings> {
  return { kInnovation: cal.kInnovation, kResidual: cal.kResidual, ...extra };
}

/** Summarises RMSE rows per method: means, 95 % bootstrap intervals over drives (seeded), median H, diverged drives. */
export function summarise(rows: readonly RmseRow[], divergedAboveM = 1, seed = 0): RmseSummary[] {
  const methods = [...new Set(rows.map((r) => r.method))];
  return methods.map((method) => {
    const rs = rows.filter((r) => r.method === method);
    const axes = ["e", "n", "u", "h"] as const;
    const mean = (a: (typeof axes)[number]) => rs.reduce((x, r) => x + r[a], 0) / rs.length;
    const iv = (a: (typeof axes)[number]) => (rs.length >= 2 ? bootstrapMean(rs.map((r) => r[a]), { seed, resamples: 1000, unitName: "drives" }) : { lo: NaN, hi: NaN });
    const ivs = axes.map(iv);
    const median = (xs: number[]) => (xs.length % 2 ? xs[xs.length >> 1] : (xs[xs.length / 2 - 1] + xs[xs.length / 2]) / 2);
    const hs = rs.map((r) => r.h).sort((a, b) => a - b);
    const medianH = median(hs);
    const medianU = median(rs.map((r) => r.u).sort((a, b) => a - b));
    return {
      method, e: mean("e"), n: mean("n"), u: mean("u"), h: mean("h"),
      lo: { e: ivs[0].lo, n: ivs[1].lo, u: ivs[2].lo, h: ivs[3].lo }, hi: { e: ivs[0].hi, n: ivs[1].hi, u: ivs[2].hi, h: ivs[3].hi },
      drives: rs.length, medianH, medianU, diverged: hs.filter((x) => x > divergedAboveM).length,
    };
  });
}

/**
 * One slip event of a traced run: predicted DD range σ (m), whether its DD integer was recovered exactly, and the
 * integer error of the repair, net repaired − net true DD cycles (NaN when the ambiguity was reset, not repaired).
 */
export interface SlipEstimate {
  t: number;
  sigma: number;
  exact: boolean;
  error: number;
}

/** Slip events of a traced run with the predicted DD range σ and exact recovery (non-reference satellites). */
export function slipEstimates(drive: Drive, run: MethodRun): SlipEstimate[] {
  const byKey = new Map<string, RowTrace>();
  for (const r of run.trace) if (r.kind === "phase") byKey.set(`${r.t}|${r.sat}`, r);
  const dec = new Map(run.decisions.map((d) => [d.t, d]));
  const slipsAt = new Map<number, Map<string, number>>();
  for (const f of drive.faults) if (f.type.startsWith("slip")) slipsAt.set(f.t, (slipsAt.get(f.t) ?? new Map()).set(f.sat, f.size));
  const out: SlipEstimate[] = [];
  for (const f of drive.faults) {
    if (!f.type.startsWith("slip")) continue;
    const r = byKey.get(`${f.t}|${f.sat}`);
    if (!r) continue;
    const d = dec.get(f.t);
    const truth = slipsAt.get(f.t)!;
    let error = NaN;
    if (d && d.ref && d.ref !== f.sat && d.repairs.some(([s]) => s === f.sat || s === d.ref)) {
      // DD of sat against the epoch's reference: (ΔN̂_s − ΔN̂_o) − (ΔN_s − ΔN_o)
      const rep = (s: string) => d.repairs.filter(([x]) => x === s).reduce((a, [, n]) => a + n, 0);
      error = rep(f.sat) - rep(d.ref) - ((truth.get(f.sat) ?? 0) - (truth.get(d.ref) ?? 0));
    }
    out.push({ t: f.t, sigma: r.predSigma, exact: !!d && repairedExactly(d, f.sat, truth, [f.sat, d.ref]), error });
  }
  return out;
}

/** Monte-Carlo comparison of the five methods (card C1, C2, C3 and the detection tables). */
export function runMonteCarlo(cfg: IedmConfig, calibration?: Calibration): MonteCarloResult {
  const t0 = Date.now();
  const cal = calibration ?? calibrate(cfg);
  const rmseRows: RmseRow[] = [];
  const scores = new Map<string, EventScore>(METHODS.map((m) => [m, { ...ZERO_SCORE }]));
  const traceDrives: RowTrace[][] = [];
  const slips: MonteCarloResult["slipEstimates"] = [];
  const sig = new Map<string, number[]>();
  let example: MonteCarloResult["example"] | null = null;
  for (let d = 0; d < cfg.drives; d++) {
    const drive = simulateDrive({ ...cfg.drive, seed: cfg.seed * 1000 + d, duration: cfg.duration });
    const runs: MethodRun[] = [];
    for (const method of METHODS) {
      const traced = method === "oracle" || method === "i-edm";
      const run = runMethod(drive, method, settingsFor(cal, { trace: traced }));
      runs.push(run);
      rmseRows.push({ drive: d, method, ...rmse(run) });
      scores.set(method, addScores(scores.get(method)!, scoreEvents(drive, run)));
      if (method === "oracle") traceDrives.push(run.trace);
      if (method === "i-edm") slips.push(...slipEstimates(drive, run).map((e) => ({ ...e, drive: d })));
      sig.set(method, [...(sig.get(method) ?? []), run.medianPhaseSigma]);
      if (d > 0 && method !== "oracle") run.trace = [];
    }
    if (d === 0) example = { drive, runs };
  }
  const detection = METHODS.map((method) => {
    const s = scores.get(method)!;
    return { method, ...s, slipTpr: s.slipsDetected / Math.max(s.slips, 1), slipExactRate: s.slipsExact / Math.max(s.slips, 1), phaseFalseAlarm: s.phaseFalseFlags / Math.max(s.phaseCleanSatEpochs, 1), codeTpr: s.codeDetected / Math.max(s.codeEvents, 1) };
  });
  const phaseSigma: Record<string, number> = {};
  for (const [m, xs] of sig) phaseSigma[m] = xs.sort((a, b) => a - b)[xs.length >> 1];
  return { calibration: cal, rmseRows, summary: summarise(rmseRows, cfg.divergedAboveM, cfg.seed), detection, roc: rocCurves(traceDrives.flat()), slipEstimates: slips, traceDrives, example: example!, phaseSigma, wallS: (Date.now() - t0) / 1000 };
}

/** One ablation cell: a factor, its level, a method and the mean RMSE / slip scores over the ablation drives. */
export interface AblationRow {
  factor: string;
  level: string;
  method: string;
  h: number;
  u: number;
  slipExactRate: number;
  slipTpr: number;
  phaseFalseAlarm: number;
}

interface Cell {
  factor: string;
  level: string;
  drive: Partial<DriveConfig>;
  methods: [MethodName, Partial<MethodSettings>, { vision?: boolean }][];
}

/** The card's one-factor-at-a-time ablations around the default. */
export function ablationCells(): Cell[] {
  const both = (extra: { vision?: boolean } = {}): Cell["methods"] => [["r-edm", {}, extra], ["i-edm", {}, extra]];
  const cells: Cell[] = [];
  for (const c of ["none", "mad", "dbscan", "kmeans"] as ClusterMethod[]) cells.push({ factor: "clustering", level: c, drive: {}, methods: [["i-edm", { cluster: c }, {}]] });
  for (const m of ["exclude", "reweight", "repair"] as const) cells.push({ factor: "mitigation", level: m, drive: {}, methods: [["i-edm", { mitigation: m }, {}]] });
  cells.push({ factor: "aiding", level: "INS", drive: {}, methods: both({ vision: false }) });
  cells.push({ factor: "aiding", level: "INS+vision", drive: {}, methods: both({ vision: true }) });
  for (const g of ["tactical", "mems", "consumer"] as const) cells.push({ factor: "IMU grade", level: g, drive: { imuGrade: g }, methods: both() });
  for (const [hw, h] of [["0.5", [5, 17]], ["1", [11, 34]], ["2", [22, 68]]] as const) cells.push({ factor: "canyon H/W", level: hw, drive: { heightRange: [h[0], h[1]] }, methods: both() });
  for (const x of [0.5, 1, 3]) cells.push({ factor: "slip rate", level: `×${x}`, drive: { slipRate: 0.002 * x }, methods: both() });
  return cells;
}

/** Runs the ablations (one factor at a time; the same drive seeds in every cell). */
export function runAblations(cfg: IedmConfig, cal: Calibration): AblationRow[] {
  const out: AblationRow[] = [];
  for (const cell of ablationCells()) {
    const acc = new Map<string, { h: number[]; u: number[]; s: EventScore }>();
    for (let d = 0; d < cfg.ablationDrives; d++) {
      const drive = simulateDrive({ ...cfg.drive, ...cell.drive, seed: cfg.seed * 1000 + 500 + d, duration: cfg.ablationDuration });
      for (const [method, settings, filter] of cell.methods) {
        const run = runMethod(drive, method, settingsFor(cal, settings), filter);
        const r = rmse(run);
        const a = acc.get(method) ?? { h: [], u: [], s: { ...ZERO_SCORE } };
        a.h.push(r.h);
        a.u.push(r.u);
        a.s = addScores(a.s, scoreEvents(drive, run));
        acc.set(method, a);
      }
    }
    for (const [method, a] of acc) {
      out.push({
        factor: cell.factor, level: cell.level, method,
        h: a.h.reduce((x, y) => x + y, 0) / a.h.length, u: a.u.reduce((x, y) => x + y, 0) / a.u.length,
        slipExactRate: a.s.slipsExact / Math.max(a.s.slips, 1), slipTpr: a.s.slipsDetected / Math.max(a.s.slips, 1), phaseFalseAlarm: a.s.phaseFalseFlags / Math.max(a.s.phaseCleanSatEpochs, 1),
      });
    }
  }
  return out;
}

/** One C3 cell: share of reacquisition slips after an outage whose integer I-EDM recovered. */
export interface C3Row {
  grade: ImuGradeName;
  outage: number;
  slips: number;
  exactRate: number;
  /** Median predicted DD range σ on those slips, m (λ/4 ≈ 0.048 m). */
  medianSigma: number;
  /** Per drive: slips and exact share (the units of C3's trend test). */
  perDrive: { drive: number; slips: number; exactRate: number }[];
}

/** C3 sweep: IMU grade × outage length, INS only (no vision), one outage at 40 s; slips right after it. */
export function runC3Sweep(cfg: IedmConfig, cal: Calibration): C3Row[] {
  const out: C3Row[] = [];
  for (const grade of cfg.c3Grades) {
    for (const outage of cfg.c3Outages) {
      const est: { sigma: number; exact: boolean }[] = [];
      const perDrive: C3Row["perDrive"] = [];
      for (let d = 0; d < cfg.c3Drives; d++) {
        const start = 40;
        // outage 0: a 1 s blockage of every satellite, so every satellite still slips on reacquisition
        const dur = Math.max(outage, 1);
        const drive = simulateDrive({ ...cfg.drive, seed: cfg.seed * 1000 + 700 + d, duration: cfg.c3Duration, imuGrade: grade, outages: [{ start, duration: dur }], nlosProbability: 0, slipRate: 0 });
        const run = runMethod(drive, "i-edm", settingsFor(cal, { trace: true }), { vision: false });
        const after = drive.t0 + start + dur;
        const mine = slipEstimates(drive, run).filter((e) => e.t === after); // the reacquisition slips right after it
        est.push(...mine);
        if (mine.length) perDrive.push({ drive: d, slips: mine.length, exactRate: mine.filter((e) => e.exact).length / mine.length });
      }
      const s = est.map((e) => e.sigma).sort((a, b) => a - b);
      out.push({ grade, outage, slips: est.length, exactRate: est.filter((e) => e.exact).length / Math.max(est.length, 1), medianSigma: s.length ? s[s.length >> 1] : NaN, perDrive });
    }
  }
  return out;
}

/** λ/4 on L1, m (the card's bound on the predicted DD range σ for integer slip estimation). */
export const QUARTER_LAMBDA = LAMBDA_L1 / 4;

/** C4's result: pooled exact-recovery gains and, per drive, the slips and exact repairs of each group and clustering. */
export interface C4Result {
  multiGain: number;
  singleGain: number;
  rows: { cluster: string; group: string; slips: number; exactRate: number }[];
  /** Per drive and group ("multi" | "single"): slips, and exact repairs with DBSCAN and with per-satellite tests. */
  perDrive: { drive: number; group: "multi" | "single"; slips: number; exactDbscan: number; exactNone: number }[];
}

/** Pooled exact-share gain (DBSCAN − none) of one group over some C4 drives (NaN without slips). */
export function c4Gain(perDrive: readonly C4Result["perDrive"][number][], group: "multi" | "single"): number {
  const g = perDrive.filter((p) => p.group === group);
  const n = g.reduce((a, p) => a + p.slips, 0);
  return n ? g.reduce((a, p) => a + p.exactDbscan - p.exactNone, 0) / n : NaN;
}

/**
 * C4: I-EDM with DBSCAN clustering vs per-satellite thresholds on `c4Drives` drives at 3× the slip rate, exact slip
 * recovery split by epochs with several contaminated satellites (≥ 2 slips or NLOS satellites at that epoch) vs a
 * single one. Returns the gains (dbscan − none) of the exact-recovery share, pooled and per drive.
 */
export function runC4(cfg: IedmConfig, cal: Calibration): C4Result {
  const perDrive: C4Result["perDrive"] = [];
  for (let d = 0; d < cfg.c4Drives; d++) {
    const drive = simulateDrive({ ...cfg.drive, seed: cfg.seed * 1000 + 500 + d, duration: cfg.ablationDuration, slipRate: 0.006 });
    const bad = new Map<number, number>();
    for (const f of drive.faults) if (f.type.startsWith("slip")) bad.set(f.t, (bad.get(f.t) ?? 0) + 1);
    for (const ep of drive.epochs) for (const o of ep.rover.values()) if (o.state === "nlos") bad.set(ep.t, (bad.get(ep.t) ?? 0) + 1);
    const runs = { dbscan: runMethod(drive, "i-edm", settingsFor(cal, { cluster: "dbscan" })), none: runMethod(drive, "i-edm", settingsFor(cal, { cluster: "none" })) };
    for (const group of ["multi", "single"] as const) {
      const keep = (t: number) => (group === "multi" ? (bad.get(t) ?? 0) >= 2 : (bad.get(t) ?? 0) === 1);
      const [a, b] = [scoreEvents(drive, runs.dbscan, keep), scoreEvents(drive, runs.none, keep)];
      perDrive.push({ drive: d, group, slips: a.slips, exactDbscan: a.slipsExact, exactNone: b.slipsExact });
    }
  }
  const rows = (["dbscan", "none"] as const).flatMap((cluster) =>
    (["multi", "single"] as const).map((group) => {
      const g = perDrive.filter((p) => p.group === group);
      const slips = g.reduce((a, p) => a + p.slips, 0);
      const exact = g.reduce((a, p) => a + (cluster === "dbscan" ? p.exactDbscan : p.exactNone), 0);
      return { cluster, group, slips, exactRate: slips ? exact / slips : NaN };
    }),
  );
  return { multiGain: c4Gain(perDrive, "multi"), singleGain: c4Gain(perDrive, "single"), rows, perDrive };
}

/** Everything the notebook shows: Monte-Carlo, ablations, C3 sweep, C4, with wall times (s) per part. */
export interface IedmResults {
  config: IedmConfig;
  mc: MonteCarloResult;
  ablations: AblationRow[];
  c3: C3Row[];
  c4: C4Result;
  c5: C5Drive[];
  wallS: { calibration: number; monteCarlo: number; ablations: number; c3: number; c4: number; c5: number; total: number };
}

/** Runs the whole reproduction at one config. */
export function runAll(cfg: IedmConfig): IedmResults {
  const t = [Date.now()];
  const lap = () => {
    t.push(Date.now());
    return (t[t.length - 1] - t[t.length - 2]) / 1000;
  };
  const cal = calibrate(cfg);
  const calibration = lap();
  const mc = runMonteCarlo(cfg, cal);
  const monteCarlo = lap();
  const ablations = runAblations(cfg, cal);
  const abl = lap();
  const c3 = runC3Sweep(cfg, cal);
  const c3s = lap();
  const c4 = runC4(cfg, cal);
  const c4s = lap();
  const c5 = runC5(cfg, cal);
  const c5s = lap();
  return { config: cfg, mc, ablations, c3, c4, c5, wallS: { calibration, monteCarlo, ablations: abl, c3: c3s, c4: c4s, c5: c5s, total: (t[t.length - 1] - t[0]) / 1000 } };
}
