/**
 * Conv2DBackpropFilter for WASM (missing in tfjs-backend-wasm 4.22):
 * dW[i,j,ci,co] = Σ_{b,oh,ow} x[b, oh·s_h + i·d_h − top, ow·s_w + j·d_w − left, ci] · dy[b,oh,ow,co].
 *
 * Computed as one forward Conv2D (XNNPACK on wasm) with batch and channels swapped: the input is the padded x as
 * [Ci, Hp, Wp, B], the "filter" is dy as [OH, OW, B, Co], stride = the forward dilation and dilation = the forward
 * stride; the result [Ci, FH, FW, Co] is dW transposed. `conv2dBackpropFilterIm2col` keeps the matmul form as a
 * cross-check.
 *
 * The wasm kernel itself takes a faster route for float32: paperlab's SIMD module writes the transposed im2col matrix
 * Pᵀ [FH·FW·Ci, B·OH·OW] straight from the padded input (sequential writes), and dW = Pᵀ · dy is one plain XNNPACK
 * matmul (no transposed operand). The conv form packs dy as a huge filter on every call (x [16,32,32,8], 3×3 → 16:
 * 3.7 ms conv form vs 1.5 ms, same loaded machine).
 */
import * as tf from "@tensorflow/tfjs";
import type { KernelConfig, KernelFunc, Tensor4D } from "@tensorflow/tfjs";
import type { TensorInfo } from "@tensorflow/tfjs";
import { ConvAttrs, asTensor, convInfo, extractTap, padForTaps } from "./conv-taps";
import { simdKernels } from "./simd/kernels";
import { WasmBackendLike, offsetOf } from "./wasm-memory";

/** dW through the SIMD transposed im2col and one plain matmul (wasm backend, float32). */
function conv2dBackpropFilterWasm(x: Tensor4D, dy: Tensor4D, filterShape: number[], a: ConvAttrs, backend: object): Tensor4D {
  return tf.tidy(() => {
    const c = convInfo(x.shape, filterShape, a, false);
    const [FH, FW, Ci, Co] = filterShape;
    const xp = padForTaps(x, c);
    const N = x.shape[0] * c.outHeight * c.outWidth;
    const w = backend as WasmBackendLike;
    const pt = tf.engine().makeTensorFromTensorInfo(w.makeOutput([FH * FW * Ci, N], "float32"));
    simdKernels(backend).im2colT(offsetOf(w, xp as unknown as TensorInfo), offsetOf(w, pt as unknown as TensorInfo),
      x.shape[0], xp.shape[1], xp.shape[2], Ci, FH, FW, c.outHeight, c.outWidth,
      c.strideHeight, c.strideWidth, c.dilationHeight, c.dilationWidth);
    return tf.matMul(pt, dy.reshape([N, Co])).reshape([FH, FW, Ci, Co]) as Tensor4D;
  });
}

/**
 * Filter gradient of a (possibly dilated) NHWC conv2d. x [B,H,W,Ci], dy [B,OH,OW,Co] → [FH,FW,Ci,Co].
 * Used by the wasm kernel (dilation 1) and by lib/core/grad's conv gradient (every backend, any dilation): on wasm
 * with float32 through the SIMD im2col and one matmul, elsewhere as one forward conv.
 */
export function conv2dBackpropFilter(x: Tensor4D, dy: Tensor4D, filterShape: number[], a: ConvAttrs): Tensor4D {
  if (tf.getBackend() === "wasm" && x.dtype === "float32" && dy.dtype === "float32" && a.dataFormat !== "NCHW") {
    return conv2dBackpropFilterWasm(x, dy, filterShape, a, tf.backend());
  }
  return conv2dBackpropFilterConv(x, dy, filterShape, a);
}

/** The filter gradient as one forward conv with batch and channels swapped (see the file comment). */
export function conv2dBackpropFilterConv(x: Tensor4D, dy: Tensor4D, filterShape: number[], a: ConvAttrs): Tensor4D {
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

const kernelFunc: KernelFunc = ({ inputs, attrs, backend }) => {
  const a = attrs as unknown as ConvAttrs & { filterShape: number[] };
  if ((inputs.x as TensorInfo).dtype === "float32" && (inputs.dy as TensorInfo).dtype === "float32" && a.dataFormat !== "NCHW") {
    return conv2dBackpropFilterWasm(asTensor<Tensor4D>(inputs.x, "Conv2DBackpropFilter"),
      asTensor<Tensor4D>(inputs.dy, "Conv2DBackpropFilter"), a.filterShape, { ...a, dilations: 1 }, backend);
  }
  return conv2dBackpropFilterConv(asTensor<Tensor4D>(inputs.x, "Conv2DBackpropFilter"),
    asTensor<Tensor4D>(inputs.dy, "Conv2DBackpropFilter"), a.filterShape, { ...a, dilations: 1 });
};

/** Kernel registration for the wasm backend. */
export const conv2dBackpropFilterConfig: KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter, backendName: "wasm", kernelFunc,
};
