/**
 * AdamW (Loshchilov & Hutter, arXiv 1711.05101), as torch.optim.AdamW computes it:
 *   p ← p − lr·λ·p                          (decoupled decay; only where `decay` allows)
 *   m ← β1·m + (1−β1)·g,   v ← β2·v + (1−β2)·g²
 *   p ← p − lr · (m / (1−β1^t)) / (√(v / (1−β2^t)) + ε)
 */
import * as tf from "@tensorflow/tfjs";
import { MomentOptimizer, MomentOptions } from "./base";
import { adamInPlace, canFuseAdam } from "../../kernels/adam-fused";

/** Options of AdamW; defaults are PyTorch's (β = (0.9, 0.999), ε = 1e-8, λ = 0.01). */
export type AdamWOptions = MomentOptions;

/** AdamW optimizer, usable anywhere a tf.Optimizer is (train loop, `minimize`, layers models). */
export class AdamW extends MomentOptimizer {
  static get className(): string {
    return "AdamW";
  }

  constructor(o: AdamWOptions) {
    super(o, { epsilon: 1e-8, weightDecay: 0.01 });
  }

  /** On wasm: one fused SIMD pass per variable, in place (same arithmetic as `update`). */
  protected override updateInPlace(a: Parameters<MomentOptimizer["updateInPlace"]>[0]): boolean {
    if (!canFuseAdam(a.p, a.g)) return false;
    adamInPlace(a.p, a.g, a.m, a.v, { lr: a.lr, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon,
      weightDecay: a.decays ? this.weightDecay : 0, t: a.t });
    return true;
  }

  protected override update(a: Parameters<MomentOptimizer["update"]>[0]) {
    const { p, g, t, lr } = a;
    const b1 = this.beta1, b2 = this.beta2;
    const decayed = a.decays ? tf.mul(p, 1 - lr * this.weightDecay) : p;
    const m = tf.add(tf.mul(a.m, b1), tf.mul(g, 1 - b1));
    const v = tf.add(tf.mul(a.v, b2), tf.mul(tf.square(g), 1 - b2));
    const bc1 = 1 - Math.pow(b1, t);
    const bc2 = 1 - Math.pow(b2, t);
    const denom = tf.add(tf.div(tf.sqrt(v), Math.sqrt(bc2)), this.epsilon);
    const next = tf.sub(decayed, tf.mul(tf.div(m, denom), lr / bc1));
    return { p: next, m, v };
  }
}

/** Creates an AdamW optimizer: `adamw({ learningRate: 1e-3, weightDecay: 0.05 })`; `weightDecay: 0` is Adam. */
export function adamw(o: AdamWOptions): AdamW {
  return new AdamW(o);
}

tf.serialization.registerClass(AdamW);
