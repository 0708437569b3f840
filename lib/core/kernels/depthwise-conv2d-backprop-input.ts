/**
 * DepthwiseConv2dNativeBackpropInput for WASM (missing in tfjs-backend-wasm 4.22): per-tap channel contractions
 * scattered back onto the input grid (col2im):
 * dx[b,h,w,c] = Σ_{i,j,m} dy[b,oh,ow,c·M + m] · W[i,j,c,m] over (oh,ow) with h = oh·s_h + i·d_h − top, w likewise.
 */
import * as tf from "@tensorflow/tfjs";
import type { KernelConfig, KernelFunc, Tensor4D, TensorInfo } from "@tensorflow/tfjs";
import { ConvAttrs, convInfo, placeTap } from "./conv-taps";
import { depthwiseInputGradDirect } from "./depthwise-direct";

/** Input gradient of a depthwise conv. dy [B,OH,OW,C·M], filter [FH,FW,C,M] → [B,H,W,C] (inputShape). */
export function depthwiseConv2dBackpropInput(dy: Tensor4D, filter: Tensor4D, inputShape: number[], a: ConvAttrs): Tensor4D {
  return tf.tidy(() => {
    const c = convInfo(inputShape, filter.shape, a, true);
    const [FH, FW, C, M] = filter.shape;
    const [B, H, W] = inputShape;
    const K = FH * FW;
    const N = B * c.outHeight * c.outWidth;
    const g = dy.reshape([N, C, M]).transpose([1, 0, 2]); // [C, N, M]
    const w = filter.reshape([K, C, M]).transpose([1, 2, 0]); // [C, M, K]
    const contrib = tf.matMul(g, w).transpose([2, 1, 0]); // [C,N,K] → [K, N, C]
    const parts = tf.unstack(contrib, 0);
    const placed: Tensor4D[] = [];
    for (let i = 0; i < FH; i++) {
      for (let j = 0; j < FW; j++) {
        placed.push(placeTap(parts[i * FW + j].reshape([B, c.outHeight, c.outWidth, C]) as Tensor4D, i, j, c, H, W));
      }
    }
    return (placed.length === 1 ? placed[0] : tf.addN(placed)) as Tensor4D;
  });
}

/** On wasm: the direct loop of depthwise-direct.ts (float32 inputs); the composed version is for other backends. */
const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
  const a = attrs as unknown as ConvAttrs & { inputShape: number[] };
  return depthwiseInputGradDirect(backend, inputs.dy as TensorInfo, inputs.filter as TensorInfo, a.inputShape, a);
};

/** Kernel registration for the wasm backend. */
export const depthwiseConv2dBackpropInputConfig: KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropInput, backendName: "wasm", kernelFunc,
};
