/**
 * Gradients tfjs does not give: stop-gradient, straight-through estimators and the clipped
 * integer quantizer of integer-spiking SNNs (Spike-Driven Transformer V3's I-LIF).
 * tfjs's Round, Floor and Sign have zero gradient, so quantizers need these.
 */
import * as tf from "@tensorflow/tfjs";
import { quantizeFused } from "../kernels/quantize";
import { hasFusedKernels } from "../kernels/register-all";

const stopGrad = tf.customGrad((x: tf.Tensor | tf.GradSaveFunc) => {
  const t = x as tf.Tensor;
  return { value: t.clone(), gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy) };
});

/** Identity forward, zero gradient backward (PyTorch's `x.detach()`, JAX's `stop_gradient`). */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  return stopGrad(x) as T;
}

/**
 * Straight-through estimator: forward `f(x)`, backward the identity (∂y/∂x := 1), so gradients
 * pass through a non-differentiable `f` (round, sign, threshold). `f` must keep the shape.
 */
export function ste<T extends tf.Tensor>(x: T, f: (x: T) => tf.Tensor): T {
  const g = tf.customGrad((xi: tf.Tensor | tf.GradSaveFunc) => ({
    value: f(xi as T),
    gradFunc: (dy: tf.Tensor) => dy.clone(),
  }));
  return g(x) as T;
}

/**
 * Clipped straight-through estimator: forward `f(x)`, backward `dy · 1[lo ≤ x ≤ hi] · scale`.
 * (BinaryConnect's "hard tanh" STE is `clippedSte(x, tf.sign, -1, 1)`.)
 */
export function clippedSte<T extends tf.Tensor>(
  x: T,
  f: (x: T) => tf.Tensor,
  lo: number,
  hi: number,
  scale = 1,
): T {
  const g = tf.customGrad((xi: tf.Tensor | tf.GradSaveFunc, save: tf.Tensor | tf.GradSaveFunc) => {
    const t = xi as T;
    (save as tf.GradSaveFunc)([t]);
    return {
      value: f(t),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        tf.tidy(() => {
          const [u] = saved;
          const inside = tf.logicalAnd(tf.greaterEqual(u, lo), tf.lessEqual(u, hi)).cast("float32");
          return scale === 1 ? tf.mul(dy, inside) : tf.mul(tf.mul(dy, inside), scale);
        }),
    };
  });
  return g(x) as T;
}

/** Rounds halves up: floor(x + 0.5) (tf.round rounds halves to even). */
function roundHalfUp(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.floor(tf.add(x, 0.5)));
}

/** Round with a straight-through gradient: forward floor(x + 0.5), backward identity. */
export function roundSte<T extends tf.Tensor>(x: T): T {
  return ste(x, roundHalfUp);
}

/** Options of `quantizeClipped`. */
export interface QuantizeOptions {
  /** Divide by D (default true); false returns the integer counts. Ignored when `norm` is given. */
  normalize?: boolean;
  /** Divisor of the output and the gradient (default D when normalising, else 1). */
  norm?: number;
  /** Rounding of halves: "half-up" (floor(v + 0.5), default) or "half-even" (tf.round, torch.round). */
  rounding?: "half-up" | "half-even";
  /** Gradient window: "closed" 0 ≤ u ≤ D (default) or "open" 0 < u < D. */
  window?: "closed" | "open";
}

/**
 * Clipped integer quantizer (SDT-V3 I-LIF, D levels):
 *   forward  Q_D(u) = rnd(clip(u, 0, D)) / norm               (eq. of the I-LIF neuron; norm = D by default)
 *   backward ∂Q/∂u := 1[u in window] / norm                    (clipped STE)
 * With `{ normalize: false }` it returns the integer count rnd(clip(u,0,D)) and gradient 1[0 ≤ u ≤ D].
 * Halves round up (0.5 → 1) by default, as the reference code's floor(x + 0.5), not to even as tf.round does.
 * One fused kernel each way on wasm and cpu (kernels/quantize.ts); composed from tf ops on other backends.
 */
export function quantizeClipped<T extends tf.Tensor>(u: T, D: number, opts: QuantizeOptions = {}): T {
  if (!(D > 0)) throw new RangeError(`quantizeClipped: D must be a positive number of levels, got ${D}`);
  const norm = opts.norm ?? ((opts.normalize ?? true) ? D : 1);
  if (!(norm > 0)) throw new RangeError(`quantizeClipped: norm must be positive, got ${norm}`);
  const halfUp = (opts.rounding ?? "half-up") === "half-up";
  const open = opts.window === "open";
  if (hasFusedKernels()) return quantizeFused(u, { levels: D, norm, halfUp, open }) as T;
  const g = tf.customGrad((xi: tf.Tensor | tf.GradSaveFunc, save: tf.Tensor | tf.GradSaveFunc) => {
    const t = xi as tf.Tensor;
    (save as tf.GradSaveFunc)([t]);
    const value = tf.tidy(() => {
      const c = tf.clipByValue(t, 0, D);
      const q = halfUp ? roundHalfUp(c) : tf.round(c);
      return norm === 1 ? q : tf.div(q, norm);
    });
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        tf.tidy(() => {
          const [v] = saved;
          const inside = open ? tf.logicalAnd(tf.greater(v, 0), tf.less(v, D)) : tf.logicalAnd(tf.greaterEqual(v, 0), tf.lessEqual(v, D));
          const gr = tf.mul(dy, inside.cast("float32"));
          return norm === 1 ? gr : tf.div(gr, norm);
        }),
    };
  });
  return g(u) as T;
}
