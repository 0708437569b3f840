/**
 * Scoring of the I-EDM runs: RMSE per axis, per-event detection of the injected faults (fault log truth), exact
 * slip-size recovery, and ROC curves of the innovation and residual statistics from row traces, with thresholds
 * set on the fault-free rows so both statistics are compared AT THE SAME FALSE-ALARM RATE (card pitfall).
 */
import type { Drive } from "./data";
import type { EpochDecision, MethodRun, RowTrace } from "./methods";

/** RMSE of E, N, U and horizontal error over the epochs after `skip` s, m. */
export function rmse(run: MethodRun, skip = 10): { e: number; n: number; u: number; h: number } {
  const acc = [0, 0, 0];
  let k = 0;
  run.err.forEach((e, i) => {
    if (run.t[i] < skip) return;
    for (let a = 0; a < 3; a++) acc[a] += e[a] * e[a];
    k++;
  });
  const [e, n, u] = acc.map((s) => Math.sqrt(s / Math.max(k, 1)));
  return { e, n, u, h: Math.hypot(e, n) };
}

/** Per-event detection of slips and code faults by one method's decisions. */
export interface EventScore {
  /** Slip events in view, detected (phase of that satellite flagged at the event epoch), repaired exactly. */
  slips: number;
  slipsDetected: number;
  slipsExact: number;
  /** Phase flags on satellites without a slip at that epoch, and the number of such satellite-epochs. */
  phaseFalseFlags: number;
  phaseCleanSatEpochs: number;
  /** Code-fault events (NLOS/multipath onsets with ≥ 2 m code error) in view, and those flagged at onset. */
  codeEvents: number;
  codeDetected: number;
}

/**
 * Whether a slip on `sat` at an epoch was repaired exactly in DD terms: only DDs are observable, so the net repair of
 * each DD involving `sat`, ΔN̂_s − ΔN̂_o, must equal the true ΔN_s − ΔN_o (o = the epoch's reference).
 */
export function repairedExactly(d: EpochDecision, sat: string, trueSlips: ReadonlyMap<string, number>, sats: readonly string[]): boolean {
  if (!d.ref || !d.repairs.length) return false;
  const rep = new Map<string, number>();
  for (const [s, n] of d.repairs) rep.set(s, (rep.get(s) ?? 0) + n);
  const net = (s: string, m: ReadonlyMap<string, number>) => (m.get(s) ?? 0) - (m.get(d.ref) ?? 0);
  const rows = sat === d.ref ? sats.filter((s) => s !== d.ref) : [sat];
  return rows.length > 0 && rows.every((s) => net(s, rep) === net(s, trueSlips));
}

/** Scores a run against its drive's fault log. `filter` restricts the slip events (e.g. single vs multi). */
export function scoreEvents(drive: Drive, run: MethodRun, filter: (t: number, sat: string) => boolean = () => true): EventScore {
  const sc: EventScore = { slips: 0, slipsDetected: 0, slipsExact: 0, phaseFalseFlags: 0, phaseCleanSatEpochs: 0, codeEvents: 0, codeDetected: 0 };
  const byT = new Map(run.decisions.map((d) => [d.t, d]));
  const slipKeys = new Set<string>();
  const slipsAt = new Map<number, Map<string, number>>();
  for (const f of drive.faults) if (f.type.startsWith("slip")) slipsAt.set(f.t, (slipsAt.get(f.t) ?? new Map()).set(f.sat, f.size));
  for (const f of drive.faults) {
    const d = byT.get(f.t);
    const ep = drive.epochs.find((e) => e.t === f.t);
    if (!d || !ep || ep.outage || !ep.rover.has(f.sat)) continue;
    if (f.type.startsWith("slip")) {
      slipKeys.add(`${f.t}|${f.sat}`);
      if (!filter(f.t, f.sat)) continue;
      sc.slips++;
      if (d.phaseFlags.includes(f.sat)) sc.slipsDetected++;
      if (repairedExactly(d, f.sat, slipsAt.get(f.t)!, [...ep.rover.keys()])) sc.slipsExact++;
    } else if (f.size >= 2) {
      sc.codeEvents++;
      if (d.codeFlags.includes(f.sat)) sc.codeDetected++;
    }
  }
  for (const ep of drive.epochs) {
    const d = byT.get(ep.t);
    if (!d || ep.outage) continue;
    for (const [sat, o] of ep.rover) {
      if (slipKeys.has(`${ep.t}|${sat}`) || o.state === "nlos") continue;
      sc.phaseCleanSatEpochs++;
      if (d.phaseFlags.includes(sat)) sc.phaseFalseFlags++;
    }
  }
  return sc;
}

/** Adds event scores. */
export function addScores(a: EventScore, b: EventScore): EventScore {
  const out = { ...a };
  for (const k of Object.keys(b) as (keyof EventScore)[]) out[k] += b[k];
  return out;
}

/** An empty score. */
export const ZERO_SCORE: EventScore = { slips: 0, slipsDetected: 0, slipsExact: 0, phaseFalseFlags: 0, phaseCleanSatEpochs: 0, codeEvents: 0, codeDetected: 0 };

/** One ROC point. */
export interface RocRow {
  kind: "code" | "phase";
  statistic: "innovation" | "residual";
  /** Satellite-count bin ("all", "≤6", "7–8", "≥9"). */
  sats: string;
  fpr: number;
  tpr: number;
  threshold: number;
}

/** False-alarm rates at which the ROC is evaluated. */
export const FPR_GRID = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5];

/** Upper quantile of |w| among fault-free rows: the threshold giving false-alarm rate `fa`. */
export function thresholdAt(absW: readonly number[], fa: number): number {
  const s = [...absW].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((1 - fa) * s.length) - 1))];
}

/** Satellite-count bin of a trace row. */
export function satBin(n: number): string {
  return n <= 6 ? "≤6" : n <= 8 ? "7–8" : "≥9";
}

/**
 * ROC curves from row traces: for each kind and statistic, thresholds at the fault-free rows' (1 − FPR) quantile,
 * TPR = share of faulty rows above it. Both statistics use the same FPR grid: the comparison is at equal false alarms.
 * Rows without redundancy (no residual statistic, wResidual NaN) are left out of both statistics' curves.
 */
export function rocCurves(trace: readonly RowTrace[], bins = true): RocRow[] {
  const out: RocRow[] = [];
  for (const kind of ["code", "phase"] as const) {
    for (const statistic of ["innovation", "residual"] as const) {
      const w = (r: RowTrace) => Math.abs(statistic === "innovation" ? r.wInnovation : r.wResidual);
      // rows without redundancy have no residual statistic (NaN): both statistics are compared on the same rows
      const ofKind = trace.filter((r) => r.kind === kind && Number.isFinite(r.wResidual));
      const groups: [string, RowTrace[]][] = [["all", ofKind]];
      if (bins) for (const b of ["≤6", "7–8", "≥9"]) groups.push([b, ofKind.filter((r) => satBin(r.nSats) === b)]);
      for (const [sats, rows] of groups) {
        const neg = rows.filter((r) => r.faulty === false).map(w);
        const pos = rows.filter((r) => r.faulty === true).map(w);
        if (neg.length < 20 || pos.length < 3) continue;
        for (const fpr of FPR_GRID) {
          const threshold = thresholdAt(neg, fpr);
          out.push({ kind, statistic, sats, fpr: neg.filter((x) => x > threshold).length / neg.length, tpr: pos.filter((x) => x > threshold).length / pos.length, threshold });
        }
      }
    }
  }
  return out;
}

/** TPR of a statistic at the grid point nearest to `fpr` (for the claims). */
export function tprAt(roc: readonly RocRow[], kind: RocRow["kind"], statistic: RocRow["statistic"], sats: string, fpr: number): number {
  const rows = roc.filter((r) => r.kind === kind && r.statistic === statistic && r.sats === sats);
  if (!rows.length) return NaN;
  const i = FPR_GRID.indexOf(fpr);
  return i >= 0 && rows[i] ? rows[i].tpr : NaN;
}

/** One drive's |w| of fault-free (neg) and faulty (pos) rows per kind, satellite bin and statistic (C1's units). */
export type DriveRows = Record<string, { neg: Float64Array; pos: Float64Array }>;

const rowsKey = (kind: string, bin: string, statistic: string) => `${kind}|${bin}|${statistic}`;

/** Groups one drive's trace rows like `rocCurves` does (rows without a residual statistic left out of both). */
export function driveRows(trace: readonly RowTrace[]): DriveRows {
  const acc = new Map<string, { neg: number[]; pos: number[] }>();
  for (const r of trace) {
    if (r.faulty === null || !Number.isFinite(r.wResidual)) continue;
    for (const bin of ["all", satBin(r.nSats)])
      for (const statistic of ["innovation", "residual"]) {
        const k = rowsKey(r.kind, bin, statistic);
        const a = acc.get(k) ?? { neg: [], pos: [] };
        (r.faulty ? a.pos : a.neg).push(Math.abs(statistic === "innovation" ? r.wInnovation : r.wResidual));
        acc.set(k, a);
      }
  }
  const out: DriveRows = {};
  for (const [k, a] of acc) out[k] = { neg: Float64Array.from(a.neg), pos: Float64Array.from(a.pos) };
  return out;
}

/**
 * TPR_innovation − TPR_residual at false-alarm rate `fa` over a set of drives (the rows pooled, thresholds at the
 * fault-free rows' (1 − fa) quantile, as `rocCurves`); NaN with < 20 fault-free or < 3 faulty rows. A drive may
 * appear several times (a bootstrap resample).
 */
export function tprGap(drives: readonly DriveRows[], kind: RocRow["kind"], bin: string, fa: number): number {
  const tpr = (statistic: string): number => {
    const k = rowsKey(kind, bin, statistic);
    const parts = drives.map((d) => d[k]).filter((p) => p !== undefined);
    const nNeg = parts.reduce((a, p) => a + p.neg.length, 0);
    const nPos = parts.reduce((a, p) => a + p.pos.length, 0);
    if (nNeg < 20 || nPos < 3) return NaN;
    const neg = new Float64Array(nNeg);
    let o = 0;
    for (const p of parts) {
      neg.set(p.neg, o);
      o += p.neg.length;
    }
    neg.sort();
    const threshold = neg[Math.min(nNeg - 1, Math.max(0, Math.ceil((1 - fa) * nNeg) - 1))];
    let hit = 0;
    for (const p of parts) for (const x of p.pos) if (x > threshold) hit++;
    return hit / nPos;
  };
  return tpr("innovation") - tpr("residual");
}
