/**
 * RHEED + ResNet-GLAM, in-situ self-optimisation of InAs/GaAs QD emission (arXiv 2411.00332): a reconstruction on
 * a seeded virtual MBE; see README.md. Preloaded as `lab.papers.rheedQd`.
 */
export * from "./mbe";
export * from "./rheed";
export * from "./generate";
export * from "./data";
export * from "./glam";
export * from "./model";
export * from "./train";
export * from "./controller";
export * from "./closed-loop";
export * from "./config";
export { rheedMessages } from "./messages";
export * from "./experiment";
export * from "./claims";
export * from "./figures";
export * from "./runs-io";
