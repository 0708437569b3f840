/**
 * ToxiCN MM metrics (card §2.3, §8), on lib/core's confusion matrix and per-class F1:
 * macro P / R / F1 over the classes present (sklearn's default labels), per-class F1, F1 of the harmful class
 * (task 1), the task-2 macro F1 over all 5 columns (as the code) and over the 4 harmful types, and the harmful recall
 * per modality subset.
 *
 * The code calls sklearn as `precision_score(pred, label)`, i.e. with y_true and y_pred swapped: F1 is symmetric and
 * unaffected, but what it prints as precision is the recall and vice versa. `codeP`/`codeR` are those printed
 * values; `p`/`r` are the correct ones.
 */
import { confusionMatrix, perClassF1 } from "../../core/train/metrics";
import { toxicnMessages } from "./messages";

/** Scores of one prediction, in percent. */
export interface DetectionScores {
  p: number;
  r: number;
  f1: number;
  /** As the official code prints them (precision and recall swapped). */
  codeP: number;
  codeR: number;
  /** F1 per class (0–100), class order. */
  perClass: number[];
  /** Task 1: F1 of class 1. Task 2: the mean F1 of the 4 harmful types (1–4). */
  f1Harm: number;
  /** Confusion matrix C[true][pred]. */
  cm: number[][];
}

const mean = (a: number[]): number => a.reduce((s, v) => s + v, 0) / Math.max(a.length, 1);

/** Macro scores of `pred` against `truth` over `classes` classes (2 or 5). */
export function detectionScores(truth: ArrayLike<number>, pred: ArrayLike<number>, classes: number): DetectionScores {
  for (let i = 0; i < truth.length; i++) if (!(truth[i] >= 0 && truth[i] < classes)) throw new Error(toxicnMessages.unknownType(truth[i], `label ${i}`));
  const cm = confusionMatrix(truth, pred, classes);
  const present = cm.map((row, c) => row.reduce((s, v) => s + v, 0) + cm.reduce((s, r) => s + r[c], 0) > 0);
  const { precision, recall, f1 } = perClassF1(cm);
  const used = (a: number[]): number[] => a.filter((_, c) => present[c]);
  const p = 100 * mean(used(precision)), r = 100 * mean(used(recall));
  return {
    p, r, f1: 100 * mean(used(f1)), codeP: r, codeR: p, perClass: f1.map((v) => 100 * v),
    f1Harm: classes === 2 ? 100 * f1[1] : 100 * mean(f1.slice(1)), cm,
  };
}

/** Recall of "harmful" (pred > 0) on the harmful items of each modality (1 fusion, 2 text, 3 image, 4 both), percent; NaN when a subset is empty. */
export function modalityRecall(modal: ArrayLike<number>, pred: ArrayLike<number>): { fusion: number; text: number; image: number; both: number } {
  const hit = [0, 0, 0, 0, 0], n = [0, 0, 0, 0, 0];
  for (let i = 0; i < modal.length; i++) {
    const m = modal[i];
    if (!(Number.isInteger(m) && m >= 0 && m <= 4)) throw new Error(toxicnMessages.unknownModal(m, `item ${i}`));
    n[m]++;
    if (pred[i] > 0) hit[m]++;
  }
  const r = (m: number): number => (n[m] ? (100 * hit[m]) / n[m] : NaN);
  return { fusion: r(1), text: r(2), image: r(3), both: r(4) };
}
