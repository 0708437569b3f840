/**
 * BatchMatMul for the WASM backend without the slow transposed-operand path.
 *
 * Stock tfjs-backend-wasm 4.22 multiplies about 6x slower when `transposeA` or `transposeB` is set (a `[1024,64]ᵀ ×
 * [1024,128]` product: 8.0 ms flagged, 1.3 ms as transpose + plain product), and every matmul gradient sets one of
 * them. This kernel materialises the transposed operand with the (fast) Transpose kernel and calls the stock kernel
 * with both flags off: C = op(A) op(B) with op(X) = Xᵀ over the last two axes when flagged.
 *
 * The stock kernel also takes its slow path for any batch > 1 (attention's [B,H,T,dh] × [B,H,dh,T]: 0.35 GFLOP/s),
 * while a single [M,K]×[K,N] product runs on XNNPACK. For batched products of matrices that are not tiny this
 * kernel calls the stock kernel once per batch entry on heap views (no copies of the inputs), writing into one output;
 * batched products of small matrices with M and N multiples of 4 (attention's) go to paperlab's SIMD kernel instead,
 * all entries in one call (simd/kernels.ts; [64 × 32×32×32]: 1.2 ms per entry on XNNPACK → 0.13 ms).
 */
import * as tf from "@tensorflow/tfjs";
import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs";
import { WasmBackendLike, dropView, heap32, makeView, offsetOf } from "./wasm-memory";
import { simdKernels } from "./simd/kernels";

/** Below this many multiply-adds per batch entry the per-call overhead outweighs XNNPACK's speed. */
const MIN_MACS_PER_ENTRY = 16 * 16 * 16;

/**
 * C[i] = A[i or 0] × B[i or 0] over the batch, each through the stock kernel with batch 1 (its XNNPACK path).
 * a [batchA, M, K], b [batchB, K, N] (batchA, batchB ∈ {1, batch}) → out [...outShape] float32.
 */
function perEntryMatMul(stockFunc: KernelFunc, a: TensorInfo, b: TensorInfo, outShape: number[], backend: object): TensorInfo {
  const w = backend as unknown as WasmBackendLike;
  const ra = a.shape.length; const rb = b.shape.length;
  const [M, K] = [a.shape[ra - 2], a.shape[ra - 1]];
  const N = b.shape[rb - 1];
  const batchA = a.shape.slice(0, -2).reduce((x, y) => x * y, 1);
  const batchB = b.shape.slice(0, -2).reduce((x, y) => x * y, 1);
  const batch = Math.max(batchA, batchB);
  const out = w.makeOutput(outShape, "float32");
  const aOff = offsetOf(w, a); const bOff = offsetOf(w, b); const oOff = offsetOf(w, out);
  for (let i = 0; i < batch; i++) {
    const av = makeView(w, aOff + (batchA === 1 ? 0 : i * M * K * 4), [1, M, K], "float32");
    const bv = makeView(w, bOff + (batchB === 1 ? 0 : i * K * N * 4), [1, K, N], "float32");
    try {
      const c = stockFunc({ inputs: { a: av, b: bv }, backend, attrs: { transposeA: false, transposeB: false } }) as TensorInfo;
      const h = heap32(w);
      const src = offsetOf(w, c) >>> 2;
      h.copyWithin((oOff >>> 2) + i * M * N, src, src + M * N);
      w.disposeData(c.dataId);
    } finally {
      dropView(w, av);
      dropView(w, bv);
    }
  }
  return out;
}

/** Per-entry sizes up to which the SIMD kernel beats per-entry XNNPACK calls (measured: 64×[32,32,32] 0.13 vs 1.2 ms). */
const MAX_SIMD_MACS_PER_ENTRY = 128 * 128 * 128;

/** Whether a batched product (batch > 1, float32, same or broadcast batches) fits paperlab's SIMD kernel (M, N % 4). */
function useSimd(a: TensorInfo, b: TensorInfo): boolean {
  const ra = a.shape.length; const rb = b.shape.length;
  const [M, K, N] = [a.shape[ra - 2], a.shape[ra - 1], b.shape[rb - 1]];
  return M % 4 === 0 && N % 4 === 0 && M * K * N <= MAX_SIMD_MACS_PER_ENTRY;
}

/**
 * C[i] = op(A[i or 0]) × B[i or 0] in one call of the SIMD kernel (see simd/kernels.ts), writing one output;
 * `transposedA`: A is stored [.., K, M] and read transposed in place (see useSimdTransposedA).
 */
function simdMatMul(a: TensorInfo, b: TensorInfo, outShape: number[], backend: object, transposedA = false): TensorInfo {
  const w = backend as unknown as WasmBackendLike;
  const ra = a.shape.length; const rb = b.shape.length;
  const [M, K] = transposedA ? [a.shape[ra - 1], a.shape[ra - 2]] : [a.shape[ra - 2], a.shape[ra - 1]];
  const N = b.shape[rb - 1];
  const batchA = a.shape.slice(0, -2).reduce((x, y) => x * y, 1);
  const batchB = b.shape.slice(0, -2).reduce((x, y) => x * y, 1);
  const out = w.makeOutput(outShape, "float32");
  // element (m, k) of A at m·sm + k·sk bytes: row-major [M, K] (sm 4K, sk 4) or stored [K, M] (sm 4, sk 4M)
  const [sm, sk] = transposedA ? [4, M * 4] : [K * 4, 4];
  simdKernels(backend).bmm(offsetOf(w, a), offsetOf(w, b), offsetOf(w, out), Math.max(batchA, batchB), M, K, N,
    batchA === 1 ? 0 : M * K * 4, batchB === 1 ? 0 : K * N * 4, sm, sk);
  return out;
}

/** A batched product through the SIMD kernel when it fits, else per entry on XNNPACK. */
function batched(stockFunc: KernelFunc, a: TensorInfo, b: TensorInfo, outShape: number[], backend: object): TensorInfo {
  return useSimd(a, b) ? simdMatMul(a, b, outShape, backend) : perEntryMatMul(stockFunc, a, b, outShape, backend);
}

/**
 * Whether Aᵀ·B (A stored [.., K, M]) should run on the SIMD kernel reading A transposed in place, instead of a
 * transposed copy + XNNPACK. Measured (best of 15, loaded 2-core EPYC; SIMD vs transpose + XNNPACK, ms):
 * [1024,64]ᵀ[1024,192] 1.06 vs 1.61, [1024,64]ᵀ[1024,64] 0.32 vs 0.64, [16384,72]ᵀ[16384,16] 2.4 vs 75;
 * but [64,784]ᵀ[64,1024] 25.8 vs 3.4: the SIMD kernel wins when the inner dimension K is at least M (weight
 * gradients over a long batch) or the product is small.
 */
function useSimdTransposedA(a: TensorInfo, b: TensorInfo): boolean {
  if (a.dtype !== "float32" || b.dtype !== "float32") return false;
  const ra = a.shape.length; const rb = b.shape.length;
  const [K, M, N] = [a.shape[ra - 2], a.shape[ra - 1], b.shape[rb - 1]];
  if (b.shape[rb - 2] !== K || M % 4 !== 0 || N % 4 !== 0) return false;
  const batchA = a.shape.slice(0, -2).reduce((x, y) => x * y, 1);
  const batchB = b.shape.slice(0, -2).reduce((x, y) => x * y, 1);
  if (batchA !== batchB && batchA !== 1 && batchB !== 1) return false;
  if (batchA === batchB && batchA > 1 && !tf.util.arraysEqual(a.shape.slice(0, -2), b.shape.slice(0, -2))) return false;
  const macs = M * K * N;
  return macs <= 1 << 21 || (K >= M && macs <= 1 << 25);
}

/** Whether the batched product should go through `perEntryMatMul` (batch > 1, float32, same-size or broadcast batches). */
function usePerEntry(a: TensorInfo, b: TensorInfo): boolean {
  if (a.dtype !== "float32" || b.dtype !== "float32") return false;
  const ra = a.shape.length; const rb = b.shape.length;
  const batchA = a.shape.slice(0, -2).reduce((x, y) => x * y, 1);
  const batchB = b.shape.slice(0, -2).reduce((x, y) => x * y, 1);
  if (Math.max(batchA, batchB) <= 1) return false;
  if (batchA !== batchB && batchA !== 1 && batchB !== 1) return false; // partial broadcasting: stock kernel
  if (batchA === batchB && !tf.util.arraysEqual(a.shape.slice(0, -2), b.shape.slice(0, -2))) return false;
  return a.shape[ra - 2] * a.shape[ra - 1] * b.shape[rb - 1] >= MIN_MACS_PER_ENTRY || useSimd(a, b);
}

/** Swaps the last two axes of `x` with the given transpose kernel; the caller disposes the result. */
function transposeLast2(transpose: KernelFunc, x: TensorInfo, backend: object): TensorInfo {
  const r = x.shape.length;
  const perm = [...Array(r).keys()];
  perm[r - 2] = r - 1;
  perm[r - 1] = r - 2;
  return transpose({ inputs: { x }, backend, attrs: { perm } }) as TensorInfo;
}

const b0 = (t: TensorInfo) => t.shape.slice(0, -2);

/** Wraps the stock wasm BatchMatMul kernel; `transpose` is the Transpose kernel function in use on wasm. */
export function makeBatchMatMulFast(stock: KernelConfig, transpose: KernelFunc): KernelConfig {
  const stockFunc = stock.kernelFunc;
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
    let a = inputs.a as TensorInfo;
    let bb = inputs.b as TensorInfo;
    const outShape = tf.backend_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b0(bb)).concat([
      transposeA ? a.shape[a.shape.length - 1] : a.shape[a.shape.length - 2],
      transposeB ? bb.shape[bb.shape.length - 2] : bb.shape[bb.shape.length - 1]]);
    if (!transposeA && !transposeB) {
      return usePerEntry(a, bb) ? batched(stockFunc, a, bb, outShape, backend) : stockFunc({ inputs, backend, attrs });
    }
    if (transposeA && !transposeB && useSimdTransposedA(a, bb)) return simdMatMul(a, bb, outShape, backend, true);
    const b = backend as unknown as WasmBackendLike;
    const temps: TensorInfo[] = [];
    if (transposeA) { a = transposeLast2(transpose, a, backend); temps.push(a); }
    if (transposeB) { bb = transposeLast2(transpose, bb, backend); temps.push(bb); }
    try {
      if (usePerEntry(a, bb)) return batched(stockFunc, a, bb, outShape, backend);
      return stockFunc({ inputs: { a, b: bb }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
    } finally {
      for (const t of temps) b.disposeData(t.dataId);
    }
  };
  return { kernelName: tf.BatchMatMul, backendName: "wasm", kernelFunc, setupFunc: stock.setupFunc };
}
