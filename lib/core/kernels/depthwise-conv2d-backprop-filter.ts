/**
 * DepthwiseConv2dNativeBackpropFilter for WASM (missing in tfjs-backend-wasm 4.22), as a batched matmul over channels:
 * dW[i,j,c,m] = Σ_{b,oh,ow} x[b, oh·s_h + i·d_h − top, ow·s_w + j·d_w − left, c] · dy[b,oh,ow,c·M + m].
 */
import * as tf from "@tensorflow/tfjs";
import type { KernelConfig, KernelFunc, Tensor4D, TensorInfo } from "@tensorflow/tfjs";
import { ConvAttrs, convInfo, extractTap, padForTaps } from "./conv-taps";
import { depthwiseFilterGradDirect } from "./depthwise-direct";

/** Filter gradient of a depthwise conv. x [B,H,W,C], dy [B,OH,OW,C·M] → [FH,FW,C,M]. */
export function depthwiseConv2dBackpropFilter(x: Tensor4D, dy: Tensor4D, filterShape: number[], a: ConvAttrs): Tensor4D {
  return tf.tidy(() => {
    const c = convInfo(x.shape, filterShape, a, true);
    const [FH, FW, C, M] = filterShape;
    const K = FH * FW;
    const N = x.shape[0] * c.outHeight * c.outWidth;
    const xp = padForTaps(x, c);
    const taps: tf.Tensor[] = [];
    for (let i = 0; i < FH; i++) for (let j = 0; j < FW; j++) taps.push(extractTap(xp, i, j, c).reshape([N, C]));
    const cols = tf.stack(taps, 0).transpose([2, 0, 1]); // [C, K, N]
    const g = dy.reshape([N, C, M]).transpose([1, 0, 2]); // [C, N, M]
    return tf.matMul(cols, g).transpose([1, 0, 2]).reshape([FH, FW, C, M]) as Tensor4D; // [C,K,M] → [K,C,M]
  });
}

/** On wasm: the direct loop of depthwise-direct.ts (float32 inputs); the composed version is for other backends. */
const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
  const a = attrs as unknown as ConvAttrs & { filterShape: number[] };
  return depthwiseFilterGradDirect(backend, inputs.x as TensorInfo, inputs.dy as TensorInfo, a.filterShape, a);
};

/** Kernel registration for the wasm backend. */
export const depthwiseConv2dBackpropFilterConfig: KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropFilter, backendName: "wasm", kernelFunc,
};
