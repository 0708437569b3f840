/** Test helper: switch tfjs between the wasm and cpu backends (wasm registered once). */
import * as tf from "@tensorflow/tfjs";

let wasmLoaded = false;

/** The backends the training-kit tests run on (wasm first, then the pure-JS cpu one). */
export const TEST_BACKENDS = ["wasm", "cpu"] as const;

/** Activates `name`, loading the wasm backend on first use. */
export async function useBackend(name: "wasm" | "cpu"): Promise<void> {
  if (name === "wasm" && !wasmLoaded) {
    require("@tensorflow/tfjs-backend-wasm");
    wasmLoaded = true;
  }
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`could not activate the tfjs ${name} backend`);
  await tf.ready();
}
