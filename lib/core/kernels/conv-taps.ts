/**
 * Shared geometry for the convolution kernels composed from ops WASM has (im2col and its adjoint col2im).
 *
 * A 2-D convolution with stride s, dilation d and padding (top, left) reads, for filter tap (i, j) and output pixel
 * (oh, ow), the input pixel (oh·s_h + i·d_h − top, ow·s_w + j·d_w − left). `extractTap` gathers that input for all
 * output pixels of one tap ([B,OH,OW,C]); `placeTap` is its adjoint: it scatters a [B,OH,OW,C] tensor back onto the
 * input grid ([B,H,W,C]), dropping what falls into the padding.
 */
import * as tf from "@tensorflow/tfjs";
import type { Tensor4D, TensorInfo } from "@tensorflow/tfjs";

/** The conv attributes the composed kernels accept (tfjs kernel attrs). */
export interface ConvAttrs {
  strides: number | [number, number];
  dilations?: number | [number, number];
  pad: "valid" | "same" | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: "floor" | "round" | "ceil";
  dataFormat?: "NHWC" | "NCHW";
}

/** Output size, padding and taps of a conv, from tfjs's own `computeConv2DInfo` so every edge case matches. */
export function convInfo(xShape: number[], filterShape: number[], a: ConvAttrs, depthwise: boolean): tf.backend_util.Conv2DInfo {
  if (a.dataFormat === "NCHW") {
    throw new Error("paperlab wasm conv kernels: dataFormat NCHW is not supported; transpose the input to NHWC [B,H,W,C]");
  }
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    a.strides, a.dilations ?? 1, a.pad, a.dimRoundingMode, depthwise);
}

/** Input padded so that every tap's strided slice is in range: [B, Hp, Wp, C]. */
export function padForTaps(x: Tensor4D, c: tf.backend_util.Conv2DInfo): Tensor4D {
  const { top, left } = c.padInfo;
  const needH = (c.filterHeight - 1) * c.dilationHeight + (c.outHeight - 1) * c.strideHeight + 1;
  const needW = (c.filterWidth - 1) * c.dilationWidth + (c.outWidth - 1) * c.strideWidth + 1;
  const bottom = Math.max(0, needH - x.shape[1] - top);
  const right = Math.max(0, needW - x.shape[2] - left);
  if (top === 0 && left === 0 && bottom === 0 && right === 0) return x;
  return tf.pad(x, [[0, 0], [top, bottom], [left, right], [0, 0]]);
}

/** Input seen by filter tap (i, j) for every output pixel: [B, OH, OW, C] (xp from `padForTaps`). */
export function extractTap(xp: Tensor4D, i: number, j: number, c: tf.backend_util.Conv2DInfo): Tensor4D {
  const h0 = i * c.dilationHeight;
  const w0 = j * c.dilationWidth;
  return tf.stridedSlice(xp,
    [0, h0, w0, 0],
    [xp.shape[0], h0 + (c.outHeight - 1) * c.strideHeight + 1, w0 + (c.outWidth - 1) * c.strideWidth + 1, xp.shape[3]],
    [1, c.strideHeight, c.strideWidth, 1]) as Tensor4D;
}

/** Places `x` (length `len` on `axis`) at `start` inside [0, size), cutting what falls outside, zero elsewhere. */
function place(x: tf.Tensor, axis: number, start: number, size: number): tf.Tensor {
  const len = x.shape[axis];
  const cutBefore = Math.max(0, -start);
  const cutAfter = Math.max(0, start + len - size);
  if (cutBefore > 0 || cutAfter > 0) {
    const begin = x.shape.map(() => 0);
    const sz = x.shape.slice();
    begin[axis] = cutBefore;
    sz[axis] = Math.max(0, len - cutBefore - cutAfter);
    x = tf.slice(x, begin, sz);
  }
  const before = Math.max(0, start);
  const after = size - before - x.shape[axis];
  if (before === 0 && after === 0) return x;
  const pads = x.shape.map(() => [0, 0] as [number, number]);
  pads[axis] = [before, after];
  return tf.pad(x, pads);
}

/** Adjoint of `extractTap` onto the unpadded input grid: [B,OH,OW,C] → [B,H,W,C]. */
export function placeTap(t: Tensor4D, i: number, j: number, c: tf.backend_util.Conv2DInfo, H: number, W: number): Tensor4D {
  const [B, OH, OW, C] = t.shape;
  const sh = c.strideHeight;
  const sw = c.strideWidth;
  let u: tf.Tensor = t;
  if (sh > 1 || sw > 1) {
    // upsample: value at oh goes to row oh·s_h, zeros between // [B,OH,1,OW,1,C] → [B,OH·sh,OW·sw,C]
    u = tf.pad(t.reshape([B, OH, 1, OW, 1, C]), [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]])
      .reshape([B, OH * sh, OW * sw, C]);
  }
  u = place(u, 1, i * c.dilationHeight - c.padInfo.top, H);
  u = place(u, 2, j * c.dilationWidth - c.padInfo.left, W);
  return u as Tensor4D;
}

/** Turns a kernel input (a Tensor when called through the engine) into a Tensor, or says what went wrong. */
export function asTensor<T extends tf.Tensor = tf.Tensor>(t: TensorInfo | undefined, kernel: string): T {
  if (t instanceof tf.Tensor) return t as T;
  throw new Error(`paperlab kernel ${kernel}: expected Tensor inputs (call it through tf ops / engine.runKernel)`);
}
