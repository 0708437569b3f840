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

/** dy reshaped to x's rank with the reduced axes kept as 1, then broadcast to x's shape (scaled first by `scale`). */
function broadcastBack(dy: tf.Tensor, x: tf.Tensor, axis: number | number[], scale: number): tf.Tensor {
  const axes = tf.util.parseAxisParam(axis, x.shape);
  const kept = x.shape.slice();
  for (const a of axes) kept[a] = 1;
  let g = tf.reshape(dy, kept);
  if (scale !== 1) g = tf.div(g, scale);
  if (g.dtype !== "float32") g = tf.cast(g, "float32");
  return tf.util.arraysEqual(kept, x.shape) ? g : tf.add(tf.zerosLike(x).cast("float32"), g);
}

/** Replacement gradient for Sum (every backend). */
export const sumGradConfig: GradConfig = {
  kernelName: tf.Sum,
  inputsToSave: ["x"],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved;
    const { axis } = attrs as unknown as { axis: number | number[] };
    return { x: () => broadcastBack(dy as tf.Tensor, x, axis, 1) };
  },
};

/** Replacement gradient for Mean (every backend). */
export const meanGradConfig: GradConfig = {
  kernelName: tf.Mean,
  inputsToSave: ["x"],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved;
    const { axis } = attrs as unknown as { axis: number | number[] };
    const axes = tf.util.parseAxisParam(axis, x.shape);
    const n = axes.reduce((p, a) => p * x.shape[a], 1);
    return { x: () => broadcastBack(dy as tf.Tensor, x, axis, n) };
  },
};
