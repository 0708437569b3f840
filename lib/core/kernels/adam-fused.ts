/**
 * The Adam/AdamW update of one variable on the WASM backend, fused into one pass over its memory:
 *   m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;  p ← p·(1 − lr·λ) − (lr / (1−β1ᵗ)) · m / (√v / √(1−β2ᵗ) + ε)
 * (torch.optim.Adam/AdamW's arithmetic). The stock composition is ~12 kernels per variable, each a pass over memory
 * and several of them scalar loops (sqrt, div): 7 ms for a 1M-parameter model; this one is 0.6 ms (simd/kernels.ts).
 *
 * The moments are updated in place. In place is only safe when nothing else shares a buffer (a variable made with
 * `tf.variable(t)` or `assign(t)` shares t's memory while t lives), so a moment buffer whose reference count is above 1
 * is first replaced by a private copy. The weights are written to a new tensor that the variable is assigned to:
 * tfjs-backend-wasm caches XNNPACK operators with packed weights per tensor id (matmul, conv), so weights changed in
 * place would keep being multiplied in their old values.
 */
import * as tf from "@tensorflow/tfjs";
import type { TensorInfo } from "@tensorflow/tfjs";
import { WasmBackendLike, offsetOf } from "./wasm-memory";
import { simdKernels } from "./simd/kernels";

/** Hyper-parameters of one step (t is 1-based). */
export interface AdamStep {
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** Decoupled weight decay λ applied to this variable (0: none). */
  weightDecay: number;
  t: number;
}

/** Whether the fused in-place update can run: wasm backend, float32 tensors. */
export function canFuseAdam(p: tf.Tensor, g: tf.Tensor): boolean {
  return tf.getBackend() === "wasm" && p.dtype === "float32" && g.dtype === "float32";
}

/**
 * Gives `x` a buffer of its own (a copy) if another tensor shares it, so that writing in place touches only `x`.
 * (Not tf.clone: paperlab's wasm Identity shares memory, see identity-share.ts.)
 */
function ownBuffer(x: tf.Variable): void {
  const b = tf.backend() as unknown as WasmBackendLike & { refCount(dataId: object): number };
  if (b.refCount(x.dataId) <= 1) return;
  const copy = tf.engine().makeTensorFromTensorInfo(b.makeOutput(x.shape, "float32"));
  const src = offsetOf(b, x as unknown as TensorInfo);
  b.wasm.HEAPU8.copyWithin(offsetOf(b, copy as unknown as TensorInfo), src, src + x.size * 4);
  x.assign(copy);
  copy.dispose();
}

/** Updates p (new buffer), m and v (in place) on wasm (see `canFuseAdam`). g is read. All four have the same size. */
export function adamInPlace(p: tf.Variable, g: tf.Tensor, m: tf.Variable, v: tf.Variable, s: AdamStep): void {
  if (!canFuseAdam(p, g)) throw new Error(`adamInPlace: needs the wasm backend and float32 tensors (backend ${tf.getBackend()}, ${p.dtype}/${g.dtype}); use the tf-ops update elsewhere`);
  if (g.size !== p.size || m.size !== p.size || v.size !== p.size) {
    throw new Error(`adamInPlace: gradient/moment sizes ${g.size}/${m.size}/${v.size} differ from the variable's ${p.size}`);
  }
  for (const x of [m, v]) ownBuffer(x);
  const backend = tf.backend() as unknown as WasmBackendLike;
  const next = tf.engine().makeTensorFromTensorInfo(backend.makeOutput(p.shape, "float32"));
  const info = (t: tf.Tensor) => t as unknown as TensorInfo;
  const [po, qo, go, mo, vo] = [p, next, g, m, v].map((t) => offsetOf(backend, info(t)));
  const { lr, beta1: b1, beta2: b2, epsilon: eps, weightDecay: wd, t } = s;
  const decay = 1 - lr * wd;
  const step = lr / (1 - Math.pow(b1, t));
  const invs = 1 / Math.sqrt(1 - Math.pow(b2, t));
  const n = p.size;
  const nVec = n - (n % 4);
  // f32 rounding of the coefficients as the kernel sees them, so the tail below computes exactly the same thing
  const f = Math.fround;
  const [fd, fb1, fo1, fb2, fo2, fs, fi, fe] = [decay, b1, 1 - b1, b2, 1 - b2, step, invs, eps].map(f);
  simdKernels(backend).adam(po, qo, go, mo, vo, nVec * 4, fd, fb1, fo1, fb2, fo2, fs, fi, fe);
  if (nVec < n) {
    const heap = new Float32Array(backend.wasm.HEAPU8.buffer);
    for (let i = nVec; i < n; i++) {
      const gi = heap[(go >>> 2) + i];
      const mi = f(f(fb1 * heap[(mo >>> 2) + i]) + f(fo1 * gi));
      const vi = f(f(fb2 * heap[(vo >>> 2) + i]) + f(f(fo2 * gi) * gi));
      heap[(mo >>> 2) + i] = mi;
      heap[(vo >>> 2) + i] = vi;
      const den = f(f(f(Math.sqrt(vi)) * fi) + fe);
      heap[(qo >>> 2) + i] = f(f(heap[(po >>> 2) + i] * fd) - f(f(fs * mi) / den));
    }
  }
  p.assign(next);
  next.dispose();
}
