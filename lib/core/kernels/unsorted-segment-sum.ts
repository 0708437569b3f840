/**
 * UnsortedSegmentSum for WASM (missing in tfjs-backend-wasm 4.22; it is the gradient of `tf.gather`, so embeddings
 * could not train), as a one-hot matmul: out[s, …] = Σ_i [ids_i = s] · x[i, …] = oneHot(ids)ᵀ x.
 * Ids outside [0, numSegments) are dropped, as in TensorFlow.
 */
import * as tf from "@tensorflow/tfjs";
import type { KernelConfig, KernelFunc } from "@tensorflow/tfjs";
import { asTensor } from "./conv-taps";

/** x [N, …] (segmentIds' shape is a prefix of x's), segmentIds int32 → [numSegments, …]. */
export function unsortedSegmentSumMatmul(x: tf.Tensor, segmentIds: tf.Tensor, numSegments: number): tf.Tensor {
  return tf.tidy(() => {
    const ids = segmentIds.reshape([-1]).toInt();
    const n = ids.shape[0];
    const rest = x.shape.slice(segmentIds.rank);
    const restSize = rest.reduce((a, b) => a * b, 1);
    const oneHot = tf.oneHot(ids, numSegments).toFloat(); // [N, S]
    const out = tf.matMul(oneHot, x.reshape([n, restSize]).toFloat(), true, false); // [S, rest]
    const shaped = out.reshape([numSegments, ...rest]);
    return x.dtype === "int32" ? shaped.round().toInt() : shaped;
  });
}

const kernelFunc: KernelFunc = ({ inputs, attrs }) =>
  unsortedSegmentSumMatmul(asTensor(inputs.x, "UnsortedSegmentSum"), asTensor(inputs.segmentIds, "UnsortedSegmentSum"),
    (attrs as { numSegments: number }).numSegments);

/** Kernel registration for the wasm backend. */
export const unsortedSegmentSumConfig: KernelConfig = {
  kernelName: tf.UnsortedSegmentSum, backendName: "wasm", kernelFunc,
};
