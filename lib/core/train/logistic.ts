/**
 * Multinomial logistic regression (softmax regression) in plain JavaScript: a small, deterministic baseline or
 * ceiling classifier on tabular features (e.g. a simulator's true latents), with no tensors involved.
 *
 *   const m = fitLogistic(xTrain, yTrain, { classes: 3, l2: 1e-3 });   // rows of features, integer labels
 *   const pred = m.predict(xTest);                                     // argmax class per row
 *
 * Features are standardised with the training mean and sd; the weights minimise the mean cross-entropy plus
 * (l2/2)·‖W‖² (bias not decayed) by full-batch gradient descent with Nesterov momentum, from zeros, so the same
 * data gives the same model everywhere.
 */
import { trainMessages } from "./messages";

/** Options of `fitLogistic`. */
export interface LogisticOptions {
  /** Number of classes (default: 1 + the largest label). */
  classes?: number;
  /** L2 penalty on the weights (default 1e-3). */
  l2?: number;
  /** Gradient steps (default 500) and step size (default 0.5, on standardised features). */
  steps?: number;
  lr?: number;
}

/** A fitted model. */
export interface LogisticModel {
  classes: number;
  /** Weights [features][classes] on standardised features, and biases [classes]. */
  w: number[][];
  b: number[];
  mean: number[];
  sd: number[];
  /** Class probabilities per row. */
  proba(x: readonly (readonly number[])[]): number[][];
  /** Argmax class per row. */
  predict(x: readonly (readonly number[])[]): number[];
}

function softmaxRow(z: number[]): number[] {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

/** Fits softmax regression to rows `x` (n × d) and labels `y` (n integers in [0, classes)). */
export function fitLogistic(x: readonly (readonly number[])[], y: readonly number[], o: LogisticOptions = {}): LogisticModel {
  const n = x.length;
  if (n === 0 || n !== y.length) throw new RangeError(trainMessages.shapeMismatch("fitLogistic", n, y.length));
  const d = x[0].length;
  if (!x.every((r) => r.length === d)) throw new RangeError(trainMessages.shapeMismatch("fitLogistic (row length)", d, x.find((r) => r.length !== d)?.length ?? d));
  const K = o.classes ?? Math.max(...y) + 1;
  for (const k of y) if (!Number.isInteger(k) || k < 0 || k >= K) throw new RangeError(trainMessages.labelRange("fitLogistic", k, K));
  const l2 = o.l2 ?? 1e-3, steps = o.steps ?? 500, lr = o.lr ?? 0.5;
  const mean = Array.from({ length: d }, (_, j) => x.reduce((s, r) => s + r[j], 0) / n);
  const sd = Array.from({ length: d }, (_, j) => Math.sqrt(x.reduce((s, r) => s + (r[j] - mean[j]) ** 2, 0) / n) || 1);
  const z = x.map((r) => r.map((v, j) => (v - mean[j]) / sd[j]));
  const w = Array.from({ length: d }, () => new Array<number>(K).fill(0));
  const b = new Array<number>(K).fill(0);
  const vw = Array.from({ length: d }, () => new Array<number>(K).fill(0));
  const vb = new Array<number>(K).fill(0);
  const mu = 0.9;
  for (let t = 0; t < steps; t++) {
    // Nesterov: gradient at the look-ahead point θ + μv.
    const la = w.map((row, j) => row.map((v, k) => v + mu * vw[j][k]));
    const lb = b.map((v, k) => v + mu * vb[k]);
    const gw = Array.from({ length: d }, (_, j) => la[j].map((v) => l2 * v));
    const gb = new Array<number>(K).fill(0);
    for (let i = 0; i < n; i++) {
      const p = softmaxRow(lb.map((bk, k) => bk + z[i].reduce((s, v, j) => s + v * la[j][k], 0)));
      p[y[i]] -= 1; // ∂CE/∂logits = p − onehot(y)
      for (let k = 0; k < K; k++) {
        gb[k] += p[k] / n;
        for (let j = 0; j < d; j++) gw[j][k] += (p[k] * z[i][j]) / n;
      }
    }
    for (let k = 0; k < K; k++) {
      vb[k] = mu * vb[k] - lr * gb[k];
      b[k] += vb[k];
      for (let j = 0; j < d; j++) {
        vw[j][k] = mu * vw[j][k] - lr * gw[j][k];
        w[j][k] += vw[j][k];
      }
    }
  }
  const proba = (rows: readonly (readonly number[])[]) =>
    rows.map((r) => softmaxRow(b.map((bk, k) => bk + r.reduce((s, v, j) => s + ((v - mean[j]) / sd[j]) * w[j][k], 0))));
  return {
    classes: K, w, b, mean, sd, proba,
    predict: (rows) => proba(rows).map((p) => p.indexOf(Math.max(...p))),
  };
}
