/**
 * Unpack (tf.unstack) for the WASM backend as heap copies. The stock kernel slices once per output through the
 * generic strided path: unstacking the attention tensor [3,B,H,T,dh] (196k floats) took 33 ms there.
 * x [outer…, n, inner…] → n tensors [outer…, inner…]: output i, row o = x[o, i, :] (contiguous runs of `inner`).
 */
import * as tf from "@tensorflow/tfjs";
import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs";
import { WasmBackendLike, heap32, offsetOf } from "./wasm-memory";

/** Wraps the stock wasm Unpack kernel: heap copies for 32-bit dtypes, the stock kernel for bool. */
export function makeUnpackFast(stock: KernelConfig): KernelConfig {
  const stockFunc = stock.kernelFunc;
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const x = inputs.value as TensorInfo;
    if (x.dtype !== "float32" && x.dtype !== "int32") return stockFunc({ inputs, backend, attrs });
    const rank = x.shape.length;
    let axis = (attrs as { axis: number }).axis;
    if (axis < 0) axis += rank;
    const n = x.shape[axis];
    const outer = x.shape.slice(0, axis).reduce((a, b) => a * b, 1);
    const inner = x.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
    const outShape = x.shape.filter((_, i) => i !== axis);
    const b = backend as unknown as WasmBackendLike;
    const outs = Array.from({ length: n }, () => b.makeOutput(outShape, x.dtype));
    if (outer * inner === 0) return outs;
    const h = heap32(b); // after every allocation: the heap may have grown
    const src = offsetOf(b, x) >>> 2;
    outs.forEach((out, i) => {
      const dst = offsetOf(b, out) >>> 2;
      for (let o = 0; o < outer; o++) {
        const s = src + (o * n + i) * inner;
        h.copyWithin(dst + o * inner, s, s + inner);
      }
    });
    return outs;
  };
  return { kernelName: tf.Unpack, backendName: "wasm", kernelFunc, setupFunc: stock.setupFunc };
}
