/**
 * Start tfjs-backend-wasm's threaded build in Node (opt-in with PAPERLAB_WASM_THREADS=N).
 *
 * Stock tfjs 4.22 cannot, for three reasons, each handled here:
 * 1. it hands Emscripten a `blob:` URL for the pthread worker script, and Node's worker_threads rejects it
 *    (ERR_WORKER_PATH): the worker script and the module factory are written to a temporary folder and
 *    `URL.createObjectURL` returns those file paths for tfjs's script blobs;
 * 2. it never enables the threaded build in Node (WASM_HAS_MULTITHREAD_SUPPORT is false): the flag is set;
 * 3. its C++ side caps the pool at `emscripten_num_logical_cores() / 2` ("many x86-64 processors have 2 threads per
 *    core"), computed when the module is instantiated, whatever count is asked for: on a 2-vCPU machine that is 1
 *    thread, so the workers started and never ran. `withLogicalCores` makes Node's `os.cpus()` report 2·N CPUs while
 *    the backend is instantiated (the module reads the count there), then restores it.
 * Measurements (lib/core/README.md, "WASM threads") decide whether it is on by default.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as tf from "@tensorflow/tfjs";

let prepared: string | null = null;

/**
 * Prepares the threaded WASM build before `tf.setBackend('wasm')`. Returns the temporary folder used.
 * Must run before the wasm backend is first initialised in this process.
 */
export function prepareThreadedWasm(threads: number): string {
  if (prepared) return prepared;
  /* eslint-disable @typescript-eslint/no-var-requires */
  const wasm = require("@tensorflow/tfjs-backend-wasm") as { setThreadsCount(n: number): void };
  const { wasmWorkerContents } = require("@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js") as { wasmWorkerContents: string };
  const factoryMod = require("@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js") as { default?: unknown };
  /* eslint-enable @typescript-eslint/no-var-requires */
  const factory = (factoryMod.default ?? factoryMod) as { toString(): string };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "paperlab-wasm-threads-"));
  const mainJs = path.join(dir, "main.js");
  const workerJs = path.join(dir, "worker.js");
  fs.writeFileSync(mainJs, `var WasmBackendModuleThreadedSimd = ${factory.toString()};\n`);
  // Inside each worker the module arrives as a Blob too: point createObjectURL at the file instead.
  // tfjs escapes newlines the same way before making its blob (the contents hold "\n" inside string literals).
  fs.writeFileSync(workerJs, `URL.createObjectURL=()=>${JSON.stringify(mainJs)};URL.revokeObjectURL=()=>{};\n` +
    wasmWorkerContents.replace(/\n/g, "\\n"));
  const original = URL.createObjectURL.bind(URL);
  URL.createObjectURL = (obj: Blob) =>
    obj.type === "application/javascript" ? workerJs : original(obj);
  tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", true);
  wasm.setThreadsCount(threads);
  prepared = dir;
  return dir;
}

/**
 * Runs `fn` (the wasm backend's instantiation) while `os.cpus()` reports `n` logical CPUs, so that tfjs-backend-wasm's
 * pool cap (logical cores / 2) lets the requested threads through; restores `os.cpus` afterwards.
 */
export async function withLogicalCores<T>(n: number, fn: () => Promise<T>): Promise<T> {
  // the module object itself (what the emscripten glue's require("os") returns), not TypeScript's import namespace
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const nodeOs = require("os") as { cpus: () => os.CpuInfo[] };
  const real = nodeOs.cpus;
  const cpus = real();
  nodeOs.cpus = () => Array.from({ length: n }, (_, i) => cpus[i % cpus.length]);
  try {
    return await fn();
  } finally {
    nodeOs.cpus = real;
  }
}
