/**
 * DataGemma — "Knowing When to Ask: Bridging Large Language Models and Data Commons" (arXiv 2409.13741):
 * RIG and RAG over a local Data Commons stand-in (`lab.papers.datacommons`).
 */
export * from "./store";
export * from "./parse";
export * from "./retrieve";
export * from "./encoder";
export * from "./dc";
export * from "./remote";
export * from "./rig";
export * from "./rag";
export * from "./data";
export { dcMessages } from "./messages";
export * from "./config";
export * from "./lm";
export * from "./simulated";
export * from "./experiment";
export * from "./endpoint";
export * from "./figures";
export * from "./claims";
