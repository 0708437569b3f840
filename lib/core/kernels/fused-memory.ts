/**
 * Float32 access to tensor memory for paperlab's fused kernels, on the two backends that keep data in this process:
 * wasm (views on the module's heap) and cpu (the backend's own typed arrays). Allocate every output first, then take
 * views: allocating on wasm may grow the heap and detach earlier views.
 */
import type { TensorInfo } from "@tensorflow/tfjs";
import { WasmBackendLike, offsetOf } from "./wasm-memory";

/** The backends the fused kernels are registered for. */
export const FUSED_BACKENDS = ["wasm", "cpu"] as const;

interface CpuBackendLike {
  data: { get(dataId: object): { values: unknown } };
  makeTensorInfo(shape: number[], dtype: "float32", values: Float32Array): TensorInfo;
}

/** Whether `backend` is tfjs-backend-wasm (data on the module's heap). */
export const isWasm = (backend: object): boolean => "wasm" in backend && "dataIdMap" in backend;

/** The heap byte offset of a float32 tensor on the wasm backend (throws on another dtype, saying what to do). */
export function heapOffsetF32(backend: object, t: TensorInfo): number {
  if (t.dtype !== "float32") throw new Error(`paperlab fused kernel: expected a float32 tensor, got ${t.dtype}; cast it with tf.cast(x, "float32")`);
  return offsetOf(backend as WasmBackendLike, t);
}

/** A new float32 tensor of `shape` (contents unspecified on wasm, zeros on cpu). */
export function allocF32(backend: object, shape: number[]): TensorInfo {
  if (isWasm(backend)) return (backend as WasmBackendLike).makeOutput(shape, "float32");
  const n = shape.reduce((a, b) => a * b, 1);
  return (backend as unknown as CpuBackendLike).makeTensorInfo(shape, "float32", new Float32Array(n));
}

/** The float32 elements of `t` (a live view: writes go to the tensor). */
export function f32(backend: object, t: TensorInfo): Float32Array {
  const n = t.shape.reduce((a, b) => a * b, 1);
  if (t.dtype !== "float32") throw new Error(`paperlab fused kernel: expected a float32 tensor, got ${t.dtype}; cast it with tf.cast(x, "float32")`);
  if (isWasm(backend)) {
    const w = backend as WasmBackendLike;
    return new Float32Array(w.wasm.HEAPU8.buffer, offsetOf(w, t), n);
  }
  const values = (backend as unknown as CpuBackendLike).data.get(t.dataId).values;
  if (!(values instanceof Float32Array)) throw new Error("paperlab fused kernel: the cpu backend holds this tensor in an unexpected form");
  return values;
}
