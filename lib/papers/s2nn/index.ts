/**
 * S2NN-style spike-based diffractive optical network (arXiv 2409.05726; BAT, OPMoE reconstructed from the abstract):
 * see README.md. Preloaded as `lab.papers.s2nn`.
 */
export * from "./messages";
export * from "./optics";
export * from "./detector";
export * from "./readout";
export * from "./model";
export * from "./data";
export * from "./config";
export * from "./train";
export * from "./edge";
export * from "./accounting";
export * from "./experiment";
export * from "./experts";
export * from "./ablation";
export * from "./claims";
export * from "./figures";
export * from "./export";
