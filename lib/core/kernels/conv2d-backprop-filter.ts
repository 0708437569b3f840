/**
 * Conv2DBackpropFilter for WASM (missing in tfjs-backend-wasm 4.22):
 * dW[i,j,ci,co] = Σ_{b,oh,ow} x[b, oh·s_h + i·d_h − top, ow·s_w + j·d_w − left, ci] · dy[b,oh,ow,co].
 *
 * Computed as one forward Conv2D (XNNPACK on wasm) with batch and channels swapped: the input is the padded x as
 * [Ci, Hp, Wp, B], the "filter" is dy as [OH, OW, B, Co], stride = the forward dilation and dilation = the forward
 * stride; the result [Ci, FH, FW, Co] is dW transposed. (An im2col matmul was 50x slower: the wasm matmul is slow
 * for a 16k-long inner dimension.) `conv2dBackpropFilterIm2col` keeps the matmul form as a cross-check.
 */
import * as tf from "@tensorflow/tfjs";
import type { KernelConfig, KernelFunc, Tensor4D } from "@tensorflow/tfjs";
import { ConvAttrs, asTensor, convInfo, extractTap, padForTaps } from "./conv-taps";

/**
 * Filter gradient of a (possibly dilated) NHWC conv2d. x [B,H,W,Ci], dy [B,OH,OW,Co] → [FH,FW,Ci,Co].
 * Used by the wasm kernel (dilation 1) and by lib/core/grad's dilated conv gradient.
 */
export function conv2dBackpropFilter(x: Tensor4D, dy: Tensor4D, filterShape: number[], a: ConvAttrs): Tensor4D {
  return tf.tidy(() => {
    const c = convInfo(x.shape, filterShape, a, false);
    const needH = (c.filterHeight - 1) * c.dilationHeight + (c.outHeight - 1) * c.strideHeight + 1;
    const needW = (c.filterWidth - 1) * c.dilationWidth + (c.outWidth - 1) * c.strideWidth + 1;
    let xp = padForTaps(x, c);
    if (xp.shape[1] !== needH || xp.shape[2] !== needW) xp = tf.slice(xp, [0, 0, 0, 0], [-1, needH, needW, -1]);
    const input = tf.transpose(xp, [3, 1, 2, 0]); // [Ci, Hp, Wp, B]
    const filter = tf.transpose(dy, [1, 2, 0, 3]); // [OH, OW, B, Co]
    // tfjs forbids stride > 1 together with dilation > 1, and so does the forward conv: at most one is > 1 here
    const out = tf.conv2d(input, filter, [c.dilationHeight, c.dilationWidth], "valid", "NHWC",
      [c.strideHeight, c.strideWidth]); // [Ci, FH, FW, Co]
    return tf.transpose(out, [1, 2, 0, 3]) as Tensor4D;
  });
}

/** The same gradient as one im2col matmul (slower on wasm; kept as an independent cross-check in tests). */
export function conv2dBackpropFilterIm2col(x: Tensor4D, dy: Tensor4D, filterShape: number[], a: ConvAttrs): Tensor4D {
  return tf.tidy(() => {
    const c = convInfo(x.shape, filterShape, a, false);
    const [FH, FW, Ci, Co] = filterShape;
    const xp = padForTaps(x, c);
    const taps: tf.Tensor4D[] = [];
    for (let i = 0; i < FH; i++) for (let j = 0; j < FW; j++) taps.push(extractTap(xp, i, j, c));
    const N = x.shape[0] * c.outHeight * c.outWidth;
    // im2col: [B,OH,OW,FH·FW·Ci] → [N, K·Ci], column index (i·FW + j)·Ci + ci
    const cols = (taps.length === 1 ? taps[0] : tf.concat(taps, 3)).reshape([N, FH * FW * Ci]);
    const dW = tf.matMul(cols, dy.reshape([N, Co]), true, false); // [K·Ci, Co]
    return dW.reshape([FH, FW, Ci, Co]) as Tensor4D;
  });
}

const kernelFunc: KernelFunc = ({ inputs, attrs }) => {
  const a = attrs as unknown as ConvAttrs & { filterShape: number[] };
  return conv2dBackpropFilter(asTensor<Tensor4D>(inputs.x, "Conv2DBackpropFilter"),
    asTensor<Tensor4D>(inputs.dy, "Conv2DBackpropFilter"), a.filterShape, { ...a, dilations: 1 });
};

/** Kernel registration for the wasm backend. */
export const conv2dBackpropFilterConfig: KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter, backendName: "wasm", kernelFunc,
};
