/**
 * UnsortedSegmentSum for WASM (missing in tfjs-backend-wasm 4.22; it is the gradient of `tf.gather`, so embeddings
 * could not train), as a one-hot matmul: out[s, …] = Σ_i [ids_i = s] · x[i, …] = oneHot(ids)ᵀ x.
 * Ids outside [0, numSegments) are dropped, as in TensorFlow.
 * float32 input takes a direct path instead: one pass adding each row of x into its segment's row on the heap (the
 * one-hot form costs a oneHot, a transpose and a [S, N]×[N, d] product: ~1 ms for the LM's [1024,64] embedding
 * gradient against ~0.05 ms). Rows are added in index order, as tfjs-cpu does.
 */
import * as tf from "@tensorflow/tfjs";
import type { KernelConfig, KernelFunc } from "@tensorflow/tfjs";
import type { TensorInfo } from "@tensorflow/tfjs";
import { asTensor } from "./conv-taps";
import { WasmBackendLike, offsetOf } from "./wasm-memory";

/** out[ids[i], :] += x[i, :] over float32 heap memory; out is zero-filled first. */
function segmentSumDirect(x: TensorInfo, ids: TensorInfo, numSegments: number, backend: object): TensorInfo {
  const w = backend as WasmBackendLike;
  const n = ids.shape.reduce((a, b) => a * b, 1);
  const rest = x.shape.slice(ids.shape.length);
  const d = rest.reduce((a, b) => a * b, 1);
  const out = w.makeOutput([numSegments, ...rest], "float32");
  const buf = w.wasm.HEAPU8.buffer;
  const O = new Float32Array(buf, offsetOf(w, out), numSegments * d);
  const X = new Float32Array(buf, offsetOf(w, x), n * d);
  const I = new Int32Array(buf, offsetOf(w, ids), n);
  O.fill(0);
  for (let i = 0; i < n; i++) {
    const s = I[i];
    if (s < 0 || s >= numSegments) continue;
    const o = s * d; const xi = i * d;
    for (let j = 0; j < d; j++) O[o + j] += X[xi + j];
  }
  return out;
}

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

const kernelFunc: KernelFunc = ({ inputs, attrs, backend }) => {
  const x = inputs.x as TensorInfo; const ids = inputs.segmentIds as TensorInfo;
  const numSegments = (attrs as { numSegments: number }).numSegments;
  if (x.dtype === "float32" && ids.dtype === "int32") return segmentSumDirect(x, ids, numSegments, backend);
  return unsortedSegmentSumMatmul(asTensor(inputs.x, "UnsortedSegmentSum"), asTensor(inputs.segmentIds, "UnsortedSegmentSum"),
    numSegments);
};

/** Kernel registration for the wasm backend. */
export const unsortedSegmentSumConfig: KernelConfig = {
  kernelName: tf.UnsortedSegmentSum, backendName: "wasm", kernelFunc,
};
