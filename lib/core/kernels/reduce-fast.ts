/**
 * Reductions (Sum, Mean, Max, Min, Prod) for the WASM backend over axes that are not innermost. The stock kernels
 * first transpose the reduced axes to the end with the stock Transpose (its slow generic path, not the registered
 * kernel): a bias gradient, sum over axis 0 of [1024,192], took ~7 ms. This wrapper moves the axes with the fast
 * Transpose kernel and hands the stock kernel an innermost reduction; a float32 Sum over leading axes (bias
 * gradients) is one accumulation pass on the heap instead.
 */
import * as tf from "@tensorflow/tfjs";
import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs";
import { WasmBackendLike, offsetOf } from "./wasm-memory";
import { simdKernels } from "./simd/kernels";

/**
 * Sum over the leading axes of float32 x viewed as [R, C] (the bias-gradient shape): out[c] = Σ_r x[r, c], one
 * pass on the heap, no transpose: paperlab's SIMD kernel when C % 4 = 0 (float32 accumulation, like the stock
 * kernels; [1024,192]: 0.41 → ~0.03 ms), else accumulated row by row in float64.
 */
function sumLeading(b: WasmBackendLike, x: TensorInfo, k: number, keepDims: boolean): TensorInfo {
  const R = x.shape.slice(0, k).reduce((p, q) => p * q, 1);
  const C = x.shape.slice(k).reduce((p, q) => p * q, 1);
  const outShape = keepDims ? [...x.shape.slice(0, k).map(() => 1), ...x.shape.slice(k)] : x.shape.slice(k);
  const out = b.makeOutput(outShape, "float32");
  if (C % 4 === 0 && R > 0) {
    simdKernels(b).colsum(offsetOf(b, x), offsetOf(b, out), R, C * 4);
    return out;
  }
  const buf = b.wasm.HEAPU8.buffer;
  const src = new Float32Array(buf, offsetOf(b, x), R * C);
  const acc = new Float64Array(C);
  for (let r = 0; r < R; r++) {
    const row = r * C;
    for (let c = 0; c < C; c++) acc[c] += src[row + c];
  }
  new Float32Array(buf, offsetOf(b, out), C).set(acc);
  return out;
}

const bu = tf.backend_util;

/** Wraps a stock wasm reduction kernel (attrs { axis, keepDims }); `transpose` is the fast Transpose kernel. */
export function makeReduceFast(stock: KernelConfig, transpose: KernelFunc): KernelConfig {
  const stockFunc = stock.kernelFunc;
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const x = inputs.x as TensorInfo;
    const { axis, keepDims } = attrs as { axis: number | number[]; keepDims: boolean };
    const rank = x.shape.length;
    const axes = tf.util.parseAxisParam(axis, x.shape);
    const perm = bu.getAxesPermutation(axes, rank);
    if (perm == null || x.dtype === "bool") return stockFunc({ inputs, backend, attrs });
    const sorted = [...axes].sort((p, q) => p - q);
    if (stock.kernelName === tf.Sum && x.dtype === "float32" && sorted.every((a, i) => a === i)) {
      return sumLeading(backend as unknown as WasmBackendLike, x, sorted.length, keepDims);
    }
    const moved = transpose({ inputs: { x }, backend, attrs: { perm } }) as TensorInfo;
    try {
      const inner = bu.getInnerMostAxes(axes.length, rank);
      const out = stockFunc({ inputs: { x: moved }, backend, attrs: { axis: inner, keepDims: false } }) as TensorInfo;
      return keepDims ? { ...out, shape: bu.expandShapeToKeepDim(out.shape, axes) } : out;
    } finally {
      (backend as unknown as WasmBackendLike).disposeData(moved.dataId);
    }
  };
  return { kernelName: stock.kernelName, backendName: "wasm", kernelFunc, setupFunc: stock.setupFunc };
}
