/**
 * Direct loops for the two depthwise-convolution gradients on the wasm backend, working on its heap in place.
 * The composed versions (depthwise-conv2d-backprop-*.ts: one strided slice or pad per filter tap, a batched
 * matmul over channels, transposes) ran ~40 kernels and 15–25 ms for a [64,14,14,16] 3×3 layer; these are one
 * pass each over dy with channels innermost (NHWC), accumulating in float64.
 *
 * Geometry (stride s, dilation d, padding top/left from tfjs's own computeConv2DInfo), channel multiplier M:
 *   dW[i,j,c,m] = Σ_{b,oh,ow} x[b, oh·s_h + i·d_h − top, ow·s_w + j·d_w − left, c] · dy[b,oh,ow,c·M + m]
 *   dx[b,h,w,c]  = Σ_{i,j,m}   dy[b,oh,ow,c·M + m] · W[i,j,c,m]   over (oh, ow) with h = oh·s_h + i·d_h − top, …
 */
import type { TensorInfo } from "@tensorflow/tfjs";
import { allocF32, f32 } from "./fused-memory";
import { convInfo, type ConvAttrs } from "./conv-taps";

/** Filter gradient: x [B,H,W,C], dy [B,OH,OW,C·M] → [FH,FW,C,M]. */
export function depthwiseFilterGradDirect(backend: object, x: TensorInfo, dy: TensorInfo, filterShape: number[], a: ConvAttrs): TensorInfo {
  const c = convInfo(x.shape, filterShape, a, true);
  const [FH, FW, C, M] = filterShape;
  const [B, H, W] = x.shape;
  const { outHeight: OH, outWidth: OW, strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = c;
  const { top, left } = c.padInfo;
  const out = allocF32(backend, [FH, FW, C, M]);
  const X = f32(backend, x), DY = f32(backend, dy), O = f32(backend, out);
  const CM = C * M;
  const acc = new Float64Array(FH * FW * CM);
  for (let b = 0; b < B; b++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let i = 0; i < FH; i++) {
        const ih = oh * sh + i * dh - top;
        if (ih < 0 || ih >= H) continue;
        for (let ow = 0; ow < OW; ow++) {
          const gBase = ((b * OH + oh) * OW + ow) * CM;
          for (let j = 0; j < FW; j++) {
            const iw = ow * sw + j * dw - left;
            if (iw < 0 || iw >= W) continue;
            const xBase = ((b * H + ih) * W + iw) * C;
            const aBase = (i * FW + j) * CM;
            if (M === 1) {
              for (let ch = 0; ch < C; ch++) acc[aBase + ch] += X[xBase + ch] * DY[gBase + ch];
            } else {
              for (let ch = 0; ch < C; ch++) {
                const xv = X[xBase + ch];
                for (let m = 0; m < M; m++) acc[aBase + ch * M + m] += xv * DY[gBase + ch * M + m];
              }
            }
          }
        }
      }
    }
  }
  O.set(acc);
  return out;
}

/** Input gradient: dy [B,OH,OW,C·M], filter [FH,FW,C,M] → [B,H,W,C] (inputShape). */
export function depthwiseInputGradDirect(backend: object, dy: TensorInfo, filter: TensorInfo, inputShape: number[], a: ConvAttrs): TensorInfo {
  const c = convInfo(inputShape, filter.shape, a, true);
  const [FH, FW, C, M] = filter.shape;
  const [B, H, W] = inputShape;
  const { outHeight: OH, outWidth: OW, strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = c;
  const { top, left } = c.padInfo;
  const out = allocF32(backend, [B, H, W, C]);
  const DY = f32(backend, dy), F = f32(backend, filter), O = f32(backend, out);
  const CM = C * M;
  const acc = new Float64Array(B * H * W * C);
  for (let b = 0; b < B; b++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let i = 0; i < FH; i++) {
        const ih = oh * sh + i * dh - top;
        if (ih < 0 || ih >= H) continue;
        for (let ow = 0; ow < OW; ow++) {
          const gBase = ((b * OH + oh) * OW + ow) * CM;
          for (let j = 0; j < FW; j++) {
            const iw = ow * sw + j * dw - left;
            if (iw < 0 || iw >= W) continue;
            const xBase = ((b * H + ih) * W + iw) * C;
            const fBase = (i * FW + j) * CM;
            if (M === 1) {
              for (let ch = 0; ch < C; ch++) acc[xBase + ch] += DY[gBase + ch] * F[fBase + ch];
            } else {
              for (let ch = 0; ch < C; ch++) {
                let s = 0;
                for (let m = 0; m < M; m++) s += DY[gBase + ch * M + m] * F[fBase + ch * M + m];
                acc[xBase + ch] += s;
              }
            }
          }
        }
      }
    }
  }
  O.set(acc);
  return out;
}
