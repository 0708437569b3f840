/**
 * I-EDM (arXiv 2409.03433), reconstructed: see README.md. Preloaded as `lab.papers.iedm`.
 */
export * from "./model";
export * from "./cluster";
export * from "./site";
export * from "./trajectory";
export * from "./imu";
export * from "./vision";
export * from "./data";
export * from "./filter";
export * from "./methods";
export * from "./scoring";
export * from "./snapshot";
export * from "./config";
export * from "./experiment";
export * from "./claims";
export * from "./figures";
export * from "./detectability";
export * from "./summary";
