import { test } from "node:test";
import assert from "node:assert/strict";
import { buildConfig, runDetection, skyPlot } from "../../../../lib/papers/iedm/experiment";
import { CLAIMS, evaluateC1, PAPER_NUMBERS } from "../../../../lib/papers/iedm/claims";

test("smoke detection run compares innovation and residual tests AT THE SAME FALSE-ALARM RATE (card pitfall)", () => {
  const cfg = buildConfig("smoke");
  const rows = runDetection(cfg);
  assert.equal(rows.length, cfg.satCounts.length * cfg.faultCounts.length * 2);
  for (const r of rows) {
    // both statistics are calibrated on fault-free trials to 5% and checked on independent fault-free trials
    assert.ok(Math.abs(r.falseAlarmRate - cfg.falseAlarm) < 0.04, `${r.statistic} ${r.sats} sats: FA ${r.falseAlarmRate}`);
    assert.ok(r.detectionRate > 0.3 && r.detectionRate <= 1, `${r.statistic} ${r.sats}: TPR ${r.detectionRate}`);
  }
  const c1 = evaluateC1(rows);
  assert.equal(c1.length, cfg.satCounts.length);
  assert.equal(typeof c1.holds, "boolean"); // the verdict is reported, not asserted: it is the claim under test
});

test("config overrides are checked; sky plot rows; claims table", () => {
  assert.throws(() => buildConfig("smoke", { trails: 3 } as never), /unknown config key "trails"; known keys: seed/);
  const sky = skyPlot();
  assert.ok(sky.length >= 6 && sky.every((r) => r.elDeg > 10 && r.azDeg >= 0 && r.azDeg < 360));
  assert.deepEqual(CLAIMS.map((c) => c.id), ["C1", "C2", "C3", "C4", "C5"]);
  assert.deepEqual(PAPER_NUMBERS.accuracyEnuM, [0.23, 0.11, 0.31]);
});
