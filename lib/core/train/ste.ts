/**
 * Gradients tfjs does not give: stop-gradient, straight-through estimators and the clipped
 * integer quantizer of integer-spiking SNNs (Spike-Driven Transformer V3's I-LIF).
 * tfjs's Round, Floor and Sign have zero gradient, so quantizers need these.
 */
import * as tf from "@tensorflow/tfjs";

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

/**
 * Clipped integer quantizer (SDT-V3 I-LIF, D levels):
 *   forward  Q_D(u) = floor(clip(u, 0, D) + 0.5) / D          (eq. of the I-LIF neuron)
 *   backward ∂Q/∂u := 1[0 ≤ u ≤ D] / D                        (clipped STE)
 * With `{ normalize: false }` it returns the integer count floor(clip(u,0,D)+0.5) and gradient 1[0 ≤ u ≤ D].
 * Halves round up (0.5 → 1) as in the reference code, not to even as tf.round does.
 */
export function quantizeClipped<T extends tf.Tensor>(u: T, D: number, opts: { normalize?: boolean } = {}): T {
  if (!(D > 0)) throw new RangeError(`quantizeClipped: D must be a positive number of levels, got ${D}`);
  const normalize = opts.normalize ?? true;
  const scale = normalize ? 1 / D : 1;
  return clippedSte(
    u,
    (t) =>
      tf.tidy(() => {
        const q = roundHalfUp(tf.clipByValue(t, 0, D));
        return normalize ? tf.div(q, D) : q;
      }),
    0,
    D,
    scale,
  );
}
