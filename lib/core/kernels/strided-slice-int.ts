/**
 * StridedSlice for int32 tensors on WASM. tfjs-backend-wasm 4.22 returns a float32 tensor of zeros for an int32
 * input whenever a stride is not 1 (found while writing the StridedSlice gradient). This wrapper copies int32 data
 * on the heap itself — out[l] = x[begin + l ⊙ strides] with tfjs's own `sliceInfo` resolving every mask — and leaves
 * every other dtype to the stock kernel.
 */
import * as tf from "@tensorflow/tfjs";
import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs";
import { WasmBackendLike, heap32, offsetOf } from "./wasm-memory";

interface Attrs {
  begin: number[]; end: number[]; strides: number[];
  beginMask: number; endMask: number; ellipsisMask: number; newAxisMask: number; shrinkAxisMask: number;
}

/** Wraps the stock wasm StridedSlice kernel. */
export function makeStridedSliceInt(stock: KernelConfig): KernelConfig {
  const stockFunc = stock.kernelFunc;
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const x = inputs.x as TensorInfo;
    if (x.dtype !== "int32") return stockFunc({ inputs, backend, attrs });
    const a = attrs as unknown as Attrs;
    const info = tf.slice_util.sliceInfo(x.shape, a.begin, a.end, a.strides, a.beginMask, a.endMask, a.ellipsisMask,
      a.newAxisMask, a.shrinkAxisMask);
    const b = backend as unknown as WasmBackendLike;
    const out = b.makeOutput(info.finalShape, "int32");
    // elements taken on each input axis (tfjs's finalShapeSparse drops shrunk axes, which is why its cpu kernel
    // fails on shrink + stride: "Requested out of range element")
    const shape = info.begin.map((bg, i) => Math.max(0, Math.ceil((info.end[i] - bg) / info.strides[i])));
    const total = shape.reduce((p, q) => p * q, 1);
    if (total === 0) return out;
    const r = x.shape.length;
    const inStrides = new Array<number>(r);
    inStrides[r - 1] = 1;
    for (let i = r - 2; i >= 0; i--) inStrides[i] = inStrides[i + 1] * x.shape[i + 1];
    const step = info.strides.map((s, i) => s * inStrides[i]);
    let off = info.begin.reduce((acc, s, i) => acc + s * inStrides[i], 0);
    const h = heap32(b);
    const src = offsetOf(b, x) >>> 2;
    const dst = offsetOf(b, out) >>> 2;
    const idx = new Array<number>(r).fill(0);
    for (let n = 0; n < total; n++) {
      h[dst + n] = h[src + off];
      for (let ax = r - 1; ax >= 0; ax--) {
        idx[ax]++;
        off += step[ax];
        if (idx[ax] < shape[ax]) break;
        off -= step[ax] * shape[ax];
        idx[ax] = 0;
      }
    }
    return out;
  };
  return { kernelName: tf.StridedSlice, backendName: "wasm", kernelFunc, setupFunc: stock.setupFunc };
}
