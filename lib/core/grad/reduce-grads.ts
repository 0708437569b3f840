/**
 * Sum and Mean gradients without a JS-side ones tensor. tfjs-core 4.22 computes ∂x = reshape(dy) · ones(x.shape)
 * (÷ the reduced size for Mean), and `ones` fills a new Float32Array of x's size in JS and uploads it on every
 * backward pass: for the [16,32,32,16] activation of the conv benchmark that is 3.5 ms per step (median; fresh large
 * ArrayBuffers page-fault on first touch here), more than the three convolutions' kernels together. The same gradient
 * as zerosLike(x) + the (divided) dy, broadcasting: two kernels, 0.1 ms, no JS allocation. (tf.broadcastTo would be
 * one Tile kernel, but tfjs-backend-wasm's Tile takes 14 ms for that shape.)
 *   y = Σ_axes x   ⇒ ∂x = broadcast(dy)            y = mean_axes x ⇒ ∂x = broadcast(dy / n),  n = Π reduced sizes
 */
import * as tf from "@tensorflow/tfjs";
import type { GradConfig } from "@tensorflow/tfjs";

/** dy reshaped to x's rank with the reduced axes kept as 1, then broadcast to x's shape (÷ the reduced size for Mean). */
function broadcastBack(dy: tf.Tensor, x: tf.Tensor, axis: number | number[], mean: boolean): tf.Tensor {
  const axes = tf.util.parseAxisParam(axis, x.shape);
  const kept = x.shape.slice();
  for (const a of axes) kept[a] = 1;
  let g = tf.reshape(dy, kept);
  if (mean) g = tf.div(g, axes.reduce((p, a) => p * x.shape[a], 1));
  if (g.dtype !== "float32") g = tf.cast(g, "float32");
  return tf.util.arraysEqual(kept, x.shape) ? g : tf.add(tf.zerosLike(x).cast("float32"), g);
}

/** The gradient config of one reduction (Sum or Mean; every backend). */
function reduceGrad(kernelName: string, mean: boolean): GradConfig {
  return {
    kernelName,
    inputsToSave: ["x"],
    gradFunc: (dy, saved, attrs) => {
      const { axis } = attrs as unknown as { axis: number | number[] };
      return { x: () => broadcastBack(dy as tf.Tensor, saved[0], axis, mean) };
    },
  };
}

/** Replacement gradients for Sum and Mean. */
export const sumGradConfig = reduceGrad(tf.Sum, false);
export const meanGradConfig = reduceGrad(tf.Mean, true);
