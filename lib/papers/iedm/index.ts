/**
 * I-EDM (arXiv 2409.03433), reconstructed: see README.md. Preloaded as `lab.papers.iedm`.
 */
export * from "./model";
export * from "./cluster";
export * from "./data";
export * from "./experiment";
export * from "./claims";
