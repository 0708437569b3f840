/**
 * Spiking neurons of Spike-Driven Transformer V3 (arXiv 2411.16061, "Spike Firing Approximation"):
 * the integer-valued I-LIF quantizer used for training at T = 1, its multi-timestep form with leak and
 * soft reset (SpikeYOLO), and the binary LIF with a surrogate gradient trained by BPTT (the baseline).
 *
 * Multi-step tensors fold time into the batch axis: `[T·B, ...]` with t outermost, the layout the
 * convolutions consume (spikingjelly's multi-step mode).
 */
import * as tf from "@tensorflow/tfjs";
import { quantizeClipped, stopGradient } from "../../core/train/ste";
import { lifMultiStep as coreLif, type Surrogate } from "../../core/train/spike";
import { sdtMessages } from "./messages";

/**
 * Rounding of the quantizer. The base-model code uses `torch.round` (halves to even, as `tf.round`);
 * the large-model and MAE code uses `floor(u + 0.5)` (halves up).
 */
export type Rounding = "half-even" | "half-up";

/**
 * Window of the clipped straight-through gradient: "closed" passes the gradient for 0 ≤ u ≤ D (base
 * models: `grad[i < min] = 0; grad[i > max] = 0`), "open" only for 0 < u < D (large models).
 */
export type GradWindow = "closed" | "open";

/** How the quantizer rounds and where its gradient passes. */
export interface QuantizerConvention {
  rounding: Rounding;
  window: GradWindow;
}

/** The default convention: the base models' (E-SpikeFormer 5.1M/10M/19M), which this folder reproduces. */
export const DEFAULT_CONVENTION: QuantizerConvention = { rounding: "half-even", window: "closed" };
/** The large / MAE models' convention. */
export const LARGE_CONVENTION: QuantizerConvention = { rounding: "half-up", window: "open" };

/**
 * I-LIF quantizer at T = 1:
 *   forward   s = round(clip(u, 0, D)),  output ŝ = s / norm        (norm = D inside blocks, 1 at the head)
 *   backward  ∂ŝ/∂u = 1[u in window] / norm                        (clipped STE; /norm differentiated as usual)
 * Any shape in, same shape out.
 */
export function quantize<T extends tf.Tensor>(u: T, D: number, norm: number = D, conv: QuantizerConvention = DEFAULT_CONVENTION): T {
  if (!(Number.isInteger(D) && D >= 1)) throw new RangeError(sdtMessages.badLevels(D));
  return quantizeClipped(u, D, { norm, rounding: conv.rounding, window: conv.window });
}

/**
 * Multi-timestep I-LIF (SpikeYOLO), u: `[T·B, ...]` → spikes `[T·B, ...]` (values k/norm, k ∈ 0..D):
 *   v[t] = β · (v[t−1] − s[t−1]) + u[t],   s[t] = Q_D(v[t])     (soft reset subtracts the integer fired)
 * with β = 0.25 by default and the fired integer detached inside the reset.
 */
export function ilifMultiStep(u: tf.Tensor, T: number, D: number, beta = 0.25, norm: number = D, conv: QuantizerConvention = DEFAULT_CONVENTION): tf.Tensor {
  if (T === 1) return quantize(u, D, norm, conv);
  const steps = tf.split(u, T, 0); // T × [B, ...]
  const out: tf.Tensor[] = [];
  let v: tf.Tensor | null = null;
  let sInt: tf.Tensor | null = null;
  for (let t = 0; t < T; t++) {
    v = v === null ? steps[t] : tf.add(tf.mul(tf.sub(v, stopGradient(sInt!)), beta), steps[t]);
    const s: tf.Tensor = quantize(v, D, norm, conv);
    sInt = norm === 1 ? s : tf.mul(s, norm); // the integer count, for the reset
    out.push(s);
  }
  return tf.concat(out, 0);
}

/** Parameters of the binary LIF baseline (spikingjelly MultiStepLIFNode of the SDT lineage). */
export interface LifOptions {
  /** Membrane time constant τ (default 2): v ← v + (x − v)/τ. */
  tau: number;
  /** Threshold (default 1). */
  vth: number;
  /** Surrogate of ∂s/∂h (default "atan"). */
  surrogate: Surrogate;
  /** Surrogate sharpness α (default 2, spikingjelly's `surrogate.ATan()`). */
  alpha: number;
}

/**
 * Defaults of the binary LIF: τ = 2, V_th = 1, hard reset to 0 (detached), as the SDT lineage's MultiStepLIFNode,
 * with spikingjelly's arctan surrogate g'(x) = (α/2)/(1 + (παx/2)²), α = 2 (SEW-ResNet and PLIF, Fang et al. 2021).
 * The sigmoid surrogate (α = 4, spikingjelly's class default, the card's choice) was the first baseline: its tails
 * decay exponentially, and at T = 1 most units sit far below threshold (h = u/τ, threshold at u = 2; at u = −2 the
 * arctan passes 19× its gradient); it trained binary LIF T1 to 50 % where arctan gives 71 % on the same 240 steps
 * (seed 0; README, "Regime").
 */
export const LIF_DEFAULTS: LifOptions = { tau: 2, vth: 1, surrogate: "atan", alpha: 2 };

/**
 * Binary LIF over T steps, u: `[T·B, ...]` → spikes `[T·B, ...]` in {0, 1}, trained by BPTT:
 *   h[t] = v[t−1] + (u[t] − v[t−1]) / τ,   s[t] = H(h[t] − V_th),   v[t] = h[t] · (1 − s[t])
 * (hard reset to 0; the spike in the reset is detached, the charge path is differentiated through time).
 */
export function lifMultiStep(u: tf.Tensor, T: number, o: LifOptions = LIF_DEFAULTS): tf.Tensor {
  return coreLif(u, T, { tau: o.tau, vth: o.vth, vReset: 0, reset: "hard", surrogate: o.surrogate, alpha: o.alpha }); // fused kernels (lib/core)
}

/** A neuron type of the ablation grid. */
export type NeuronSpec =
  | { kind: "ilif"; D: number; T: number; beta?: number; convention?: QuantizerConvention }
  | { kind: "lif"; T: number; lif?: Partial<LifOptions> };

/** Short label of a neuron spec for tables ("I-LIF T1×D4", "LIF T4"). */
export function neuronLabel(n: NeuronSpec): string {
  return n.kind === "ilif" ? `I-LIF T${n.T}×D${n.D}` : `LIF T${n.T}`;
}

/** Largest value a neuron emits per step (D for I-LIF, 1 for binary LIF). */
export function levelsOf(n: NeuronSpec): number {
  return n.kind === "ilif" ? n.D : 1;
}

/**
 * Fires the neuron on membrane input u `[T·B, ...]`. `head` selects the classifier-head neuron, which
 * emits integers without the /D normalisation (the code's `MultiSpike(Norm=1)`).
 */
export function fire(n: NeuronSpec, u: tf.Tensor, head = false): tf.Tensor {
  if (n.kind === "ilif") return ilifMultiStep(u, n.T, n.D, n.beta ?? 0.25, head ? 1 : n.D, n.convention ?? DEFAULT_CONVENTION);
  return lifMultiStep(u, n.T, { ...LIF_DEFAULTS, ...n.lif });
}

/**
 * Reference for the "integer = spike count" reading (card §2.1), in plain numbers: a soft-reset
 * integrate-and-fire neuron with threshold 1, driven by u/D for D steps from a membrane of 1/2,
 * returns its number of spikes. Equals round(clip(u, 0, D)) except at exact halves (ties go up).
 */
export function softResetIfCount(u: number, D: number): number {
  let v = 0.5;
  let count = 0;
  for (let d = 0; d < D; d++) {
    v += u / D;
    if (v >= 1) {
      v -= 1;
      count++;
    }
  }
  return count;
}
