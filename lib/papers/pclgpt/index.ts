/**
 * PclGPT (arXiv 2410.00361), staged LLM training for patronizing and condescending language detection, at small scale
 * on a stand-in about fictional groups: see README.md. Preloaded as `lab.papers.pclgpt`.
 */
export * from "./templates";
export * from "./generator";
export * from "./prompt";
export * from "./corpus";
export * from "./metrics";
export * from "./train";
export * from "./config";
export * from "./experiment";
export * from "./api";
export * from "./loaders";
export * from "./claims";
export * from "./figures";
export { pclMessages } from "./messages";
