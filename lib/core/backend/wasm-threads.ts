/**
 * Experimental: start tfjs-backend-wasm's threaded build in Node (opt-in with PAPERLAB_WASM_THREADS=N).
 *
 * Stock tfjs 4.22 cannot: it hands Emscripten a `blob:` URL for the pthread worker script, and Node's worker_threads
 * rejects it (ERR_WORKER_PATH); it also never enables the threaded build in Node (WASM_HAS_MULTITHREAD_SUPPORT is
 * false). This module writes the worker script and the module factory to a temporary folder, makes
 * `URL.createObjectURL` return those file paths for tfjs's script blobs, and sets the flag. With that the threaded
 * binary loads and its 8 pool workers start; but XNNPACK's thread pool still reports 1 thread (the workers never
 * receive a 'run' command), so there is no speed-up — see lib/core/README.md for the measurements. Off by default.
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
