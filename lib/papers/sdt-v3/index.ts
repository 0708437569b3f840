/**
 * Spike-Driven Transformer V3 (arXiv 2411.16061): I-LIF neurons, E-SpikeFormer, spike-driven inference,
 * spike-masked autoencoding, experiments and claims. Preloaded as `lab.papers.sdtV3`; see README.md.
 */
export * from "./messages";
export * from "./neurons";
export * from "./layers";
export * from "./model";
export * from "./analysis";
export * from "./mae";
export * from "./data";
export * from "./config";
export * from "./train";
export * from "./experiment";
export * from "./imagenet";
export * from "./claims";
export * from "./figures";
export * from "./summary";
