/**
 * The one place where paperlab's gradient fixes for tfjs-core 4.22 are registered (every backend). Each fix lives in
 * its own file; this list is the inventory. `logSigmoid` is a function, not a registration (see log-sigmoid.ts).
 */
import * as tf from "@tensorflow/tfjs";
import type { GradConfig } from "@tensorflow/tfjs";
import { cumsumGradConfig } from "./cumsum-grad";
import { cumprodGradConfig } from "./cumprod-grad";
import { comparisonGradConfigs } from "./comparison-grads";
import { gatherNdGradConfig, stridedSliceGradConfig } from "./strided-slice-grad";
import { einsumGradConfig } from "./einsum-grad";
import { conv2dGradConfig, depthwiseConv2dGradConfig } from "./conv-dilated-grads";
import { meanGradConfig, sumGradConfig } from "./reduce-grads";

/** Every gradient paperlab registers, replacing tfjs-core's where one exists. */
export const GRAD_FIXES: readonly GradConfig[] = [
  cumsumGradConfig, cumprodGradConfig, stridedSliceGradConfig, gatherNdGradConfig, einsumGradConfig,
  conv2dGradConfig, depthwiseConv2dGradConfig, ...comparisonGradConfigs, sumGradConfig, meanGradConfig,
];

let installed = false;

/** Registers the gradient fixes (idempotent). Returns the kernel names whose gradients are now paperlab's. */
export function installGradFixes(): string[] {
  if (!installed) {
    for (const g of GRAD_FIXES) tf.registerGradient(g);
    installed = true;
  }
  return GRAD_FIXES.map((g) => g.kernelName);
}
