/**
 * Test helper: run the same computation on two backends and compare with a relative error.
 * Not a test file itself (no `.test.ts`), shared by tests/lib/core/**.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { registerWasmKernels } from "../../../lib/core/kernels/register-all";
import { Rng } from "../../../lib/core/train/seed";

/** Seeded uniform random numbers in [-1, 1) (paperlab's one `Rng`), so failures reproduce. */
export function randoms(n: number, seed: number): Float32Array {
  return new Rng(seed).floats(n, (r) => r.uniform(-1, 1));
}

/** Runs `fn` on `backend` and returns every output as a flat Float64 array (tensors disposed). */
export async function runOn(backend: string, fn: () => tf.Tensor | tf.Tensor[]): Promise<number[][]> {
  if (backend === "wasm") registerWasmKernels();
  const ok = await tf.setBackend(backend);
  if (!ok) throw new Error(`backend ${backend} failed to initialise`);
  const outs = tf.tidy(() => { const r = fn(); return Array.isArray(r) ? r : [r]; });
  const arrays = outs.map((t) => Array.from(t.dataSync()));
  tf.dispose(outs);
  return arrays;
}

/** max |a-b| / max(max|b|, tiny): the relative error the tests bound. */
export function relError(a: number[], b: number[]): number {
  if (a.length !== b.length) return Infinity;
  let num = 0;
  let den = 1e-30;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return num / den;
}

/** Runs on wasm and cpu, returns the worst relative error over all outputs (and the outputs). */
export async function wasmVsCpu(fn: () => tf.Tensor | tf.Tensor[]): Promise<{ err: number; wasm: number[][]; cpu: number[][] }> {
  const w = await runOn("wasm", fn);
  const c = await runOn("cpu", fn);
  const err = Math.max(...w.map((x, i) => relError(x, c[i])));
  return { err, wasm: w, cpu: c };
}
