/**
 * Fused training-mode batch norm over every axis but the last (channels-last), one kernel forward and one backward
 * (`PaperlabBatchNorm`, `PaperlabBatchNormGrad`, registered for wasm and cpu in register-all.ts). x is [M, C] seen flat:
 *   μ = Σ_r x / M,  σ² = Σ_r (x − μ)² / M (biased, as torch's batch statistics),  σ⁻¹ = 1/√(σ² + ε)
 *   y = γ·(x − μ)·σ⁻¹ + β = a·x + c   with a = γ·σ⁻¹, c = β − μ·a
 *   running statistics (PyTorch): μ_run ← (1 − m)·μ_run + m·μ,  σ²_run ← (1 − m)·σ²_run + m·σ²·M/(M − 1)
 * backward, with x̂ = (x − μ)·σ⁻¹, S₁ = Σ_r ∂y, S₂ = Σ_r ∂y·x̂:
 *   ∂β = S₁,  ∂γ = S₂,  ∂x = γσ⁻¹·(∂y − S₁/M − x̂·S₂/M) = a·∂y + b·x + c'  (b = −a·σ⁻¹·S₂/M, c' = −a·S₁/M − b·μ)
 * The composition from tf ops (moments, normalise, running updates, and their gradients) is ~40 kernels per layer;
 * spiking CNNs such as SDT-V3's E-SpikeFormer have a BN after every conv. On wasm with C % 4 = 0 the passes over x
 * run in paperlab's SIMD module (colsum, colSqDev, chanAffine, bnBwdSums, chanAffine2; float32 accumulation as the
 * stock Mean kernel); the per-channel arithmetic (C numbers) runs in JS in float64.
 */
import * as tf from "@tensorflow/tfjs";
import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs";
import { FUSED_BACKENDS, allocF32, f32, heapOffsetF32, isWasm } from "./fused-memory";
import { simdKernels } from "./simd/kernels";
import type { WasmBackendLike } from "./wasm-memory";
import { hasFusedKernels } from "./register-all";

export const BATCH_NORM = "PaperlabBatchNorm";
export const BATCH_NORM_GRAD = "PaperlabBatchNormGrad";

/** Attributes of the forward kernel. */
interface BnAttrs {
  epsilon: number;
  momentum: number;
}

const dims = (x: TensorInfo) => {
  const C = x.shape[x.shape.length - 1];
  return { C, M: x.shape.reduce((a, b) => a * b, 1) / C };
};

/** Frees a scratch tensor made by allocF32 inside a kernel. */
function free(backend: object, t: TensorInfo): void {
  (backend as WasmBackendLike).disposeData(t.dataId);
}

/** Forward: inputs {x [..., C], gamma, beta, runMean, runVar [C]} → [y, mean, rstd, newRunMean, newRunVar]. */
const forward: KernelFunc = ({ inputs, backend, attrs }) => {
  const x = inputs.x as TensorInfo;
  const { epsilon: eps, momentum: mom } = attrs as unknown as BnAttrs;
  const { C, M } = dims(x);
  const yI = allocF32(backend, x.shape), muI = allocF32(backend, [C]), rsI = allocF32(backend, [C]);
  const rmI = allocF32(backend, [C]), rvI = allocF32(backend, [C]);
  const simd = isWasm(backend) && C % 4 === 0;
  const mean = new Float64Array(C), variance = new Float64Array(C);
  if (simd) {
    const k = simdKernels(backend);
    const o = (t: TensorInfo) => heapOffsetF32(backend, t);
    const sq = allocF32(backend, [C]);
    k.colsum(o(x), o(muI), M, C * 4);
    const mu32 = f32(backend, muI);
    for (let c = 0; c < C; c++) mu32[c] = mean[c] = Math.fround(mu32[c] / M);
    k.colSqDev(o(x), o(muI), o(sq), M, C * 4);
    const sq32 = f32(backend, sq);
    for (let c = 0; c < C; c++) variance[c] = sq32[c] / M;
    free(backend, sq);
  } else {
    const X = f32(backend, x);
    for (let r = 0; r < M; r++) for (let c = 0; c < C; c++) mean[c] += X[r * C + c];
    for (let c = 0; c < C; c++) mean[c] /= M;
    for (let r = 0; r < M; r++) for (let c = 0; c < C; c++) { const d = X[r * C + c] - mean[c]; variance[c] += d * d; }
    for (let c = 0; c < C; c++) variance[c] /= M;
  }
  const aI = allocF32(backend, [C]), cI = allocF32(backend, [C]);
  {
    const g = f32(backend, inputs.gamma as TensorInfo), b = f32(backend, inputs.beta as TensorInfo);
    const rm = f32(backend, inputs.runMean as TensorInfo), rv = f32(backend, inputs.runVar as TensorInfo);
    const A = f32(backend, aI), Cc = f32(backend, cI), MU = f32(backend, muI), RS = f32(backend, rsI);
    const RM = f32(backend, rmI), RV = f32(backend, rvI);
    const unbias = M > 1 ? M / (M - 1) : 1;
    for (let c = 0; c < C; c++) {
      const rs = 1 / Math.sqrt(variance[c] + eps);
      MU[c] = mean[c]; RS[c] = rs;
      A[c] = g[c] * rs; Cc[c] = b[c] - mean[c] * A[c];
      RM[c] = (1 - mom) * rm[c] + mom * mean[c];
      RV[c] = (1 - mom) * rv[c] + mom * variance[c] * unbias;
    }
  }
  if (simd) {
    const o = (t: TensorInfo) => heapOffsetF32(backend, t);
    simdKernels(backend).chanAffine(o(x), o(yI), o(aI), o(cI), M, C * 4);
  } else {
    const X = f32(backend, x), Y = f32(backend, yI), A = f32(backend, aI), Cc = f32(backend, cI);
    for (let r = 0; r < M; r++) for (let c = 0; c < C; c++) Y[r * C + c] = A[c] * X[r * C + c] + Cc[c];
  }
  free(backend, aI);
  free(backend, cI);
  return [yI, muI, rsI, rmI, rvI];
};

/** Backward: inputs {dy, x, gamma, mean, rstd} → [dx, dgamma, dbeta]. */
const backward: KernelFunc = ({ inputs, backend }) => {
  const x = inputs.x as TensorInfo, dy = inputs.dy as TensorInfo;
  const { C, M } = dims(x);
  const dxI = allocF32(backend, x.shape), dgI = allocF32(backend, [C]), dbI = allocF32(backend, [C]);
  const simd = isWasm(backend) && C % 4 === 0;
  const s1 = new Float64Array(C), s2 = new Float64Array(C);
  if (simd) {
    const o = (t: TensorInfo) => heapOffsetF32(backend, t);
    simdKernels(backend).bnBwdSums(o(dy), o(x), o(inputs.mean as TensorInfo), o(inputs.rstd as TensorInfo), o(dbI), o(dgI), M, C * 4);
    const DB = f32(backend, dbI), DG = f32(backend, dgI);
    for (let c = 0; c < C; c++) { s1[c] = DB[c]; s2[c] = DG[c]; }
  } else {
    const X = f32(backend, x), DY = f32(backend, dy), MU = f32(backend, inputs.mean as TensorInfo), RS = f32(backend, inputs.rstd as TensorInfo);
    for (let r = 0; r < M; r++) {
      for (let c = 0; c < C; c++) {
        const g = DY[r * C + c];
        s1[c] += g; s2[c] += g * (X[r * C + c] - MU[c]) * RS[c];
      }
    }
    const DB = f32(backend, dbI), DG = f32(backend, dgI);
    for (let c = 0; c < C; c++) { DB[c] = s1[c]; DG[c] = s2[c]; }
  }
  const aI = allocF32(backend, [C]), bI = allocF32(backend, [C]), cI = allocF32(backend, [C]);
  {
    const G = f32(backend, inputs.gamma as TensorInfo), MU = f32(backend, inputs.mean as TensorInfo), RS = f32(backend, inputs.rstd as TensorInfo);
    const A = f32(backend, aI), B = f32(backend, bI), Cc = f32(backend, cI);
    for (let c = 0; c < C; c++) {
      const a = G[c] * RS[c];
      const b = (-a * RS[c] * s2[c]) / M;
      A[c] = a; B[c] = b; Cc[c] = (-a * s1[c]) / M - b * MU[c];
    }
  }
  if (simd) {
    const o = (t: TensorInfo) => heapOffsetF32(backend, t);
    simdKernels(backend).chanAffine2(o(dy), o(x), o(dxI), o(aI), o(bI), o(cI), M, C * 4);
  } else {
    const X = f32(backend, x), DY = f32(backend, dy), DX = f32(backend, dxI), A = f32(backend, aI), B = f32(backend, bI), Cc = f32(backend, cI);
    for (let r = 0; r < M; r++) for (let c = 0; c < C; c++) DX[r * C + c] = A[c] * DY[r * C + c] + B[c] * X[r * C + c] + Cc[c];
  }
  for (const t of [aI, bI, cI]) free(backend, t);
  return [dxI, dgI, dbI];
};

/** Kernel configs for every backend in FUSED_BACKENDS. */
export const batchNormConfigs: KernelConfig[] = FUSED_BACKENDS.flatMap((backendName) => [
  { kernelName: BATCH_NORM, backendName, kernelFunc: forward },
  { kernelName: BATCH_NORM_GRAD, backendName, kernelFunc: backward },
]);

/** Running statistics a training-mode batch norm updates (PyTorch's running_mean / running_var). */
export interface RunningStats {
  mean: tf.Variable;
  variance: tf.Variable;
  /** Weight of the batch statistics (PyTorch's momentum, default 0.1). */
  momentum?: number;
}

/** The same batch norm composed from tf ops (backends without the fused kernels; the tests' reference). */
export function batchNormTrainComposite(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, running?: RunningStats, epsilon = 1e-5): tf.Tensor {
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  const { mean, variance } = tf.moments(x, axes);
  if (running) {
    const mom = running.momentum ?? 0.1;
    const n = x.size / x.shape[x.rank - 1];
    tf.tidy(() => {
      running.mean.assign(tf.add(tf.mul(running.mean, 1 - mom), tf.mul(mean, mom)));
      running.variance.assign(tf.add(tf.mul(running.variance, 1 - mom), tf.mul(variance, (mom * n) / Math.max(1, n - 1))));
    });
  }
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, epsilon))), gamma), beta);
}

/**
 * Training-mode batch norm of x `[..., C]` over every axis but the last: batch statistics, γ and β `[C]` learned,
 * and the running statistics updated in `running` when given (momentum 0.1 and the unbiased variance, as PyTorch).
 * One fused kernel forward and one backward on wasm and cpu (float32 x); composed from tf ops elsewhere.
 */
export function batchNormTrain(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, running?: RunningStats, epsilon = 1e-5): tf.Tensor {
  const C = x.shape[x.rank - 1];
  for (const [name, t] of [["gamma", gamma], ["beta", beta], ...(running ? [["running mean", running.mean], ["running variance", running.variance]] : [])] as [string, tf.Tensor][]) {
    if (t.rank !== 1 || t.shape[0] !== C) {
      throw new Error(`batchNormTrain: ${name} must have shape [${C}] (the last axis of x ${JSON.stringify(x.shape)}), got ${JSON.stringify(t.shape)}`);
    }
  }
  if (x.rank < 2) throw new Error(`batchNormTrain: x must be [..., C] with a batch axis, got shape ${JSON.stringify(x.shape)}`);
  if (!hasFusedKernels() || x.dtype !== "float32") return batchNormTrainComposite(x, gamma, beta, running, epsilon);
  const runMean = running?.mean ?? tf.zeros([C]);
  const runVar = running?.variance ?? tf.ones([C]);
  const attrs = { epsilon, momentum: running?.momentum ?? 0.1 } as unknown as tf.NamedAttrMap;
  const f = tf.customGrad(((xi: tf.Tensor, g: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    const [y, mean, rstd, newMean, newVar] = tf.engine().runKernel(BATCH_NORM, { x: xi, gamma: g, beta: b, runMean, runVar }, attrs) as tf.Tensor[];
    if (running) {
      running.mean.assign(newMean);
      running.variance.assign(newVar);
    }
    save([xi, g, mean, rstd]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sg, sm, sr] = saved;
        return tf.engine().runKernel(BATCH_NORM_GRAD, { dy, x: sx, gamma: sg, mean: sm, rstd: sr }) as tf.Tensor[];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.Tensor;
  const y = f(x, gamma, beta);
  if (!running) { runMean.dispose(); runVar.dispose(); }
  return y;
}
