import { test } from "node:test";
import assert from "node:assert/strict";
import { rocCurves, tprAt } from "../../../../lib/papers/iedm/scoring";
import type { RowTrace } from "../../../../lib/papers/iedm/methods";

const row = (i: number, faulty: boolean, wInnovation: number, wResidual: number): RowTrace => ({
  t: i, nSats: 8, kind: "phase", sat: `G${i}`, ref: "G01", wInnovation, wResidual, faulty, predSigma: 0.01, sqrtS: 0.02, resSensitivity: 50,
});

test("ROC: rows without a residual statistic (NaN, zero redundancy) are left out of both curves", () => {
  const clean = Array.from({ length: 100 }, (_, i) => row(i, false, (i % 10) / 10, (i % 10) / 10));
  const faulty = Array.from({ length: 10 }, (_, i) => row(200 + i, true, 50, 50));
  // faulty zero-redundancy rows: huge innovation, no residual statistic
  const zeroRed = Array.from({ length: 10 }, (_, i) => row(300 + i, true, 50, NaN));
  const roc = rocCurves([...clean, ...faulty, ...zeroRed], false);
  // without the NaN rows both statistics see the same 10 faults above every threshold
  assert.equal(tprAt(roc, "phase", "innovation", "all", 0.05), 1);
  assert.equal(tprAt(roc, "phase", "residual", "all", 0.05), 1);
  for (const r of roc) assert.ok(Number.isFinite(r.threshold) && Number.isFinite(r.tpr), JSON.stringify(r));
});
