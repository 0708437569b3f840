/** lib/core: backends, custom kernels, the training kit. */
export {};
