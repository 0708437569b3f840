/**
 * The paper's metrics (card §2.3): macro precision / recall / F1 over the classes, in %, from lib/core's confusion
 * matrix (zero_division = 0, as sklearn). The CN grades are scored binary (A → not PCL, B/C/D → PCL) for the main
 * table, and as a 4 × 4 confusion for C6.
 */
import { confusionMatrix, perClassF1 } from "../../core/train/metrics";

/** Macro P / R / F1 in %. */
export interface MacroScores {
  p: number;
  r: number;
  f1: number;
}

/** Macro precision, recall and F1 (%) of `pred` against `truth` over `classes` classes. */
export function macroScores(truth: readonly number[], pred: readonly number[], classes = 2): MacroScores {
  const s = perClassF1(confusionMatrix(truth as number[], pred as number[], classes));
  const mean = (xs: number[]) => (100 * xs.reduce((a, b) => a + b, 0)) / xs.length;
  return { p: mean(s.precision), r: mean(s.recall), f1: mean(s.f1) };
}

/** Binary view of a grade (A = 0 → 0, B–D → 1). */
export const binaryOfGrade = (g: number): number => (g > 0 ? 1 : 0);

/** Share of the off-diagonal mass of a confusion matrix that lies next to the diagonal (|true − pred| = 1). */
export function adjacentErrorShare(cm: readonly (readonly number[])[]): number {
  let off = 0;
  let adj = 0;
  cm.forEach((row, i) => row.forEach((n, j) => { if (i !== j) { off += n; if (Math.abs(i - j) === 1) adj += n; } }));
  return off === 0 ? 1 : adj / off;
}
