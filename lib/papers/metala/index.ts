/**
 * MetaLA (arXiv 2411.10741): see README.md. Preloaded as `lab.papers.metala`.
 */
export * from "./recurrence";
export * from "./mixers";
export * from "./model";
export * from "./data";
export * from "./static-approx";
export * from "./config";
export * from "./train";
export * from "./experiment";
export * from "./claims";
export * from "./figures";
