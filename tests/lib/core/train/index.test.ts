import { test } from "node:test";
import assert from "node:assert/strict";
import * as core from "../../../../lib/core";

test("the training kit is exported through lib/core (lab.seed, lab.train, …)", () => {
  for (const name of [
    "seed", "rng", "Rng", "nextSeed", "batchIndices", "stopGradient", "ste", "clippedSte", "roundSte", "quantizeClipped",
    "spike", "spikeSigmoid", "spikeAtan", "spikeRect", "adamw", "lamb", "AdamW", "Lamb", "clipByGlobalNorm",
    "warmupCosine", "train", "saveCheckpoint", "loadCheckpoint", "accuracy", "confusionMatrix", "macroF1", "mse", "rmse",
    "OpCounter", "FiringRates", "conv2dMacs", "E_MAC_PJ", "E_AC_PJ", "toFrame", "toCsv", "saveResults", "runInfo",
  ]) {
    assert.ok(name in core, `lib/core does not export ${name}`);
  }
  assert.equal(typeof core.init.glorotUniform, "function");
});
