/**
 * Fused multi-step LIF neuron (spikingjelly's MultiStepLIFNode, decay_input, v₀ = 0), one kernel forward and one for
 * the BPTT recurrence backward (`PaperlabLifForward`, `PaperlabLifBackward`, wasm and cpu; see simd/kernels.ts lifFwd,
 * lifBwd for the equations). x is [T·B, ...] with time outermost. Composed from tf ops, T steps cost ~10 kernels
 * each way per step plus split/concat, and a spiking CNN has a neuron after every conv: SDT-V3's binary-LIF T=4
 * baseline ran ~2,100 ms per training step that way.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs";
import { FUSED_BACKENDS, allocF32, f32, heapOffsetF32, isWasm } from "./fused-memory";
import { simdKernels } from "./simd/kernels";

export const LIF_FORWARD = "PaperlabLifForward";
export const LIF_BACKWARD = "PaperlabLifBackward";

/** Attributes of both kernels. */
export interface LifKernelAttrs {
  T: number;
  tau: number;
  vth: number;
  vReset: number;
  soft: boolean;
}

function neuronsPerStep(x: TensorInfo, T: number): number {
  const size = x.shape.reduce((a, b) => a * b, 1);
  if (!(Number.isInteger(T) && T >= 1) || x.shape[0] % T !== 0) {
    throw new Error(`LIF: the first axis (${x.shape[0]}) must be T·B with T = ${T} time steps outermost; reshape to [T·B, ...]`);
  }
  return size / T;
}

/** Forward: inputs {x} → [s (spikes 0/1), h (membrane before firing)], both [T·B, ...]. */
const forward: KernelFunc = ({ inputs, backend, attrs }) => {
  const x = inputs.x as TensorInfo;
  const { T, tau, vth, vReset, soft } = attrs as unknown as LifKernelAttrs;
  const N = neuronsPerStep(x, T);
  const sI = allocF32(backend, x.shape), hI = allocF32(backend, x.shape);
  if (isWasm(backend) && N % 4 === 0) {
    const o = (t: TensorInfo) => heapOffsetF32(backend, t);
    simdKernels(backend).lifFwd(o(x), o(sI), o(hI), T, N * 4, Math.fround(1 / tau), vth, vReset, soft ? 1 : 0);
    return [sI, hI];
  }
  const X = f32(backend, x), S = f32(backend, sI), H = f32(backend, hI);
  const it = Math.fround(1 / tau);
  for (let j = 0; j < N; j++) {
    let v = 0;
    for (let t = 0, p = j; t < T; t++, p += N) {
      const h = Math.fround(v + Math.fround(Math.fround(X[p] - v) * it));
      const s = h >= vth ? 1 : 0;
      S[p] = s; H[p] = h;
      v = soft ? Math.fround(h - s * vth) : Math.fround(h - s * Math.fround(h - vReset));
    }
  }
  return [sI, hI];
};

/** Backward: inputs {ds, sg = g'(h − vth), s} → dx. */
const backward: KernelFunc = ({ inputs, backend, attrs }) => {
  const s = inputs.s as TensorInfo;
  const { T, tau, soft } = attrs as unknown as LifKernelAttrs;
  const N = neuronsPerStep(s, T);
  const dxI = allocF32(backend, s.shape);
  if (isWasm(backend) && N % 4 === 0) {
    const o = (t: TensorInfo) => heapOffsetF32(backend, t);
    simdKernels(backend).lifBwd(o(inputs.ds as TensorInfo), o(inputs.sg as TensorInfo), o(s), o(dxI), T, N * 4, Math.fround(1 / tau), soft ? 1 : 0);
    return dxI;
  }
  const DS = f32(backend, inputs.ds as TensorInfo), SG = f32(backend, inputs.sg as TensorInfo), S = f32(backend, s), DX = f32(backend, dxI);
  const it = Math.fround(1 / tau), keep = Math.fround(1 - it);
  for (let j = 0; j < N; j++) {
    let dv = 0;
    for (let t = T - 1, p = j + (T - 1) * N; t >= 0; t--, p -= N) {
      const dh = Math.fround(Math.fround(DS[p] * SG[p]) + Math.fround(dv * (soft ? 1 : Math.fround(1 - S[p]))));
      DX[p] = Math.fround(dh * it);
      dv = Math.fround(dh * keep);
    }
  }
  return dxI;
};

/** Kernel configs for every backend in FUSED_BACKENDS. */
export const lifConfigs: KernelConfig[] = FUSED_BACKENDS.flatMap((backendName) => [
  { kernelName: LIF_FORWARD, backendName, kernelFunc: forward },
  { kernelName: LIF_BACKWARD, backendName, kernelFunc: backward },
]);
