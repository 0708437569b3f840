/**
 * log σ(x) with a gradient that works on any input. tfjs-core 4.22's `tf.logSigmoid` builds its gradient with
 * `customGrad` and crashes when x is not a leaf of the tape ("Cannot read properties of undefined (reading
 * 'backend')"). Here log σ(x) = −softplus(−x), whose pieces all have registered gradients: d/dx = σ(−x).
 */
import * as tf from "@tensorflow/tfjs";

/** log σ(x) = −softplus(−x), elementwise, numerically stable, differentiable at any tape position. */
export function logSigmoid<T extends tf.Tensor>(x: T): T {
  return tf.neg(tf.softplus(tf.neg(x))) as T;
}
