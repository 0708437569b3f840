import { test } from "node:test";
import assert from "node:assert/strict";
import { calibrate, runMonteCarlo, summarise } from "../../../../lib/papers/iedm/experiment";
import { evaluateClaim } from "../../../../lib/claims";
import { SCALES } from "../../../../lib/papers/iedm/config";
import { runSnapshotDetection, skyPlot } from "../../../../lib/papers/iedm/snapshot";
import { CLAIMS, PAPER_NUMBERS, evaluateClaims } from "../../../../lib/papers/iedm/claims";
import { FPR_GRID } from "../../../../lib/papers/iedm/scoring";

test("snapshot detection compares innovation and residual tests AT THE SAME FALSE-ALARM RATE (card pitfall)", () => {
  const cfg = SCALES.config("smoke").snapshot;
  const rows = runSnapshotDetection(cfg);
  assert.equal(rows.length, cfg.satCounts.length * cfg.faultCounts.length * 2);
  for (const r of rows) {
    // both statistics are calibrated on fault-free trials to 5% and checked on independent fault-free trials
    assert.ok(Math.abs(r.falseAlarmRate - cfg.falseAlarm) < 0.04, `${r.statistic} ${r.sats} sats: FA ${r.falseAlarmRate}`);
    assert.ok(r.detectionRate > 0.3 && r.detectionRate <= 1, `${r.statistic} ${r.sats}: TPR ${r.detectionRate}`);
  }
});

test("drive Monte-Carlo: both detectors at the same false-alarm rate; every method scored per event", () => {
  const cfg = SCALES.config("smoke", { drives: 1, duration: 100, calibrationDuration: 100 });
  const cal = calibrate(cfg);
  assert.ok(cal.rows > 200 && cal.kInnovation > 2 && cal.kResidual > 2, JSON.stringify(cal));
  const mc = runMonteCarlo(cfg, cal);
  // SAME false-alarm rate: on the ROC grid both statistics sit at the same empirical FPR on the fault-free rows
  for (const kind of ["code", "phase"] as const) {
    const inn = mc.roc.filter((r) => r.kind === kind && r.sats === "all" && r.statistic === "innovation");
    const res = mc.roc.filter((r) => r.kind === kind && r.sats === "all" && r.statistic === "residual");
    if (!inn.length) continue;
    assert.equal(inn.length, FPR_GRID.length);
    inn.forEach((r, i) => assert.ok(Math.abs(r.fpr - res[i].fpr) < 0.02, `${kind} at ${FPR_GRID[i]}: ${r.fpr} vs ${res[i].fpr}`));
  }
  const oracle = mc.detection.find((d) => d.method === "oracle")!;
  const none = mc.detection.find((d) => d.method === "no-edm")!;
  assert.ok(oracle.slips > 0);
  assert.equal(oracle.slipExactRate, 1, "the oracle repairs every true slip");
  assert.equal(none.slipsDetected, 0, "No-EDM never flags");
  const rm = (m: string) => mc.summary.find((s) => s.method === m)!.h;
  assert.ok(rm("oracle") < rm("no-edm"), "excluding the true faults beats ignoring them");
});

test("config overrides are checked; sky plot rows; claims are evaluated and can fail", () => {
  assert.throws(() => SCALES.config("smoke", { drivs: 3 } as never), /iedm-gnss: unknown config key 'drivs'; known keys: seed/);
  assert.ok(SCALES.presets.default.drives === 30 && SCALES.presets.default.duration === 600);
  // drive holds only simulator overrides: any DriveConfig key may be set, a typo may not
  assert.deepEqual(SCALES.config("smoke", { drive: { slipRate: 0.004 } }).drive, { slipRate: 0.004 });
  assert.throws(() => SCALES.config("smoke", { drive: { sliprate: 0.004 } } as never), /iedm-gnss drive: unknown config key 'sliprate'; known keys: seed, duration/);
  const sky = skyPlot();
  assert.ok(sky.length >= 6 && sky.every((r) => r.elDeg > 10 && r.azDeg >= 0 && r.azDeg < 360));
  assert.deepEqual(CLAIMS.map((c) => c.id), ["C1", "C2", "C3", "C4", "C5"]);
  assert.deepEqual(PAPER_NUMBERS.accuracyEnuM, [0.23, 0.11, 0.31]);
  // three drives per method, each drive's RMSE h·(1 + 0.05·d): the claims resample drives
  const fake = (h: number[], u: number[] = h) => {
    const rmseRows = [0, 1, 2].flatMap((d) => ["no-edm", "r-edm", "i-edm"].map((method, i) => ({ drive: d, method, e: 0, n: 0, u: u[i] * (1 + 0.05 * d), h: h[i] * (1 + 0.05 * d) })));
    return { summary: summarise(rmseRows), rmseRows, roc: [], traceDrives: [], slipEstimates: [] };
  };
  const claims = (h: number[], u: number[] = h) =>
    evaluateClaims({ mc: fake(h, u) as never, ablations: [], c3: [], c4: { multiGain: 0, singleGain: 0, rows: [], perDrive: [] }, c5: [], falseAlarm: 0.05, seed: 1, resamples: 200, divergedAboveM: 1 });
  const order = (h: number[]) => claims(h).find((c) => c.id === "C2-rmse-order")!;
  assert.ok(order([3, 0.9, 0.5]).interval!.lo > 0, "the order claim's interval is above 0 when No-EDM > R-EDM > I-EDM on every drive");
  assert.ok(order([3, 0.5, 0.9]).interval!.hi < 0, "and below 0 when R-EDM beats I-EDM");
  assert.equal(claims([3, 0.9, 0.72]).find((c) => c.id === "C2-gain-over-redm")!.ours, 20);
  // the R-EDM regime guard: at 0.9 m (median) R-EDM is in the paper's regime, at 2 m it is not
  const guard = (h: number[], u: number[] = h, id = "C2-gain-over-redm") => evaluateClaim({ ...claims(h, u).find((c) => c.id === id)!, paper: "iedm-gnss" });
  assert.notEqual(guard([3, 0.9, 0.72]).verdict, "not measured");
  assert.equal(guard([30, 2, 1.6]).verdict, "not measured");
  // and vertically: R-EDM in regime horizontally (0.9 m) but at 1.5 m vertically (needs ≤ 1.2 m) decides neither C2 claim
  assert.equal(guard([3, 0.9, 0.72], [6, 1.5, 1.2]).verdict, "not measured");
  assert.equal(guard([3, 0.9, 0.72], [6, 1.5, 1.2], "C2-rmse-order").verdict, "not measured");
  assert.notEqual(guard([3, 0.9, 0.72], [6, 1.1, 0.9], "C2-rmse-order").verdict, "not measured");
});
