/**
 * Cumsum gradient. tfjs-core 4.22 transposes the result of the reverse cumsum for any axis but the last, so the
 * gradient is wrong (transposed) there. The correct gradient is the cumsum of dy in the other direction along the
 * same axis: y = cumsum(x) ⇒ ∂L/∂x = cumsum(∂L/∂y, axis, exclusive, !reverse).
 */
import * as tf from "@tensorflow/tfjs";
import type { GradConfig } from "@tensorflow/tfjs";

/** Replacement gradient for the Cumsum kernel (every backend). */
export const cumsumGradConfig: GradConfig = {
  kernelName: tf.Cumsum,
  inputsToSave: ["x"],
  gradFunc: (dy, _saved, attrs) => {
    const { axis, exclusive, reverse } = attrs as unknown as { axis: number; exclusive: boolean; reverse: boolean };
    return { x: () => tf.cumsum(dy as tf.Tensor, axis, exclusive, !reverse) };
  },
};
