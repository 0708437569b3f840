/** User-facing texts of lib/claims' intervals and trends, in one place so tests can refer to them by name. */
export const claimsMessages = {
  badLevel: (got: unknown) => `bootstrap: level must be a coverage in (0, 1), e.g. 0.95; got ${String(got)}`,
  badResamples: (got: unknown) => `bootstrap: resamples must be an integer ≥ 100 (default 2000); got ${String(got)}`,
  tooFewUnits: (n: number, unitName: string) =>
    `bootstrap: ${n} ${unitName} cannot give an interval; measure at least 2 (more than 10 for a percentile interval that keeps its coverage)`,
  statisticNotFinite: (got: unknown, unitName: string) =>
    `bootstrap: the statistic on all ${unitName} is ${String(got)}, not a finite number; check the values (a trend needs 2 distinct x and a y that varies)`,
  degenerateResamples: (bad: number, total: number) =>
    `bootstrap: the statistic was not finite on ${bad} of ${total} resamples; it is undefined on too many resamples of this data (too few units, or constant values)`,
  pairedLengths: (a: number, b: number) =>
    `bootstrapDifference: paired groups need one value per unit in each, got ${a} and ${b}; pass { paired: false } for independent groups`,
  notFinite: (what: string, i: number, got: unknown) => `${what}: value ${i} is ${String(got)}, not a finite number; drop or fix it first`,
  badTrendStatistic: (got: unknown) => `trendTest: statistic must be "kendall", "spearman" or "slope"; got ${JSON.stringify(got)}`,
  constantX: (n: number) => `trendTest: the ${n} points need at least 2 distinct x values to show a trend`,
  badInterval: (id: string, got: unknown) =>
    `claim ${id}: interval must be { estimate, lo, hi, level, n, method } with finite lo ≤ hi (use bootstrapInterval, bootstrapMean, bootstrapDifference or trendTest); got ${JSON.stringify(got)}`,
};
