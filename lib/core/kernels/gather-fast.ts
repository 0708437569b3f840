/**
 * GatherV2 (tf.gather, embeddings) for the WASM backend as heap row copies, for batchDims = 0 and 32-bit data:
 * x [outer…, n, inner…], indices [m…] (int32) → [outer…, m…, inner…]; out[o, j, :] = x[o, idx_j, :].
 * Other cases go to the stock kernel. An index outside [0, n) is an error naming it (like the cpu backend).
 */
import * as tf from "@tensorflow/tfjs";
import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs";
import { WasmBackendLike, heap32, offsetOf } from "./wasm-memory";

/** Wraps the stock wasm GatherV2 kernel. */
export function makeGatherFast(stock: KernelConfig): KernelConfig {
  const stockFunc = stock.kernelFunc;
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const x = inputs.x as TensorInfo;
    const indices = inputs.indices as TensorInfo;
    const { axis, batchDims } = attrs as { axis: number; batchDims: number };
    if ((batchDims ?? 0) !== 0 || indices.dtype !== "int32" || (x.dtype !== "float32" && x.dtype !== "int32")) {
      return stockFunc({ inputs, backend, attrs });
    }
    const ax = tf.util.parseAxisParam(axis, x.shape)[0];
    const n = x.shape[ax];
    const outer = x.shape.slice(0, ax).reduce((a, b) => a * b, 1);
    const inner = x.shape.slice(ax + 1).reduce((a, b) => a * b, 1);
    const m = indices.shape.reduce((a, b) => a * b, 1);
    const outShape = [...x.shape.slice(0, ax), ...indices.shape, ...x.shape.slice(ax + 1)];
    const b = backend as unknown as WasmBackendLike;
    const out = b.makeOutput(outShape, x.dtype);
    if (outer * inner * m === 0) return out;
    const h = heap32(b);
    const src = offsetOf(b, x) >>> 2;
    const idx = offsetOf(b, indices) >>> 2;
    const dst = offsetOf(b, out) >>> 2;
    for (let j = 0; j < m; j++) {
      const k = h[idx + j];
      if (k < 0 || k >= n) {
        b.disposeData(out.dataId);
        throw new Error(`GatherV2: index ${k} (position ${j}) is not in [0, ${n}) for axis ${ax} of a tensor shaped [${x.shape}]`);
      }
    }
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < m; j++) {
        const s = src + (o * n + h[idx + j]) * inner;
        h.copyWithin(dst + (o * m + j) * inner, s, s + inner);
      }
    }
    return out;
  };
  return { kernelName: tf.GatherV2, backendName: "wasm", kernelFunc, setupFunc: stock.setupFunc };
}
