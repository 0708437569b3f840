/**
 * Conv2DBackpropInput for WASM, replacing the stock kernel (a direct loop, ~50x slower than the forward Conv2D, which
 * runs on XNNPACK). The input gradient of y = x ⊛ W is a full correlation of dy with the flipped filter:
 *   dx[b,h,w,ci] = Σ_{i,j,co} dyUp[b, h + top − i·d_h, w + left − j·d_w, co] · W[i,j,ci,co]
 * with dyUp = dy with (s−1) zeros between entries. Flipping i' = FH−1−i turns it into a forward 'valid' conv of the
 * padded dyUp with W' [FH,FW,Co,Ci] = W[FH−1−i', FW−1−j', ci, co] (dilation d), which XNNPACK runs. With stride 1
 * and dilation 1 the padding is passed to the conv itself (explicit padding) instead of building a padded dy.
 */
import * as tf from "@tensorflow/tfjs";
import type { KernelConfig, KernelFunc, Tensor4D } from "@tensorflow/tfjs";
import { ConvAttrs, asTensor, convInfo, placeTap } from "./conv-taps";

/** Input gradient of a (possibly dilated) NHWC conv2d: dy [B,OH,OW,Co], filter [FH,FW,Ci,Co] → [B,H,W,Ci]. */
export function conv2dBackpropInput(dy: Tensor4D, filter: Tensor4D, inputShape: number[], a: ConvAttrs): Tensor4D {
  return tf.tidy(() => {
    const c = convInfo(inputShape, filter.shape, a, false);
    const [FH, FW] = filter.shape;
    const [, H, W] = inputShape;
    const dh = c.dilationHeight; const dw = c.dilationWidth;
    const wf = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]); // [FH, FW, Co, Ci], flipped
    if (c.strideHeight === 1 && c.strideWidth === 1 && dh === 1 && dw === 1) {
      // stride 1: the zero border is the conv's own padding (XNNPACK pads implicitly; no padded copy of dy)
      const top = FH - 1 - c.padInfo.top; const left = FW - 1 - c.padInfo.left;
      const bottom = H - c.outHeight - top + FH - 1; const right = W - c.outWidth - left + FW - 1;
      if (top >= 0 && left >= 0 && bottom >= 0 && right >= 0) {
        return tf.conv2d(dy, wf as Tensor4D, 1, [[0, 0], [top, bottom], [left, right], [0, 0]]) as Tensor4D;
      }
    }
    // placeTap of tap (0,0) puts dy[oh] (upsampled by the stride) at row oh·s − top of the input grid; we want it on
    // a grid extended by (FH−1)·d rows before it, so shift top by −(FH−1)·d.
    const ext = { ...c, padInfo: { ...c.padInfo, top: c.padInfo.top - (FH - 1) * dh, left: c.padInfo.left - (FW - 1) * dw } };
    const dyPad = placeTap(dy, 0, 0, ext, H + (FH - 1) * dh, W + (FW - 1) * dw); // [B, H+(FH−1)d, W+(FW−1)d, Co]
    const dx = tf.conv2d(dyPad, wf as Tensor4D, 1, "valid", "NHWC", [dh, dw]);
    return dx as Tensor4D;
  });
}

const kernelFunc: KernelFunc = ({ inputs, attrs }) => {
  const a = attrs as unknown as ConvAttrs & { inputShape: number[] };
  return conv2dBackpropInput(asTensor<Tensor4D>(inputs.dy, "Conv2DBackpropInput"),
    asTensor<Tensor4D>(inputs.filter, "Conv2DBackpropInput"), a.inputShape, { ...a, dilations: 1 });
};

/** Kernel registration for the wasm backend (replaces the stock one). */
export const conv2dBackpropInputConfig: KernelConfig = {
  kernelName: tf.Conv2DBackpropInput, backendName: "wasm", kernelFunc,
};
