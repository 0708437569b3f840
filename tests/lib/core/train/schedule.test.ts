import { test } from "node:test";
import assert from "node:assert/strict";
import { warmupCosine, linearWarmup, cosineDecay, sampleSchedule } from "../../../../lib/core/train/schedule";

const TOL = 1e-12; // schedules are plain float64 arithmetic

test("warmupCosine: linear warmup, half-cosine to min, flat after totalSteps", () => {
  const s = warmupCosine({ peak: 1e-3, warmupSteps: 4, totalSteps: 12, min: 1e-5 });
  const v = sampleSchedule(s, 14);
  // warmup: t/W · peak
  [0, 0.25e-3, 0.5e-3, 0.75e-3].forEach((want, t) => assert.ok(Math.abs(v[t] - want) < TOL));
  assert.ok(Math.abs(v[4] - 1e-3) < TOL); // peak at the end of warmup
  assert.ok(Math.abs(v[8] - (1e-5 + (1e-3 - 1e-5) * 0.5)) < TOL); // halfway: cos(π/2) = 0
  assert.ok(Math.abs(v[12] - 1e-5) < TOL);
  assert.ok(Math.abs(v[13] - 1e-5) < TOL);
  for (let t = 5; t < 12; t++) assert.ok(v[t] < v[t - 1], `monotone decay at ${t}`);
  assert.throws(() => warmupCosine({ peak: 1, warmupSteps: 5, totalSteps: 5 }), /warmupSteps < totalSteps/);
});

test("linearWarmup and cosineDecay", () => {
  assert.deepEqual(sampleSchedule(linearWarmup(2, 2), 4), [0, 1, 2, 2]);
  const c = cosineDecay(1, 4);
  assert.ok(Math.abs(c(0) - 1) < TOL);
  assert.ok(Math.abs(c(2) - 0.5) < TOL);
  assert.ok(Math.abs(c(4)) < TOL);
});
