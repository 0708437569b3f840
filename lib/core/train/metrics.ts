/**
 * Evaluation metrics on plain arrays or tensors: accuracy, confusion matrix, macro-F1, MSE, RMSE.
 * Predictions may be class indices [N] or scores/logits [N, C] (argmax is taken).
 */
import * as tf from "@tensorflow/tfjs";
import { trainMessages } from "./messages";

/** Labels or predictions: numbers, or a tensor ([N] indices or [N, C] scores). */
export type LabelsLike = ArrayLike<number> | tf.Tensor;

/** Class indices from labels, or argmax of [N, C] scores. */
export function toClassIndices(x: LabelsLike): number[] {
  if (x instanceof tf.Tensor) {
    if (x.rank === 2) return Array.from(tf.tidy(() => tf.argMax(x, -1)).dataSync());
    return Array.from(x.dataSync());
  }
  return Array.from(x);
}

function values(x: ArrayLike<number> | tf.Tensor): number[] {
  return x instanceof tf.Tensor ? Array.from(x.dataSync()) : Array.from(x);
}

function pair(what: string, yTrue: LabelsLike, yPred: LabelsLike): [number[], number[]] {
  const t = toClassIndices(yTrue);
  const p = toClassIndices(yPred);
  if (t.length !== p.length) throw new RangeError(trainMessages.shapeMismatch(what, t.length, p.length));
  return [t, p];
}

/** Share of predictions equal to the label, in [0, 1] (NaN for no samples). */
export function accuracy(yTrue: LabelsLike, yPred: LabelsLike): number {
  const [t, p] = pair("accuracy", yTrue, yPred);
  let hit = 0;
  for (let i = 0; i < t.length; i++) if (t[i] === p[i]) hit++;
  return hit / t.length;
}

/**
 * Confusion matrix C[true][pred] (counts), C × C with C = `numClasses` (default: 1 + the largest
 * label seen).
 */
export function confusionMatrix(yTrue: LabelsLike, yPred: LabelsLike, numClasses?: number): number[][] {
  const [t, p] = pair("confusionMatrix", yTrue, yPred);
  const C = numClasses ?? Math.max(-1, ...t, ...p) + 1;
  const m = Array.from({ length: C }, () => new Array<number>(C).fill(0));
  for (let i = 0; i < t.length; i++) {
    for (const k of [t[i], p[i]]) {
      if (!Number.isInteger(k) || k < 0 || k >= C) throw new RangeError(trainMessages.labelRange("confusionMatrix", k, C));
    }
    m[t[i]][p[i]]++;
  }
  return m;
}

/** Per-class precision, recall and F1 from a confusion matrix (0 where undefined, as sklearn's zero_division=0). */
export function perClassF1(cm: number[][]): { precision: number[]; recall: number[]; f1: number[]; support: number[] } {
  const C = cm.length;
  const precision: number[] = [], recall: number[] = [], f1: number[] = [], support: number[] = [];
  for (let c = 0; c < C; c++) {
    const tp = cm[c][c];
    const predicted = cm.reduce((s, row) => s + row[c], 0);
    const actual = cm[c].reduce((s, v) => s + v, 0);
    const pr = predicted ? tp / predicted : 0;
    const rc = actual ? tp / actual : 0;
    precision.push(pr);
    recall.push(rc);
    f1.push(pr + rc ? (2 * pr * rc) / (pr + rc) : 0);
    support.push(actual);
  }
  return { precision, recall, f1, support };
}

/**
 * Macro-averaged F1: the unweighted mean of per-class F1 over the classes present in yTrue or
 * yPred (sklearn's `f1_score(average="macro")` with its default labels).
 */
export function macroF1(yTrue: LabelsLike, yPred: LabelsLike, numClasses?: number): number {
  const [t, p] = pair("macroF1", yTrue, yPred);
  const cm = confusionMatrix(t, p, numClasses);
  const present = new Set([...t, ...p]);
  const { f1 } = perClassF1(cm);
  const used = f1.filter((_, c) => present.has(c));
  return used.reduce((s, v) => s + v, 0) / used.length;
}

/** Mean squared error mean((y − ŷ)²) over all entries. */
export function mse(yTrue: ArrayLike<number> | tf.Tensor, yPred: ArrayLike<number> | tf.Tensor): number {
  const t = values(yTrue), p = values(yPred);
  if (t.length !== p.length) throw new RangeError(trainMessages.shapeMismatch("mse", t.length, p.length));
  let s = 0;
  for (let i = 0; i < t.length; i++) s += (t[i] - p[i]) ** 2;
  return s / t.length;
}

/** Root mean squared error √MSE. */
export function rmse(yTrue: ArrayLike<number> | tf.Tensor, yPred: ArrayLike<number> | tf.Tensor): number {
  return Math.sqrt(mse(yTrue, yPred));
}
