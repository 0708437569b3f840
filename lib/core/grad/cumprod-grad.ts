/**
 * Cumprod gradient (tfjs-core 4.22 has none), exact also where x has zeros (no division by y).
 *
 * Inclusive forward along the axis, y_j = Π_{l≤j} x_l:
 *   ∂L/∂x_k = P_k · R_k,  P_k = Π_{l<k} x_l (exclusive cumprod),  R_k = Σ_{j≥k} dy_j Π_{k<l≤j} x_l,
 *   computed backwards: R_{n−1} = dy_{n−1}, R_k = dy_k + x_{k+1} R_{k+1}.
 * Exclusive forward, y_j = Π_{l<j} x_l: the same with R'_{n−1} = 0, R'_k = dy_{k+1} + x_{k+1} R'_{k+1}.
 * Reverse runs the same on the flipped axis. The backward recurrence is n small ops: fine for the sequence lengths the
 * paper models use (decays over T ≤ a few hundred steps).
 */
import * as tf from "@tensorflow/tfjs";
import type { GradConfig } from "@tensorflow/tfjs";

/** ∂L/∂x of y = cumprod(x, axis, exclusive, reverse) given dy. */
export function cumprodGrad(x: tf.Tensor, dy: tf.Tensor, axis: number, exclusive: boolean, reverse: boolean): tf.Tensor {
  return tf.tidy(() => {
    const ax = axis < 0 ? axis + x.rank : axis;
    const perm = [ax, ...[...Array(x.rank).keys()].filter((i) => i !== ax)];
    let xt = tf.transpose(x, perm); // [n, …rest]
    let dt = tf.transpose(dy, perm);
    if (reverse) { xt = tf.reverse(xt, 0); dt = tf.reverse(dt, 0); }
    const n = xt.shape[0];
    const xs = tf.unstack(xt);
    const ds = tf.unstack(dt);
    const p = tf.unstack(tf.cumprod(xt, 0, true)); // P_k = Π_{l<k} x_l
    const r: tf.Tensor[] = new Array(n);
    r[n - 1] = exclusive ? tf.zerosLike(ds[n - 1]) : ds[n - 1];
    for (let k = n - 2; k >= 0; k--) r[k] = tf.add(exclusive ? ds[k + 1] : ds[k], tf.mul(xs[k + 1], r[k + 1]));
    let dx = tf.stack(r.map((rk, k) => tf.mul(p[k], rk)));
    if (reverse) dx = tf.reverse(dx, 0);
    const inv = perm.map((_, i) => perm.indexOf(i));
    return tf.transpose(dx, inv);
  });
}

/** Gradient registration for the Cumprod kernel (every backend). */
export const cumprodGradConfig: GradConfig = {
  kernelName: tf.Cumprod,
  inputsToSave: ["x"],
  gradFunc: (dy, saved, attrs) => {
    const { axis, exclusive, reverse } = attrs as unknown as { axis: number; exclusive: boolean; reverse: boolean };
    return { x: () => cumprodGrad(saved[0], dy as tf.Tensor, axis, exclusive, reverse) };
  },
};
