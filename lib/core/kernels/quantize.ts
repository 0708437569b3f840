/**
 * Fused clipped integer quantizer with its straight-through gradient, one kernel each way (`PaperlabQuantize`,
 * `PaperlabQuantizeGrad`, registered for wasm and cpu in register-all.ts):
 *   forward   y = rnd(clip(x, 0, D)) / norm        rnd: halves up (floor(v + 0.5)) or to even (torch.round)
 *   backward  ∂x = ∂y · 1[x in window] / norm       window: closed 0 ≤ x ≤ D, or open 0 < x < D
 * Composed from tf ops this is clip, round, div forward and greaterEqual, lessEqual, logicalAnd, cast, mul, div
 * backward: nine kernels, three of them on bool tensors, which tfjs-backend-wasm runs slowly (~0.5 ms each for a
 * [64,14,14,16] activation). Spiking networks call it once per neuron layer (SDT-V3's I-LIF: ~35 per step).
 * On wasm both run in paperlab's SIMD module (simd/kernels.ts: quantUp/quantEven, quantGradClosed/quantGradOpen);
 * a JS loop does the < 4-element tail, and everything on cpu (JS loops with branches on random data run ~10 ns per
 * element, 40× the SIMD version: do not use them on wasm).
 */
import * as tf from "@tensorflow/tfjs";
import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs";
import { FUSED_BACKENDS, allocF32, f32, heapOffsetF32, isWasm } from "./fused-memory";
import { simdKernels } from "./simd/kernels";

export const QUANTIZE = "PaperlabQuantize";
export const QUANTIZE_GRAD = "PaperlabQuantizeGrad";

/** Attributes of both kernels. */
export interface QuantizeAttrs {
  /** Levels D (clip to [0, D]). */
  levels: number;
  /** Divisor of the output and the gradient (D for normalised spikes, 1 for integer counts). */
  norm: number;
  /** Rounding of halves. */
  halfUp: boolean;
  /** Gradient window 0 < x < D (open) instead of 0 ≤ x ≤ D. */
  open: boolean;
}

const forward: KernelFunc = ({ inputs, backend, attrs }) => {
  const x = inputs.x as TensorInfo;
  const { levels: D, norm, halfUp } = attrs as unknown as QuantizeAttrs;
  const yI = allocF32(backend, x.shape);
  let from = 0;
  if (isWasm(backend)) { // SIMD over the multiple-of-4 part, JS for the tail
    const n4 = x.shape.reduce((p, q) => p * q, 1) & ~3;
    const k = simdKernels(backend);
    (halfUp ? k.quantUp : k.quantEven)(heapOffsetF32(backend, x), heapOffsetF32(backend, yI), n4 * 4, D, norm);
    from = n4;
  }
  const X = f32(backend, x), Y = f32(backend, yI);
  for (let i = from; i < X.length; i++) {
    const v = X[i] < 0 ? 0 : X[i] > D ? D : X[i]; // NaN stays NaN, as tf.clipByValue
    let r = Math.floor(v + 0.5);
    if (!halfUp && r - v === 0.5 && (r & 1) === 1) r -= 1; // a tie rounded up to odd goes to the even below
    Y[i] = norm === 1 ? r : r / norm;
  }
  return yI;
};

const backward: KernelFunc = ({ inputs, backend, attrs }) => {
  const x = inputs.x as TensorInfo;
  const { levels: D, norm, open } = attrs as unknown as QuantizeAttrs;
  const dxI = allocF32(backend, x.shape);
  let from = 0;
  if (isWasm(backend)) {
    const n4 = x.shape.reduce((p, q) => p * q, 1) & ~3;
    const k = simdKernels(backend);
    (open ? k.quantGradOpen : k.quantGradClosed)(heapOffsetF32(backend, inputs.dy as TensorInfo), heapOffsetF32(backend, x), heapOffsetF32(backend, dxI), n4 * 4, D, norm);
    from = n4;
  }
  const X = f32(backend, x), DY = f32(backend, inputs.dy as TensorInfo), DX = f32(backend, dxI);
  for (let i = from; i < X.length; i++) {
    const v = X[i];
    const inside = open ? v > 0 && v < D : v >= 0 && v <= D;
    DX[i] = inside ? (norm === 1 ? DY[i] : DY[i] / norm) : 0;
  }
  return dxI;
};

/** Kernel configs for every backend in FUSED_BACKENDS. */
export const quantizeConfigs: KernelConfig[] = FUSED_BACKENDS.flatMap((backendName) => [
  { kernelName: QUANTIZE, backendName, kernelFunc: forward },
  { kernelName: QUANTIZE_GRAD, backendName, kernelFunc: backward },
]);

const fusedByAttrs = new Map<string, (x: tf.Tensor) => tf.Tensor>();

/** The fused quantizer with its custom gradient, one per attribute set (needs the fused kernels registered). */
export function quantizeFused(x: tf.Tensor, a: QuantizeAttrs): tf.Tensor {
  if (x.dtype !== "float32") throw new Error(`quantize: x must be float32, got ${x.dtype}; cast it with tf.cast(x, "float32")`);
  const key = `${a.levels}/${a.norm}/${a.halfUp}/${a.open}`;
  let f = fusedByAttrs.get(key);
  if (!f) {
    const attrs = { ...a } as unknown as tf.NamedAttrMap;
    f = tf.customGrad(((t: tf.Tensor, save: tf.GradSaveFunc) => {
      save([t]);
      return {
        value: tf.engine().runKernel(QUANTIZE, { x: t }, attrs) as tf.Tensor,
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.engine().runKernel(QUANTIZE_GRAD, { dy, x: saved[0] }, attrs) as tf.Tensor,
      };
    }) as unknown as Parameters<typeof tf.customGrad>[0]) as (x: tf.Tensor) => tf.Tensor;
    fusedByAttrs.set(key, f);
  }
  return f(x);
}
