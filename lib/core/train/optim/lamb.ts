/**
 * LAMB (You et al., arXiv 1904.00962), as timm's `Lamb` computes it:
 *   m ← β1·m + (1−β1)·g,   v ← β2·v + (1−β2)·g²
 *   u = (m / (1−β1^t)) / (√v / √(1−β2^t) + ε) + λ·p          (λ·p only where `decay` allows)
 *   r = ‖p‖ / ‖u‖  (1 when either norm is 0; min(r, 1) with `trustClip`)
 *   p ← p − lr · r · u      (r applied where λ > 0 for this variable, or everywhere with `alwaysAdapt`)
 * Optional `maxGradNorm` scales all gradients together so their global L2 norm is at most that
 * value before the update (timm's default is 1.0; here it is off unless set).
 */
import * as tf from "@tensorflow/tfjs";
import { MomentOptimizer, MomentOptions } from "./base";

/** Options of LAMB; defaults are timm's (β = (0.9, 0.999), ε = 1e-6, λ = 0.01). */
export interface LambOptions extends MomentOptions {
  /** Clip the trust ratio at 1 (timm `trust_clip`, used by SDT-V3 pretraining). */
  trustClip?: boolean;
  /** Apply the trust ratio to variables without weight decay too (timm `always_adapt`). */
  alwaysAdapt?: boolean;
  /** Global gradient-norm clip applied inside the optimizer (timm `max_grad_norm`). */
  maxGradNorm?: number;
}

/** LAMB optimizer with per-tensor trust ratio. */
export class Lamb extends MomentOptimizer {
  static get className(): string {
    return "Lamb";
  }
  private readonly trustClip: boolean;
  private readonly alwaysAdapt: boolean;
  private readonly maxGradNorm?: number;

  constructor(o: LambOptions) {
    super(o, { epsilon: 1e-6, weightDecay: 0.01 });
    this.trustClip = o.trustClip ?? false;
    this.alwaysAdapt = o.alwaysAdapt ?? false;
    this.maxGradNorm = o.maxGradNorm;
  }

  protected override prepare(grads: tf.Tensor[]): tf.Tensor[] {
    if (this.maxGradNorm === undefined) return grads;
    return clipByGlobalNorm(grads, this.maxGradNorm).grads;
  }

  protected override update(a: Parameters<MomentOptimizer["update"]>[0]) {
    const { p, g, t, lr } = a;
    const b1 = this.beta1, b2 = this.beta2;
    const m = tf.add(tf.mul(a.m, b1), tf.mul(g, 1 - b1));
    const v = tf.add(tf.mul(a.v, b2), tf.mul(tf.square(g), 1 - b2));
    const bc1 = 1 - Math.pow(b1, t);
    const bc2 = 1 - Math.pow(b2, t);
    let u = tf.div(tf.div(m, bc1), tf.add(tf.div(tf.sqrt(v), Math.sqrt(bc2)), this.epsilon));
    if (a.decays) u = tf.add(u, tf.mul(p, this.weightDecay));
    if (a.decays || this.alwaysAdapt) {
      const wNorm = tf.norm(p);
      const uNorm = tf.norm(u);
      const one = tf.onesLike(wNorm);
      let r = tf.where(tf.greater(wNorm, 0), tf.where(tf.greater(uNorm, 0), tf.div(wNorm, uNorm), one), one);
      if (this.trustClip) r = tf.minimum(r, one);
      u = tf.mul(u, r);
    }
    return { p: tf.sub(p, tf.mul(u, lr)), m, v };
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), trustClip: this.trustClip, alwaysAdapt: this.alwaysAdapt, maxGradNorm: this.maxGradNorm ?? null };
  }
}

/** Creates a LAMB optimizer: `lamb({ learningRate: warmupCosine(...), weightDecay: 0.05, trustClip: true })`. */
export function lamb(o: LambOptions): Lamb {
  return new Lamb(o);
}

/**
 * Scales `grads` together so their global L2 norm ‖(g_1, …, g_n)‖ is at most `maxNorm`
 * (torch.nn.utils.clip_grad_norm_). Returns the (possibly scaled) gradients and the norm before clipping.
 */
export function clipByGlobalNorm(grads: tf.Tensor[], maxNorm: number): { grads: tf.Tensor[]; norm: tf.Scalar } {
  return tf.tidy(() => {
    const sq = grads.map((g) => tf.sum(tf.square(g)));
    const norm = tf.sqrt(sq.length ? tf.addN(sq) : tf.scalar(0)) as tf.Scalar;
    // scale = min(1, maxNorm / (norm + 1e-6)), the PyTorch formula
    const scale = tf.minimum(tf.scalar(1), tf.div(maxNorm, tf.add(norm, 1e-6)));
    return { grads: grads.map((g) => tf.mul(g, scale)), norm };
  });
}

tf.serialization.registerClass(Lamb);
