/**
 * LAQDA (arXiv 2410.10454, Findings of EMNLP 2024): label adapter + query-aided prototypes for few-shot text
 * classification. See README.md. Preloaded as `lab.papers.laqda`.
 */
export * from "./messages";
export * from "./data";
export * from "./model";
export * from "./proto";
export * from "./config";
export * from "./train";
export * from "./baselines";
export * from "./experiment";
export * from "./claims";
export * from "./figures";
export * from "./full";
export * from "./synth";
export * from "./emoji";
export * from "./sets";
