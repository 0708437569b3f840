/**
 * MFSNN's layers (arXiv 2410.03533; the card's [INFERRED] reference architecture §2.2, since the paper's text could
 * not be read): causal dilated temporal convolution, squeeze-and-excitation gates, batch norm over batch × time,
 * the LIF neuron (lib/core's fused `lifMultiStep`) and the leaky-integrator readout.
 *
 * Layout: activations are time-major and flat, `[T·B, F]` (row t·B + b), which is what the fused LIF takes; a trial
 * batch enters as `[B, T, C]`.
 */
import * as tf from "@tensorflow/tfjs";
import { batchNormTrain } from "../../core/kernels/batch-norm";
import type { ParamStore } from "../../core/nn/params";
import { lifMultiStep, type Surrogate } from "../../core/train/spike";
import { mfsnnMessages } from "./messages";

/** `[B, T, C]` trials → time-major `[T·B, C]`. Throws naming the shape when x is not rank 3 with T and C as given. */
export function toTimeMajor(x: tf.Tensor, T: number, C: number): tf.Tensor2D {
  if (x.rank !== 3 || x.shape[1] !== T || x.shape[2] !== C) throw new Error(mfsnnMessages.inputShape(x.shape, T, C));
  return tf.reshape(tf.transpose(x, [1, 0, 2]), [-1, C]) as tf.Tensor2D; // [T·B, C]
}

/**
 * Causal dilated conv over time, im2col form (tfjs has no dilated conv1d gradient; card §6): with k taps and
 * dilation d, y[t] = Σ_j W_j · x[t − (k−1−j)·d] + b, x[t<0] = 0, so y[t] sees x[t − (k−1)d .. t] — a receptive field
 * of (k−1)·d + 1 bins (3, 5, 9 for k = 3, d = 1, 2, 4). x `[T·B, Fin]`, w `[k·Fin, Fout]` → `[T·B, Fout]`.
 */
export function causalConv(x: tf.Tensor, T: number, w: tf.Tensor, b: tf.Tensor | null, k: number, d: number): tf.Tensor2D {
  const [TB, Fin] = x.shape as [number, number];
  const B = TB / T;
  const taps: tf.Tensor[] = [];
  for (let j = 0; j < k; j++) {
    const shift = (k - 1 - j) * d; // tap j looks `shift` bins back
    if (shift === 0) taps.push(x);
    else if (shift >= T) taps.push(tf.zeros([TB, Fin]));
    else taps.push(tf.concat([tf.zeros([shift * B, Fin]), tf.slice(x, [0, 0], [(T - shift) * B, Fin])], 0)); // x[t − shift], rows shifted by shift·B
  }
  const cols = k === 1 ? x : tf.concat(taps, 1); // [T·B, k·Fin]
  const y = tf.matMul(cols, w); // [T·B, Fout]
  return (b ? tf.add(y, b) : y) as tf.Tensor2D;
}

/** Batch norm's parameters and running statistics under `name/`. γ starts at `gamma0` (the threshold: card §8). */
export function initBatchNorm(p: ParamStore, name: string, F: number, gamma0 = 1): void {
  p.weight(`${name}/gamma`, [F], (shape) => tf.fill(shape, gamma0));
  p.weight(`${name}/beta`, [F], "zeros");
  p.buffer(`${name}/mean`, [F], 0);
  p.buffer(`${name}/var`, [F], 1);
}

/**
 * Batch norm over batch × time of x `[T·B, F]`: training mode uses the batch statistics (lib/core's fused
 * `batchNormTrain`, running statistics updated, momentum 0.1); evaluation uses the running ones,
 * y = γ (x − μ_run)/√(σ²_run + ε) + β.
 */
export function batchNorm(p: ParamStore, name: string, x: tf.Tensor, training: boolean): tf.Tensor {
  const g = p.get(`${name}/gamma`), b = p.get(`${name}/beta`), mean = p.get(`${name}/mean`), variance = p.get(`${name}/var`);
  if (training) return batchNormTrain(x, g, b, { mean, variance, momentum: 0.1 });
  return tf.add(tf.mul(tf.sub(x, mean), tf.mul(g, tf.rsqrt(tf.add(variance, 1e-5)))), b);
}

/** Squeeze-and-excitation weights for `F` features with reduction r under `name/` (F → ⌈F/r⌉ → F). */
export function initSE(p: ParamStore, name: string, F: number, r: number): void {
  const h = Math.max(1, Math.ceil(F / r));
  p.weight(`${name}/w1`, [F, h]);
  p.weight(`${name}/b1`, [h], "zeros");
  p.weight(`${name}/w2`, [h, F]);
  p.weight(`${name}/b2`, [F], "zeros");
}

/**
 * Squeeze-and-excitation over features (electrode attention on the inputs, feature attention on a branch):
 *   s = σ(W₂ ReLU(W₁ mean_t x + b₁) + b₂) `[B, F]`,   x' = x ⊙ s (broadcast over t).
 * x `[T·B, F]` → x' `[T·B, F]`, and the gate s.
 */
export function squeezeExcite(p: ParamStore, name: string, x: tf.Tensor, T: number): { y: tf.Tensor2D; gate: tf.Tensor2D } {
  const [TB, F] = x.shape as [number, number];
  const B = TB / T;
  const x3 = tf.reshape(x, [T, B, F]);
  const m = tf.mean(x3, 0); // [B, F]: the squeeze, mean over time
  const h = tf.relu(tf.add(tf.matMul(m, p.get(`${name}/w1`)), p.get(`${name}/b1`)));
  const gate = tf.sigmoid(tf.add(tf.matMul(h, p.get(`${name}/w2`)), p.get(`${name}/b2`))) as tf.Tensor2D; // [B, F]
  return { y: tf.reshape(tf.mul(x3, gate), [TB, F]) as tf.Tensor2D, gate };
}

/** LIF settings of MFSNN (card §2.2: τ 2, V_th 1, hard reset to 0, detached; ATan α = 2). */
export interface NeuronSettings {
  /** τ as a number, or a scalar tensor when learnable (PLIF: τ = 1/σ(w)). */
  tau: number | tf.Tensor;
  surrogate: Surrogate;
}

/** Spikes of x `[T·B, F]` (the membrane input) through the fused multi-step LIF: `[T·B, F]` in {0, 1}. */
export function lif(x: tf.Tensor, T: number, n: NeuronSettings): tf.Tensor2D {
  return lifMultiStep(x, T, { tau: n.tau, vth: 1, vReset: 0, reset: "hard", surrogate: n.surrogate }) as tf.Tensor2D;
}

/**
 * Weights of the leaky-integrator readout's time-mean in closed form. The non-spiking membrane
 *   m[t] = m[t−1] + (I[t] − m[t−1])/τ_r,  m[−1] = 0,   score = (1/T) Σ_t m[t]
 * is linear in I, score = Σ_s w_s I[s] with w_s = (1 − (1 − 1/τ_r)^{T−s}) / T (s = 0..T−1).
 */
export function readoutWeights(T: number, tauR: number): Float32Array {
  const keep = 1 - 1 / tauR;
  return Float32Array.from({ length: T }, (_, s) => (1 - Math.pow(keep, T - s)) / T);
}

/** Class scores from per-step currents I `[T·B, K]`: Σ_s w_s I[s] → `[B, K]` (one matmul with the closed-form weights). */
export function leakyReadout(I: tf.Tensor, T: number, tauR: number): tf.Tensor2D {
  const [TB, K] = I.shape as [number, number];
  const B = TB / T;
  const w = tf.tensor2d(readoutWeights(T, tauR), [1, T]);
  return tf.reshape(tf.matMul(w, tf.reshape(I, [T, B * K])), [B, K]) as tf.Tensor2D; // [1, T]·[T, B·K]
}
