/**
 * ToxiCN MM and MKE (arXiv 2410.02378), on a neutral stand-in: see README.md. Preloaded as `lab.papers.toxicnMm`.
 */
export * from "./pools";
export * from "./images";
export * from "./data";
export * from "./text";
export * from "./model";
export * from "./metrics";
export * from "./config";
export * from "./train";
export * from "./warmstart";
export { toxicnMessages } from "./messages";
export * from "./loaders";
export * from "./experiment";
export * from "./claims";
export * from "./figures";
