/**
 * C5 of the I-EDM card (§4): "adding vision (velocity aiding) shrinks S and lowers the smallest detectable slip/bias,
 * so I-EDM benefits more from vision than R-EDM does", measured as the card states it rather than through RMSE.
 * Each drive runs I-EDM and R-EDM with and without vision; per drive and setting we take, over the DD rows before
 * any decision (each method's own filter state):
 *   √S_jj (phase rows, m)                 — the innovation covariance vision should shrink;
 *   MDB_innovation = δ₀·√S_jj              — the innovation test's smallest detectable bias (phase: cycles, code: m);
 *   MDB_residual   = δ₀ / (∂E[w_j]/∂∇_j)   — the residual test's, with ∂E[w_j]/∂∇_j = (I − HK)_jj / √Q_r,jj;
 * δ₀ = k + z_0.8 (Baarda, power 80 %, k the calibrated threshold of each test). Medians over rows, one value per
 * drive: the drives are the units of the claims' bootstrap intervals.
 */
import { simulateDrive } from "./data";
import { runMethod, type RowTrace } from "./methods";
import { noncentrality } from "./model";
import type { Calibration } from "./experiment";
import type { IedmConfig } from "./config";
import { LAMBDA_L1 } from "../../gnss/frames";

/** One drive of the C5 experiment: medians with and without vision. */
export interface C5Drive {
  drive: number;
  /** Median √S_jj of the phase rows in I-EDM's filter, m: without / with vision. */
  sqrtSInsM: number;
  sqrtSVisionM: number;
  /** Median smallest detectable phase bias (slip), cycles: innovation test in I-EDM's filter, residual test in R-EDM's. */
  mdbSlipInnovation: { ins: number; vision: number };
  mdbSlipResidual: { ins: number; vision: number };
  /** Median smallest detectable code bias, m, same tests. */
  mdbCodeInnovation: { ins: number; vision: number };
  mdbCodeResidual: { ins: number; vision: number };
}

function median(xs: number[]): number {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/** Median over rows of a kind of a per-row quantity (rows after the first 10 s of convergence). */
function rowMedian(trace: readonly RowTrace[], t0: number, kind: RowTrace["kind"], f: (r: RowTrace) => number): number {
  return median(trace.filter((r) => r.kind === kind && r.t - t0 >= 10).map(f));
}

/** Runs C5 on `c5Drives` drives (seeds distinct from the Monte-Carlo's) at the calibrated thresholds. */
export function runC5(cfg: IedmConfig, cal: Calibration): C5Drive[] {
  const dI = noncentrality(cal.kInnovation);
  const dR = noncentrality(cal.kResidual);
  const out: C5Drive[] = [];
  for (let d = 0; d < cfg.c5Drives; d++) {
    const drive = simulateDrive({ ...cfg.drive, seed: cfg.seed * 1000 + 600 + d, duration: cfg.c5Duration });
    const settings = { kInnovation: cal.kInnovation, kResidual: cal.kResidual, trace: true };
    const i = { ins: runMethod(drive, "i-edm", settings, { vision: false }).trace, vision: runMethod(drive, "i-edm", settings, { vision: true }).trace };
    const r = { ins: runMethod(drive, "r-edm", settings, { vision: false }).trace, vision: runMethod(drive, "r-edm", settings, { vision: true }).trace };
    const both = (tr: { ins: RowTrace[]; vision: RowTrace[] }, kind: RowTrace["kind"], f: (x: RowTrace) => number) => ({
      ins: rowMedian(tr.ins, drive.t0, kind, f),
      vision: rowMedian(tr.vision, drive.t0, kind, f),
    });
    out.push({
      drive: d,
      sqrtSInsM: rowMedian(i.ins, drive.t0, "phase", (x) => x.sqrtS),
      sqrtSVisionM: rowMedian(i.vision, drive.t0, "phase", (x) => x.sqrtS),
      mdbSlipInnovation: both(i, "phase", (x) => (dI * x.sqrtS) / LAMBDA_L1),
      mdbSlipResidual: both(r, "phase", (x) => dR / x.resSensitivity / LAMBDA_L1),
      mdbCodeInnovation: both(i, "code", (x) => dI * x.sqrtS),
      mdbCodeResidual: both(r, "code", (x) => dR / x.resSensitivity),
    });
  }
  return out;
}

/** Relative reduction by vision, 1 − with/without (0.3 = vision lowers it by 30 %). */
export function visionReduction(x: { ins: number; vision: number }): number {
  return 1 - x.vision / x.ins;
}
