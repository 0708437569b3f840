/**
 * DepthwiseConv2dNativeBackpropInput for WASM (missing in tfjs-backend-wasm 4.22): per-tap channel contractions
 * scattered back onto the input grid (col2im):
 * dx[b,h,w,c] = Σ_{i,j,m} dy[b,oh,ow,c·M + m] · W[i,j,c,m] over (oh,ow) with h = oh·s_h + i·d_h − top, w likewise.
 */
import * as tf from "@tensorflow/tfjs";
import type { KernelConfig, KernelFunc, Tensor4D, TensorInfo } from "@tensorflow/tfjs";
import { ConvAttrs, convInfo, placeTap } from "./conv-taps";
import { depthwiseInputGradDirect } from "./depthwise-direct";
import { allocF32, f32 } from "./fused-memory";
import type { WasmBackendLike } from "./wasm-memory";

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

/**
 * Stride 1, dilation 1, multiplier 1 and centred padding (odd filter, top = bottom = (FH − 1)/2, likewise left/right:
 * a "same" 3×3 layer): the input gradient is the forward depthwise correlation of dy with the filter rotated by 180°,
 *   dx[b,h,w,c] = Σ_{i,j} dy[b, h + top − i, w + left − j, c] · W[i,j,c] = Σ_{i',j'} dy[b, h − top + i', w − left + j', c] · W[FH−1−i', FW−1−j', c],
 * which the backend's own DepthwiseConv2dNative runs (XNNPACK on wasm: [128,7,7,64] 3×3 in ~7 ms of CPU against ~32 ms
 * for the direct loop). Returns null where the geometry does not fit.
 */
function viaForward(backend: object, dy: TensorInfo, filter: TensorInfo, inputShape: number[], a: ConvAttrs): TensorInfo | null {
  const [FH, FW, C, M] = filter.shape;
  const c = convInfo(inputShape, filter.shape, a, true);
  const p = c.padInfo;
  const centred = FH % 2 === 1 && FW % 2 === 1 && p.top === (FH - 1) / 2 && p.bottom === p.top && p.left === (FW - 1) / 2 && p.right === p.left;
  if (M !== 1 || c.strideHeight !== 1 || c.strideWidth !== 1 || c.dilationHeight !== 1 || c.dilationWidth !== 1 || !centred) return null;
  if (dy.dtype !== "float32" || filter.dtype !== "float32") return null;
  const stock = tf.getKernel(tf.DepthwiseConv2dNative, "wasm");
  if (!stock) return null;
  const rotated = allocF32(backend, [FH, FW, C, 1]);
  const src = f32(backend, filter), dst = f32(backend, rotated);
  for (let i = 0; i < FH; i++) {
    for (let j = 0; j < FW; j++) dst.set(src.subarray((i * FW + j) * C, (i * FW + j + 1) * C), ((FH - 1 - i) * FW + (FW - 1 - j)) * C);
  }
  try {
    return stock.kernelFunc({ inputs: { x: dy, filter: rotated }, backend, attrs: { strides: [1, 1], pad: "same", dilations: [1, 1], dataFormat: "NHWC" } }) as TensorInfo;
  } finally {
    (backend as WasmBackendLike).disposeData(rotated.dataId);
  }
}

/**
 * On wasm: the backend's forward depthwise kernel on the rotated filter where the geometry allows (viaForward), else
 * the direct loop of depthwise-direct.ts (float32 inputs); the composed version is for other backends.
 */
const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
  const a = attrs as unknown as ConvAttrs & { inputShape: number[] };
  const dy = inputs.dy as TensorInfo, filter = inputs.filter as TensorInfo;
  return viaForward(backend, dy, filter, a.inputShape, a) ?? depthwiseInputGradDirect(backend, dy, filter, a.inputShape, a);
};

/** Kernel registration for the wasm backend. */
export const depthwiseConv2dBackpropInputConfig: KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropInput, backendName: "wasm", kernelFunc,
};
