/** Gradient fixes for tfjs-core 4.22 (see register-all.ts for the list). */
export { installGradFixes, GRAD_FIXES } from "./register-all";
export { logSigmoid } from "./log-sigmoid";
export { cumprodGrad } from "./cumprod-grad";
export { stridedSliceGrad } from "./strided-slice-grad";
export { einsumGrad } from "./einsum-grad";
export { dilateFilter } from "./conv-dilated-grads";
