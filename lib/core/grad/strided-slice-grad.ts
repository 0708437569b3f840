/**
 * StridedSlice and GatherNd gradients (tfjs-core 4.22 has neither). Both outputs pick distinct (StridedSlice) or
 * possibly repeated (GatherNd) elements of x; the gradient scatters dy back: ∂L/∂x[p] = Σ_{outputs o reading p} dy[o].
 * StridedSlice finds the flat positions it read by slicing an iota tensor with the same attributes, so every mask
 * (begin/end/ellipsis/new-axis/shrink) behaves exactly as in the forward pass.
 */
import * as tf from "@tensorflow/tfjs";
import type { GradConfig } from "@tensorflow/tfjs";

interface StridedSliceAttrs {
  begin: number[]; end: number[]; strides: number[];
  beginMask: number; endMask: number; ellipsisMask: number; newAxisMask: number; shrinkAxisMask: number;
}

/** ∂L/∂x of y = stridedSlice(x, …attrs) given dy. */
export function stridedSliceGrad(x: tf.Tensor, dy: tf.Tensor, a: StridedSliceAttrs): tf.Tensor {
  return tf.tidy(() => {
    const size = x.size;
    // float32 iota: tfjs-backend-wasm 4.22's StridedSlice returns zeros for int32 input with strides ≠ 1
    // (exact positions up to 2^24 elements)
    if (size > 2 ** 24) throw new Error(`stridedSlice gradient: input of ${size} elements is above 2^24; slice a reshaped view`);
    const iota = tf.range(0, size, 1, "float32").reshape(x.shape);
    const picked = tf.stridedSlice(iota, a.begin, a.end, a.strides, a.beginMask, a.endMask, a.ellipsisMask,
      a.newAxisMask, a.shrinkAxisMask);
    const flat = tf.scatterND(picked.reshape([-1, 1]).toInt(), dy.reshape([-1]).toFloat(), [size]);
    return flat.reshape(x.shape);
  });
}

/** Gradient registration for the StridedSlice kernel (every backend). */
export const stridedSliceGradConfig: GradConfig = {
  kernelName: tf.StridedSlice,
  inputsToSave: ["x"],
  gradFunc: (dy, saved, attrs) => ({
    x: () => stridedSliceGrad(saved[0], dy as tf.Tensor, attrs as unknown as StridedSliceAttrs),
  }),
};

/** Gradient registration for the GatherNd kernel: scatter-add dy at the gathered indices. */
export const gatherNdGradConfig: GradConfig = {
  kernelName: tf.GatherNd,
  inputsToSave: ["params", "indices"],
  gradFunc: (dy, saved) => ({
    params: () => tf.scatterND(saved[1], dy as tf.Tensor, saved[0].shape),
    indices: () => tf.zerosLike(saved[1]).toFloat(),
  }),
};
