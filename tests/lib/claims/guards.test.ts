import { test } from "node:test";
import assert from "node:assert/strict";
import { checkGuard, claimsText, evaluateClaim, spreadOf } from "../../../lib/claims";

const base = { id: "beats-baseline", paper: "toy", statement: "A beats the baseline", paperValue: null, compare: { kind: "direction" as const, expect: "greater" as const } };

test("a baseline below its floor gives 'not measured' with the baseline's value and the floor", () => {
  const r = evaluateClaim({ ...base, ours: 0.5, guards: [{ baseline: "softmax MQAR accuracy", value: 0.27, atLeast: 0.95 }] });
  assert.equal(r.verdict, "not measured");
  assert.equal(r.holds, false);
  assert.match(r.reason, /baseline softmax MQAR accuracy at 0\.27, needs ≥ 0\.95/);
  assert.equal(r.guards?.[0].ok, false);
  // the same claim with the baseline in its regime is decided on the comparison
  const ok = evaluateClaim({ ...base, ours: 0.5, guards: [{ baseline: "softmax MQAR accuracy", value: 0.99, atLeast: 0.95 }] });
  assert.equal(ok.verdict, "holds");
  const fails = evaluateClaim({ ...base, ours: -0.5, guards: [{ baseline: "softmax MQAR accuracy", value: 0.99, atLeast: 0.95 }] });
  assert.equal(fails.verdict, "does not hold");
});

test("guards: upper bounds, a missing baseline value, and malformed guards", () => {
  assert.equal(checkGuard({ baseline: "R-EDM error", value: 3, atMost: 2, unit: "m" }).ok, false);
  assert.match(checkGuard({ baseline: "R-EDM error", value: 3, atMost: 2, unit: "m" }).reason, /at 3 m, needs ≤ 2 m/);
  assert.equal(checkGuard({ baseline: "x", value: 1.5, atLeast: 1, atMost: 2 }).ok, true);
  assert.equal(checkGuard({ baseline: "x", value: NaN, atLeast: 1 }).ok, false);
  assert.match(checkGuard({ baseline: "x", value: null, atLeast: 1 }).reason, /not measured/);
  assert.throws(() => checkGuard({ baseline: "x", value: 1 }), /atLeast and\/or atMost/);
  const r = evaluateClaim({ ...base, ours: 1, guards: [{ baseline: "a", value: 1, atLeast: 0 }, { baseline: "b", value: null, atLeast: 0 }] });
  assert.equal(r.verdict, "not measured", "one failing guard of two blocks the verdict");
});

test("samples: ours defaults to their mean, the spread is recorded and shown", () => {
  const r = evaluateClaim({ id: "acc", paper: "toy", statement: "≥ 0.9", paperValue: 0.9, ours: undefined, samples: [0.9, 0.92, 0.94], compare: { kind: "atLeast" }, unit: "accuracy" });
  assert.ok(Math.abs((r.ours as number) - 0.92) < 1e-12);
  assert.equal(r.verdict, "holds");
  assert.equal(r.spread?.n, 3);
  assert.ok(Math.abs(r.spread!.sd - 0.02) < 1e-12, "sample sd (n − 1)");
  assert.match(claimsText([r]), /ours 0\.92 ± 0\.02 \(n = 3\) accuracy/);
  // the verdict is on the mean: one seed above the bar does not make it hold
  const low = evaluateClaim({ id: "acc", paper: "toy", statement: "≥ 0.9", paperValue: 0.9, ours: undefined, samples: [0.95, 0.8, 0.8], compare: { kind: "atLeast" } });
  assert.equal(low.verdict, "does not hold");
  assert.throws(() => spreadOf([]), /at least one finite/);
});
