/**
 * Typed access to the WASM backend's heap for kernels that work on its memory in place.
 * The backend class is not exported with types we can rely on, so this names only what the kernels use.
 */
import type { TensorInfo, DataType } from "@tensorflow/tfjs";

/** The part of tfjs-backend-wasm's `BackendWasm` that paperlab's kernels touch. */
export interface WasmBackendLike {
  wasm: { HEAPU8: Uint8Array };
  dataIdMap: { get(dataId: object): { id: number; memoryOffset: number; shape: number[]; dtype: DataType } };
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  disposeData(dataId: object, force?: boolean): boolean;
}

/** Bytes per element of a dtype on the WASM heap (float32/int32: 4, bool: 1). */
export function bytesPerElement(dtype: DataType): number {
  return dtype === "bool" ? 1 : 4;
}

/** The byte offset of a tensor's data on the heap. */
export function offsetOf(backend: WasmBackendLike, t: TensorInfo): number {
  return backend.dataIdMap.get(t.dataId).memoryOffset;
}

/** A 32-bit view of the whole heap; take it after every allocation (the heap may grow and move). */
export function heap32(backend: WasmBackendLike): Int32Array {
  const u8 = backend.wasm.HEAPU8;
  return new Int32Array(u8.buffer, 0, u8.byteLength >>> 2);
}

/**
 * A tensor that aliases `shape`-many elements of the heap at byte `offset` (no copy, no allocation).
 * Release it with `dropView`, never with `disposeData` (which would free memory the view does not own).
 */
export function makeView(backend: WasmBackendLike, offset: number, shape: number[], dtype: DataType): TensorInfo {
  return (backend.makeOutput as (s: number[], d: DataType, o: number) => TensorInfo)(shape, dtype, offset);
}

/** Forgets a view made by `makeView` without freeing the memory it aliases. */
export function dropView(backend: WasmBackendLike, view: TensorInfo): void {
  const b = backend as unknown as { dataIdMap: { get(d: object): { id: number }; delete(d: object): void }; wasm: { tfjs: { disposeData(id: number): void } } };
  const id = b.dataIdMap.get(view.dataId).id;
  b.wasm.tfjs.disposeData(id);
  b.dataIdMap.delete(view.dataId);
}
