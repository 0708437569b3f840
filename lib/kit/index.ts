/**
 * The paper kit: what every paper folder builds on, preloaded as `lab.kit`.
 * - `defineScales` — one typed config per paper at smoke / default / full, checked overrides;
 * - `runSeeds` — a function over seeds with mean ± sd of its metric (the claims' `samples`);
 * - `timeSteps` / `medianStepMs` — step timings for the claims and the PyTorch comparisons;
 * - `figure` — typed Vega-Lite figures on the one `$schema` (`{ chance }` draws the chance line); `withReference(spec, 0.1, "chance")` adds a chance /
 *   paper line to any figure in one line (`referenceRule` is the layer itself);
 * - `stratifiedSplit` / `stratifiedIndices` — seeded class-stratified disjoint subsets (train / validation);
 * - regime guards (`atLeast`, `atMost`, `within`, `checkRegime`) for claims against baselines;
 * - intervals for directional claims (`bootstrapMean`, `bootstrapDifference`, `bootstrapInterval`) and trends
 *   (`trendTest`), from lib/claims: `lab.claim({ ..., interval })` decides on the whole interval.
 * Model pieces shared by papers live in lib/core (`ParamStore`, `splitHeads`, `mergeHeads`, the fused ops).
 * See lib/papers/README.md for how a paper folder uses it.
 */
export { defineScales, SCALE_NAMES } from "./scales";
export type { Scale, Scales, Overrides, ScalesOptions } from "./scales";
export { runSeeds, seedList, formatSpread, spreadOf } from "./seeds";
export type { SeedRuns, RunSeedsOptions, Spread } from "./seeds";
export { timeSteps, medianStepMs, median } from "./timing";
export type { TimingOptions, StepTiming } from "./timing";
export { figure, referenceRule, withReference, SCHEMA_URL } from "./figures";
export type { FigureBody, FigureOptions, FigureReference, ReferenceOptions } from "./figures";
export { stratifiedSplit, stratifiedIndices } from "./split";
export { atLeast, atMost, within, checkRegime, checkGuard } from "./regime";
export type { RegimeGuard, GuardResult } from "./regime";
export { kitMessages } from "./messages";
export { ppmiSvdVectors, ppmiMatrix } from "./ppmi";
export type { PpmiOptions, TokenVectors } from "./ppmi";
export { bootstrapInterval, bootstrapMean, bootstrapDifference, trendTest, kendallTau, spearmanRho, olsSlope } from "../claims/intervals";
export type { Interval, BootstrapOptions, DifferenceOptions, TrendPoint, TrendOptions, TrendStatistic, Trend } from "../claims/intervals";
