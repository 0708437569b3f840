/**
 * Conv2D and DepthwiseConv2dNative gradients that accept dilation. tfjs-core 4.22 asserts dilation 1 in both
 * ("dilation rates greater than 1 are not yet supported in gradients"), so atrous/TCN-style models cannot train.
 *
 * Conv2D, dilation d (tfjs requires stride 1 then):
 *   ∂L/∂x = conv2dᵀ(dy, W_d) with W_d the filter with d−1 zeros inserted between taps (same padding, since tfjs pads
 *   by the effective filter size (F−1)·d + 1);  ∂L/∂W = im2col filter gradient with dilation (kernels/conv2d-backprop-filter).
 * Depthwise: tfjs-backend-cpu 4.22's backprop kernels accept a dilations attribute but compute wrong values with it
 * (checked against finite differences), so dilation > 1 uses paperlab's composed kernels on every backend.
 * With dilation 1 both behave exactly as tfjs-core's gradients.
 */
import * as tf from "@tensorflow/tfjs";
import type { GradConfig, NamedAttrMap, Tensor4D } from "@tensorflow/tfjs";
import { conv2dBackpropFilter } from "../kernels/conv2d-backprop-filter";
import { depthwiseConv2dBackpropFilter } from "../kernels/depthwise-conv2d-backprop-filter";
import { depthwiseConv2dBackpropInput } from "../kernels/depthwise-conv2d-backprop-input";
import type { ConvAttrs } from "../kernels/conv-taps";

const pair = (v: number | number[] | undefined): [number, number] =>
  v == null ? [1, 1] : typeof v === "number" ? [v, v] : [v[0], v[1]];

/** Filter with (dh−1, dw−1) zeros between taps: [FH,FW,Ci,Co] → [(FH−1)dh+1, (FW−1)dw+1, Ci, Co]. */
export function dilateFilter(w: Tensor4D, dh: number, dw: number): Tensor4D {
  return tf.tidy(() => {
    const [FH, FW, Ci, Co] = w.shape;
    const z = tf.pad(w.reshape([FH, 1, FW, 1, Ci, Co]), [[0, 0], [0, dh - 1], [0, 0], [0, dw - 1], [0, 0], [0, 0]])
      .reshape([FH * dh, FW * dw, Ci, Co]);
    return tf.slice(z, [0, 0, 0, 0], [(FH - 1) * dh + 1, (FW - 1) * dw + 1, Ci, Co]) as Tensor4D;
  });
}

/** Replacement gradient for Conv2D (every backend), NHWC. */
export const conv2dGradConfig: GradConfig = {
  kernelName: tf.Conv2D,
  inputsToSave: ["x", "filter"],
  gradFunc: (dy, saved, attrs) => {
    const [x, filter] = saved as [Tensor4D, Tensor4D];
    const a = attrs as unknown as ConvAttrs;
    const [dh, dw] = pair(a.dilations as number | number[]);
    if (a.dataFormat === "NCHW") throw new Error("conv2d gradient: dataFormat NCHW is not supported; use NHWC");
    const d4 = dy as Tensor4D;
    return {
      x: () => tf.conv2dTranspose(d4, dh === 1 && dw === 1 ? filter : dilateFilter(filter, dh, dw), x.shape,
        a.strides, a.pad as "same", a.dimRoundingMode),
      filter: () => conv2dBackpropFilter(x, d4, filter.shape, { ...a, dilations: [dh, dw] }),
    };
  },
};

/** Replacement gradient for DepthwiseConv2dNative (every backend); dilation > 1 goes through paperlab's composed kernels. */
export const depthwiseConv2dGradConfig: GradConfig = {
  kernelName: tf.DepthwiseConv2dNative,
  inputsToSave: ["x", "filter"],
  gradFunc: (dy, saved, attrs) => {
    const [x, filter] = saved as [Tensor4D, Tensor4D];
    const a = attrs as unknown as ConvAttrs;
    const common = { strides: a.strides, pad: a.pad, dilations: a.dilations ?? 1, dimRoundingMode: a.dimRoundingMode };
    const [dh, dw] = pair(a.dilations as number | number[]);
    if (dh > 1 || dw > 1) {
      return {
        x: () => depthwiseConv2dBackpropInput(dy as Tensor4D, filter, x.shape, common),
        filter: () => depthwiseConv2dBackpropFilter(x, dy as Tensor4D, filter.shape, common),
      };
    }
    return {
      x: () => tf.engine().runKernel(tf.DepthwiseConv2dNativeBackpropInput, { dy: dy as tf.Tensor, filter },
        { ...common, inputShape: x.shape } as unknown as NamedAttrMap) as tf.Tensor,
      filter: () => tf.engine().runKernel(tf.DepthwiseConv2dNativeBackpropFilter, { x, dy: dy as tf.Tensor },
        { ...common, filterShape: filter.shape } as unknown as NamedAttrMap) as tf.Tensor,
    };
  },
};
