/**
 * MFSNN (arXiv 2410.03533), a multiscale fusion spiking network for invasive BCI decoding, reconstructed from the
 * abstract on simulated recordings: see README.md. Preloaded as `lab.papers.mfsnn`.
 */
export * from "./config";
export * from "./data";
export * from "./protocols";
export * from "./layers";
export * from "./model";
export * from "./baselines";
export * from "./observer";
export * from "./train";
export * from "./seed-data";
export * from "./experiment";
export * from "./claims";
export * from "./figures";
export * from "./loaders";
export { mfsnnMessages } from "./messages";
