/** lib/core: backends, custom kernels, the training kit. */
export {};
// backends, kernels, gradient fixes, complex fields (backend helper)
export { initBackend, backend, describeBackend, requireKernels, BACKENDS } from "./backend";
export type { BackendName, BackendReport, CandidateReport, InitOptions } from "./backend";
export { registerWasmKernels, registerFusedKernels } from "./kernels/register-all";
// fused ops (one forward and one backward kernel each on wasm and cpu)
export { layerNorm } from "./kernels/layer-norm";
export { softmaxCrossEntropy } from "./kernels/softmax-cross-entropy";
export { batchNormTrain } from "./kernels/batch-norm";
export type { RunningStats } from "./kernels/batch-norm";
export { installGradFixes, logSigmoid } from "./grad";
export * as complex from "./complex";
// model pieces shared by the papers: one parameter store, head split/merge
export * as nn from "./nn";
export { ParamStore, splitHeads, mergeHeads } from "./nn";
export type { ComplexField } from "./complex";
// training kit: seed, custom gradients, optimizers, loop, checkpoints, metrics, energy (training helper)
export * from "./train";
