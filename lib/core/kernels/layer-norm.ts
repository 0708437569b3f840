/**
 * Fused LayerNorm over the last axis, with a gain γ and an optional bias β, as one forward and one backward kernel
 * (`PaperlabLayerNorm`, `PaperlabLayerNormGrad`, registered for wasm and cpu in register-all.ts):
 *   μ = mean(x), σ⁻¹ = 1/√(var(x) + ε) over the last axis (biased variance, as torch.nn.functional.layer_norm),
 *   x̂ = (x − μ)·σ⁻¹,  y = x̂·γ (+ β)
 * backward (per row, n = last-axis size):
 *   ∂x = σ⁻¹ · (γ∂y − mean(γ∂y) − x̂ · mean(γ∂y · x̂)),  ∂γ = Σ_rows ∂y·x̂,  ∂β = Σ_rows ∂y
 * The composition from tf ops (moments, sub, rsqrt, mul, mul + their gradients) is ~30 kernels and 3.7 ms for a
 * [32,32,64] input on wasm; this is two kernels. On wasm with n % 4 = 0 they run in paperlab's SIMD module
 * (simd/kernels.ts: lnFwd, lnBwd; float32 accumulation); otherwise in JS with float64 row statistics.
 */
import * as tf from "@tensorflow/tfjs";
import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs";
import { FUSED_BACKENDS, allocF32, f32, heapOffsetF32, isWasm } from "./fused-memory";
import { simdKernels } from "./simd/kernels";
import { hasFusedKernels } from "./register-all";

export const LAYER_NORM = "PaperlabLayerNorm";
export const LAYER_NORM_GRAD = "PaperlabLayerNormGrad";

/** Forward: inputs {x [..., n], gamma [n]}, attrs {epsilon} → [y, mean [rows], rstd [rows]]. */
const forward: KernelFunc = ({ inputs, backend, attrs }) => {
  const x = inputs.x as TensorInfo; const gamma = inputs.gamma as TensorInfo;
  const eps = (attrs as { epsilon: number }).epsilon;
  const n = x.shape[x.shape.length - 1];
  const rows = x.shape.reduce((a, b) => a * b, 1) / n;
  const yI = allocF32(backend, x.shape); const muI = allocF32(backend, [rows]); const rsI = allocF32(backend, [rows]);
  if (isWasm(backend) && n % 4 === 0) {
    const o = (t: TensorInfo) => heapOffsetF32(backend, t);
    simdKernels(backend).lnFwd(o(x), o(gamma), o(yI), o(muI), o(rsI), rows, n * 4, Math.fround(1 / n), Math.fround(eps));
    return [yI, muI, rsI];
  }
  const X = f32(backend, x); const g = f32(backend, gamma); const Y = f32(backend, yI); const mu = f32(backend, muI); const rs = f32(backend, rsI);
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    let s = 0;
    for (let j = 0; j < n; j++) s += X[o + j];
    const m = s / n;
    let q = 0;
    for (let j = 0; j < n; j++) { const d = X[o + j] - m; q += d * d; }
    const inv = 1 / Math.sqrt(q / n + eps);
    for (let j = 0; j < n; j++) Y[o + j] = (X[o + j] - m) * inv * g[j];
    mu[r] = m; rs[r] = inv;
  }
  return [yI, muI, rsI];
};

/** Backward: inputs {dy, x, gamma, mean, rstd} → [dx, dgamma]. */
const backward: KernelFunc = ({ inputs, backend }) => {
  const x = inputs.x as TensorInfo;
  const n = x.shape[x.shape.length - 1];
  const rows = x.shape.reduce((a, b) => a * b, 1) / n;
  const dxI = allocF32(backend, x.shape); const dgI = allocF32(backend, [n]);
  if (isWasm(backend) && n % 4 === 0) {
    const o = (t: TensorInfo) => heapOffsetF32(backend, t);
    simdKernels(backend).lnBwd(o(inputs.dy as TensorInfo), o(x), o(inputs.gamma as TensorInfo), o(inputs.mean as TensorInfo),
      o(inputs.rstd as TensorInfo), o(dxI), o(dgI), rows, n * 4, Math.fround(1 / n));
    return [dxI, dgI];
  }
  const X = f32(backend, x); const DY = f32(backend, inputs.dy as TensorInfo); const g = f32(backend, inputs.gamma as TensorInfo);
  const mu = f32(backend, inputs.mean as TensorInfo); const rs = f32(backend, inputs.rstd as TensorInfo);
  const DX = f32(backend, dxI); const DG = f32(backend, dgI);
  const dg = new Float64Array(n);
  for (let r = 0; r < rows; r++) {
    const o = r * n; const m = mu[r]; const inv = rs[r];
    let a = 0; let b = 0; // Σ γ∂y, Σ γ∂y·x̂
    for (let j = 0; j < n; j++) {
      const xh = (X[o + j] - m) * inv; const d = DY[o + j];
      const gd = g[j] * d;
      a += gd; b += gd * xh; dg[j] += d * xh;
    }
    a /= n; b /= n;
    for (let j = 0; j < n; j++) {
      const xh = (X[o + j] - m) * inv;
      DX[o + j] = inv * (g[j] * DY[o + j] - a - xh * b);
    }
  }
  DG.set(dg);
  return [dxI, dgI];
};

/** Kernel configs for every backend in FUSED_BACKENDS. */
export const layerNormConfigs: KernelConfig[] = FUSED_BACKENDS.flatMap((backendName) => [
  { kernelName: LAYER_NORM, backendName, kernelFunc: forward },
  { kernelName: LAYER_NORM_GRAD, backendName, kernelFunc: backward },
]);

/** The same LayerNorm composed from tf ops (backends without the fused kernels; the tests' reference). */
export function layerNormComposite(x: tf.Tensor, gamma: tf.Tensor, epsilon = 1e-5): tf.Tensor {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(x, -1, true);
    return x.sub(mean).mul(tf.rsqrt(variance.add(epsilon))).mul(gamma);
  });
}

/** The fused op with a custom gradient, one per epsilon (the gradient needs only the saved mean and 1/σ). */
const fusedByEps = new Map<number, (x: tf.Tensor, gamma: tf.Tensor) => tf.Tensor>();
function fusedOp(epsilon: number): (x: tf.Tensor, gamma: tf.Tensor) => tf.Tensor {
  let f = fusedByEps.get(epsilon);
  if (!f) {
    f = tf.customGrad(((x: tf.Tensor, gamma: tf.Tensor, save: tf.GradSaveFunc) => {
      const [y, mean, rstd] = tf.engine().runKernel(LAYER_NORM, { x, gamma }, { epsilon } as unknown as tf.NamedAttrMap) as tf.Tensor[];
      save([x, gamma, mean, rstd]);
      return {
        value: y,
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const [sx, sg, sm, sr] = saved;
          return tf.engine().runKernel(LAYER_NORM_GRAD, { dy, x: sx, gamma: sg, mean: sm, rstd: sr }) as tf.Tensor[];
        },
      };
    }) as unknown as Parameters<typeof tf.customGrad>[0]) as (x: tf.Tensor, gamma: tf.Tensor) => tf.Tensor;
    fusedByEps.set(epsilon, f);
  }
  return f;
}

/**
 * LayerNorm over the last axis: `layerNorm(x, gamma, beta?, epsilon = 1e-5)`, x [..., n], gamma and beta [n].
 * One fused kernel forward and one backward on wasm and cpu; composed from tf ops on other backends.
 */
export function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta?: tf.Tensor, epsilon = 1e-5): tf.Tensor {
  const n = x.shape[x.shape.length - 1];
  if (gamma.rank !== 1 || gamma.shape[0] !== n || (beta && (beta.rank !== 1 || beta.shape[0] !== n))) {
    throw new Error(`layerNorm: gamma${beta ? " and beta" : ""} must have shape [${n}] (the last axis of x ${JSON.stringify(x.shape)}), ` +
      `got ${JSON.stringify(gamma.shape)}${beta ? ` and ${JSON.stringify(beta.shape)}` : ""}`);
  }
  if (x.dtype !== "float32") throw new Error(`layerNorm: x must be float32, got ${x.dtype}; cast it with tf.cast(x, "float32")`);
  const y = hasFusedKernels() ? fusedOp(epsilon)(x, gamma) : layerNormComposite(x, gamma, epsilon);
  return beta ? tf.add(y, beta) : y;
}
