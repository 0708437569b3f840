/**
 * The one place where paperlab's WASM kernels are registered. Each kernel lives in its own file; this list is the
 * only inventory. Kernels that tfjs-backend-wasm 4.22 lacks are added; some stock kernels (Transpose, BatchMatMul,
 * Unpack, the reductions, Conv2DBackpropInput) are replaced by versions that take faster paths and call the stock
 * kernel for the rest.
 */
import * as tf from "@tensorflow/tfjs";
import type { KernelConfig } from "@tensorflow/tfjs";
import { conv2dBackpropFilterConfig } from "./conv2d-backprop-filter";
import { depthwiseConv2dBackpropFilterConfig } from "./depthwise-conv2d-backprop-filter";
import { depthwiseConv2dBackpropInputConfig } from "./depthwise-conv2d-backprop-input";
import { unsortedSegmentSumConfig } from "./unsorted-segment-sum";
import { einsumConfig } from "./einsum";
import { makeTransposeFast } from "./transpose-fast";
import { conv2dBackpropInputConfig } from "./conv2d-backprop-input";
import { makeUnpackFast } from "./unpack-fast";
import { makeReduceFast } from "./reduce-fast";
import { makeGatherFast } from "./gather-fast";
import { makeStridedSliceInt } from "./strided-slice-int";

/** Stock reductions wrapped so that non-innermost axes are moved by the fast Transpose. */
const REDUCTIONS = [tf.Sum, tf.Mean, tf.Max, tf.Min, tf.Prod];
import { makeBatchMatMulFast } from "./batch-mat-mul-fast";
import { layerNormConfigs } from "./layer-norm";
import { makeIdentityShare } from "./identity-share";
import { softmaxCrossEntropyConfigs } from "./softmax-cross-entropy";
import { quantizeConfigs } from "./quantize";
import { batchNormConfigs } from "./batch-norm";
import { lifConfigs } from "./lif";
import { FUSED_BACKENDS } from "./fused-memory";

/**
 * paperlab's fused kernels (LayerNorm, softmax cross-entropy, clipped quantizer, training-mode batch norm, multi-step LIF;
 * forward and backward), registered for wasm and cpu. Ops that use them (lab.layerNorm, lab.softmaxCrossEntropy,
 * lab.quantizeClipped, lab.batchNormTrain, lab.lifMultiStep) compose tf ops on other backends.
 */
export function fusedKernels(): readonly KernelConfig[] {
  // a function, not a constant: the fused ops' modules import this one, so their configs may not exist yet at load time
  return [...layerNormConfigs, ...softmaxCrossEntropyConfigs, ...quantizeConfigs, ...batchNormConfigs, ...lifConfigs];
}

let fusedInstalled = false;

/** Registers the fused kernels (idempotent); registerWasmKernels calls it too. */
export function registerFusedKernels(): void {
  if (fusedInstalled) return;
  for (const k of fusedKernels()) if (tf.getKernel(k.kernelName, k.backendName) == null) tf.registerKernel(k);
  fusedInstalled = true;
}

/** Whether the active backend has the fused kernels (registering them on first use). */
export function hasFusedKernels(): boolean {
  registerFusedKernels();
  return (FUSED_BACKENDS as readonly string[]).includes(tf.getBackend());
}

/** Kernels added to the wasm backend (missing there in tfjs 4.22). */
export const ADDED_WASM_KERNELS: readonly KernelConfig[] = [
  conv2dBackpropFilterConfig,
  depthwiseConv2dBackpropFilterConfig,
  depthwiseConv2dBackpropInputConfig,
  unsortedSegmentSumConfig,
  einsumConfig,
];

/** Stock wasm kernels replaced by faster ones composed from XNNPACK convolutions. */
export const FASTER_WASM_KERNELS: readonly KernelConfig[] = [conv2dBackpropInputConfig];

/** Stock wasm kernels replaced (names): the faster ones above and the Transpose/BatchMatMul wrappers. */
export const REPLACED_WASM_KERNELS: readonly string[] = [tf.Conv2DBackpropInput, tf.Transpose, tf.BatchMatMul, tf.Unpack,
  tf.GatherV2, tf.StridedSlice, tf.Identity, ...REDUCTIONS];

let installed = false;

/**
 * Registers paperlab's kernels for the wasm backend (idempotent). Call before `tf.setBackend("wasm")` or again after;
 * the wrappers keep the stock kernels' setup functions. Requires `@tensorflow/tfjs-backend-wasm` to be loaded.
 * Returns the names of the kernels added or replaced.
 */
export function registerWasmKernels(): string[] {
  const names = [...ADDED_WASM_KERNELS.map((k) => k.kernelName), ...REPLACED_WASM_KERNELS];
  registerFusedKernels();
  if (installed) return names;
  for (const k of ADDED_WASM_KERNELS) {
    if (tf.getKernel(k.kernelName, "wasm") == null) tf.registerKernel(k);
  }
  for (const k of FASTER_WASM_KERNELS) {
    if (tf.getKernel(k.kernelName, "wasm") != null) tf.unregisterKernel(k.kernelName, "wasm");
    tf.registerKernel(k);
  }
  const stockTranspose = tf.getKernel(tf.Transpose, "wasm");
  const stockMatMul = tf.getKernel(tf.BatchMatMul, "wasm");
  if (stockTranspose == null || stockMatMul == null) {
    throw new Error("registerWasmKernels: the wasm backend's Transpose/BatchMatMul kernels are not registered; " +
      "require('@tensorflow/tfjs-backend-wasm') before calling it");
  }
  const fastTranspose = makeTransposeFast(stockTranspose);
  tf.unregisterKernel(tf.Transpose, "wasm");
  tf.registerKernel(fastTranspose);
  tf.unregisterKernel(tf.BatchMatMul, "wasm");
  tf.registerKernel(makeBatchMatMulFast(stockMatMul, fastTranspose.kernelFunc));
  const stockUnpack = tf.getKernel(tf.Unpack, "wasm");
  if (stockUnpack) {
    tf.unregisterKernel(tf.Unpack, "wasm");
    tf.registerKernel(makeUnpackFast(stockUnpack));
  }
  const stockGather = tf.getKernel(tf.GatherV2, "wasm");
  if (stockGather) {
    tf.unregisterKernel(tf.GatherV2, "wasm");
    tf.registerKernel(makeGatherFast(stockGather));
  }
  const stockStrided = tf.getKernel(tf.StridedSlice, "wasm");
  if (stockStrided) {
    tf.unregisterKernel(tf.StridedSlice, "wasm");
    tf.registerKernel(makeStridedSliceInt(stockStrided));
  }
  const stockIdentity = tf.getKernel(tf.Identity, "wasm");
  if (stockIdentity) {
    tf.unregisterKernel(tf.Identity, "wasm");
    tf.registerKernel(makeIdentityShare(stockIdentity));
  }
  for (const name of REDUCTIONS) {
    const stock = tf.getKernel(name, "wasm");
    if (!stock) continue;
    tf.unregisterKernel(name, "wasm");
    tf.registerKernel(makeReduceFast(stock, fastTranspose.kernelFunc));
  }
  installed = true;
  return names;
}
