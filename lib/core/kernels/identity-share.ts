/**
 * Identity for the WASM backend that shares the input's memory (reference count + 1) instead of copying it.
 *
 * tfjs saves every tensor a gradient needs by `clone` (the Identity kernel), and the stock wasm Identity allocates and
 * copies: the attention-LM step ran 164 Identity copies (54 of [32,32,64]). tfjs-backend-wasm's own Reshape already
 * shares memory this way, and no wasm kernel writes into its inputs, so sharing is safe; code that needs a private,
 * writable buffer (adam-fused.ts) copies explicitly. Strings go to the stock kernel.
 */
import * as tf from "@tensorflow/tfjs";
import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs";

/** Wraps the stock wasm Identity kernel. */
export function makeIdentityShare(stock: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const x = args.inputs.x as TensorInfo;
    if (x.dtype === "string") return stock.kernelFunc(args);
    (args.backend as unknown as { incRef(dataId: object): void }).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
  return { kernelName: tf.Identity, backendName: "wasm", kernelFunc, setupFunc: stock.setupFunc };
}
