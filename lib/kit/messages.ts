/** User-facing texts of the paper kit, in one place so tests can refer to them by name. */
export const kitMessages = {
  unknownScale: (paper: string, scale: unknown, known: readonly string[]) =>
    `${paper}: unknown scale ${JSON.stringify(scale)}; known scales: ${known.join(", ")} (e.g. -p scale default)`,
  unknownKey: (paper: string, key: string, known: readonly string[]) =>
    `${paper}: unknown config key '${key}'; known keys: ${known.join(", ")}`,
  badOverride: (paper: string, key: string, want: string, got: unknown) =>
    `${paper}: config key '${key}' expects ${want}, got ${JSON.stringify(got)}`,
  scaleKeys: (paper: string, scale: string, missing: string[], extra: string[]) =>
    `${paper}: scale '${scale}' must define the same keys as 'default'` +
    `${missing.length ? `; missing: ${missing.join(", ")}` : ""}${extra.length ? `; not in default: ${extra.join(", ")}` : ""}`,
  noSeeds: (what: string) => `${what}: give at least one seed, e.g. [0, 1, 2]`,
  badSeeds: (got: unknown) => `runSeeds: seeds must be distinct integers, got ${JSON.stringify(got)}`,
  metricNotFinite: (seed: number, got: unknown) =>
    `runSeeds: the metric of seed ${seed} is ${String(got)}, not a finite number; return a number or pass { metric: r => r.acc }`,
  badLabel: (i: number, got: unknown, classes: number) =>
    `stratifiedSplit: label ${i} is ${String(got)}, not a class index in 0..${classes - 1}; pass { classes } or map the labels first`,
  tooFewInClass: (c: number, have: number, need: number, sizes: readonly number[]) =>
    `stratifiedSplit: class ${c} has ${have} samples but subsets of sizes ${sizes.join(" + ")} need ${need}; ask for fewer samples`,
  badReference: (label: string, got: unknown) =>
    `referenceRule: the value of "${label}" is ${String(got)}, not a finite number; pass the level to draw (e.g. 1 / classes for chance)`,
  noReferenceView: (keys: readonly string[]) =>
    `withReference: the spec has no mark, layer, facet, repeat or concat to draw in (keys: ${keys.join(", ") || "none"}); pass a Vega-Lite figure`,
  badReps: (got: unknown) => `medianStepMs: reps must be an integer ≥ 1, got ${String(got)}`,
  badPpmiDims: (k: number, words: number) =>
    `ppmiSvdVectors: ${k} dimensions asked, the documents have ${words} distinct tokens (after minCount); ask for an integer 1 ≤ dims ≤ ${words} or give more text`,
};
