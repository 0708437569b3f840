/**
 * The I-EDM paper's numbers (arXiv 2409.03433, abstract) and the card's claims C1–C5 (../shared/papers/iedm-gnss.md
 * §4). `status` says which claims this library can check today; the paper's numbers are context, never our result.
 */
import type { DetectionRow } from "./experiment";

/** Headline numbers from the abstract. */
export const PAPER_NUMBERS = {
  /** E/N/U accuracy of tightly coupled GNSS/INS/Vision + I-EDM, m (statistic not stated; RMS likely). */
  accuracyEnuM: [0.23, 0.11, 0.31] as const,
  /** Improvement over residual-based EDM (R-EDM), % ("up to"). */
  improvementOverRedmPct: 21.6,
  source: "arXiv 2409.03433 v1 abstract (vehicle tests in urban environments)",
} as const;

/** One claim of the card. */
export interface Claim {
  id: "C1" | "C2" | "C3" | "C4" | "C5";
  text: string;
  /** What the claim expects numerically. */
  expected: string;
  /** "checkable": evaluate() exists here; "needs-simulator": awaits the drive simulator + EKF (not built yet). */
  status: "checkable" | "needs-simulator";
}

/** The card's claims C1–C5. */
export const CLAIMS: readonly Claim[] = [
  { id: "C1", text: "At equal false-alarm rate (5%), innovation tests detect injected code biases (2–20 m) and slips (1–20 cycles) more often than post-fit residual tests; the gap widens as satellites fall from 10 to 5.", expected: "TPR_innovation > TPR_residual at 5% FA; gap(5 sats) > gap(10 sats)", status: "checkable" },
  { id: "C2", text: "Horizontal and vertical RMSE follow No-EDM > R-EDM > I-EDM on simulated urban drives; I-EDM gain over R-EDM of order 10–25% (paper: up to 21.6%).", expected: "RMSE order per axis; gain 10–25%, mean of 30 drives", status: "needs-simulator" },
  { id: "C3", text: "Slip-size estimation is ≥ 90% correct while the 1σ predicted DD range error stays below about λ/4 (≈ 5 cm on L1); it degrades as INS quality drops or outages lengthen.", expected: "≥ 90% exact integers at σ_pred < 5 cm", status: "needs-simulator" },
  { id: "C4", text: "Clustering beats per-satellite thresholds when many satellites are contaminated at once (reference-satellite slip, several NLOS); with a single fault both do equally well.", expected: "multi-fault detection: clustering > per-satellite; single fault: equal", status: "needs-simulator" },
  { id: "C5", text: "Vision velocity aiding shrinks S and lowers the smallest detectable slip/bias, so I-EDM benefits more from vision than R-EDM.", expected: "ΔRMSE(vision) larger for I-EDM than R-EDM", status: "needs-simulator" },
];

/** Verdict of C1 from detection rows: per satellite count, TPR gap (innovation − residual) for single faults. */
export function evaluateC1(rows: readonly DetectionRow[]): { sats: number; gap: number }[] & { holds: boolean } {
  const sats = [...new Set(rows.map((r) => r.sats))].sort((a, b) => a - b);
  const gaps = sats.map((n) => {
    const get = (s: DetectionRow["statistic"]) => rows.find((r) => r.sats === n && r.faults === 1 && r.statistic === s)?.detectionRate ?? NaN;
    return { sats: n, gap: get("innovation") - get("residual") };
  });
  const holds = gaps.every((g) => g.gap > 0) && gaps.length > 1 && gaps[0].gap > gaps[gaps.length - 1].gap;
  return Object.assign(gaps, { holds });
}
