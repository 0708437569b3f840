/**
 * Spike functions with surrogate gradients (spikingjelly's definitions). Input is the
 * membrane potential minus threshold, x = H − V_th. Forward is the Heaviside step
 * S = 1[x ≥ 0]; backward replaces δ(x) with the derivative of a smooth surrogate g:
 *
 *   sigmoid (α = 4):       g'(x) = α · σ(αx) · (1 − σ(αx))
 *   arctan  (α = 2):       g'(x) = (α/2) / (1 + (π α x / 2)²)
 *   rectangular (a = 1):   g'(x) = 1[|x| < a/2] / a
 */
import * as tf from "@tensorflow/tfjs";

/** Surrogate gradient families. */
export type Surrogate = "sigmoid" | "atan" | "rect";

/** Default sharpness α (sigmoid, atan) or width a (rect) of each surrogate. */
export const SURROGATE_DEFAULTS: Readonly<Record<Surrogate, number>> = { sigmoid: 4, atan: 2, rect: 1 };

/** The surrogate derivative g'(x) as a tensor (exported for tests and plots). */
export function surrogateGrad(x: tf.Tensor, kind: Surrogate, alpha = SURROGATE_DEFAULTS[kind]): tf.Tensor {
  return tf.tidy(() => {
    switch (kind) {
      case "sigmoid": {
        const s = tf.sigmoid(tf.mul(x, alpha));
        return tf.mul(tf.mul(s, tf.sub(1, s)), alpha);
      }
      case "atan": {
        const z = tf.mul(x, (Math.PI * alpha) / 2);
        return tf.div(alpha / 2, tf.add(1, tf.square(z)));
      }
      case "rect":
        return tf.div(tf.less(tf.abs(x), alpha / 2).cast("float32"), alpha);
    }
  });
}

/**
 * Heaviside spike S = 1[x ≥ 0] with a surrogate gradient. `x` is H − V_th, any shape; the
 * result has the same shape and dtype float32.
 */
export function spike<T extends tf.Tensor>(x: T, kind: Surrogate = "atan", alpha = SURROGATE_DEFAULTS[kind]): T {
  const f = tf.customGrad((xi: tf.Tensor | tf.GradSaveFunc, save: tf.Tensor | tf.GradSaveFunc) => {
    const t = xi as tf.Tensor;
    (save as tf.GradSaveFunc)([t]);
    return {
      value: tf.tidy(() => tf.greaterEqual(t, 0).cast("float32")),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.tidy(() => tf.mul(dy, surrogateGrad(saved[0], kind, alpha))),
    };
  });
  return f(x) as T;
}

/** Spike with the sigmoid surrogate, α = 4 by default. */
export function spikeSigmoid<T extends tf.Tensor>(x: T, alpha = 4): T {
  return spike(x, "sigmoid", alpha);
}

/** Spike with the arctan surrogate, α = 2 by default (spikingjelly's ATan). */
export function spikeAtan<T extends tf.Tensor>(x: T, alpha = 2): T {
  return spike(x, "atan", alpha);
}

/** Spike with the rectangular surrogate of width `a` = 1 by default. */
export function spikeRect<T extends tf.Tensor>(x: T, width = 1): T {
  return spike(x, "rect", width);
}
