/**
 * MetaLA (arXiv 2411.10741): see README.md. Preloaded as `lab.papers.metala`.
 */
export * from "./recurrence";
export * from "./mixers";
export * from "./model";
