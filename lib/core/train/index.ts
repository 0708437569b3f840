/**
 * The training kit: one seed for everything, custom-gradient helpers, AdamW/LAMB and schedules,
 * the training loop with checkpoints and live progress, metrics, energy estimates, result tables.
 */
export * from "./seed";
export * from "./samplers";
export * as init from "./init";
export * from "./ste";
export * from "./spike";
export * from "./schedule";
export * from "./optim/base";
export * from "./optim/adamw";
export * from "./optim/lamb";
export * from "./loop";
export * from "./interrupt";
export * from "./checkpoint";
export * from "./progress";
export * from "./metrics";
export * from "./logistic";
export * from "./losses";
export * from "./energy";
export * from "./frame";
export * from "./run-info";
export { trainMessages } from "./messages";
