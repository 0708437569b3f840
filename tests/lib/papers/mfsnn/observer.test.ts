import { test } from "node:test";
import assert from "node:assert/strict";
import { idealObserverAccuracy, observerScores } from "../../../../lib/papers/mfsnn/observer";
import type { Trials } from "../../../../lib/papers/mfsnn/data";

test("ideal observer on a 2-channel hand case: gain profiled out, Poisson likelihood picks the class", () => {
  // K = 2 classes, T = 1 bin, C = 2 channels: λ₀ = [4, 1], λ₁ = [1, 4]
  const lam = Float32Array.from([4, 1, 1, 4]);
  // counts [6, 2]: score_k = Σ n log λ_k − N log Σ λ_k = 6 log 4 − 8 log 5 (k = 0) vs 2 log 4 − 8 log 5 (k = 1)
  const s = observerScores([6, 2], 0, lam, 2, 2);
  assert.ok(Math.abs(s[0] - (6 * Math.log(4) - 8 * Math.log(5))) < 1e-6);
  assert.ok(Math.abs(s[1] - (2 * Math.log(4) - 8 * Math.log(5))) < 1e-6);
  // a class that only rescales another is indistinguishable once the gain is profiled
  const scaled = observerScores([3, 5], 0, Float32Array.from([1, 2, 3, 6]), 2, 2);
  assert.ok(Math.abs(scaled[0] - scaled[1]) < 1e-5, `scaled rates tie: ${scaled}`);
  const d: Trials = {
    counts: Uint16Array.from([6, 2, 0, 9, 3, 1, 1, 1]), labels: Int32Array.from([0, 1, 0, 1]), day: Int32Array.from([0, 0, 0, 0]), extra: new Uint8Array(4),
    n: 4, T: 1, C: 2, K: 2, rates: lam, rateDays: [0],
  };
  // trials: [6,2] → 0 ✓; [0,9] → 1 ✓; [3,1] → 0 ✓; [1,1] → tie, argmax takes class 0 ✗ (label 1)
  assert.equal(idealObserverAccuracy(d, [0, 1, 2, 3]), 0.75);
  assert.throws(() => idealObserverAccuracy({ ...d, rates: null }, [0]), /no true rates/);
  assert.throws(() => idealObserverAccuracy({ ...d, day: Int32Array.from([3, 3, 3, 3]) }, [0]), /no true rates for day 3/);
});
