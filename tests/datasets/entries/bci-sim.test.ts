import * as assert from "node:assert/strict";
import { test } from "node:test";
import { sha256 } from "../../../datasets/checksum";
import { BCI_SIM_PINNED, bciCenterOutSim, bciGraspSim, bciSimToBytes, generateBciSim, type BciSimParams } from "../../../datasets/entries/bci-sim";
import { assertRejectsDataset } from "../helpers";

const SMALL: Partial<BciSimParams> = { channels: 8, binMs: 100, trialMs: 500, days: [0, 2, 3], trials: 16, seed: 7 };

test("bci-sim: same parameters and seed give the same bytes (pinned sha256, both paradigms); another seed differs", () => {
  const a = bciSimToBytes(generateBciSim(SMALL));
  assert.equal(sha256(a), "39786ffb5097aa85398749f113ca5f34dc2d9fe79f80adddaabda1af6f70e0ed");
  assert.equal(sha256(bciSimToBytes(generateBciSim({ ...SMALL, paradigm: "grasp" }))), "c4b6852b8a816bf5700c31d80ac485ba2b08ac8f0aaba5d9598f927fe4e2ab79");
  assert.notEqual(sha256(bciSimToBytes(generateBciSim({ ...SMALL, seed: 8 }))), sha256(a));
  assert.match(BCI_SIM_PINNED["bci-center-out-sim"], /^[0-9a-f]{64}$/);
});

test("bci-sim entries verify: default bytes (96 ch, 20 ms bins, 10 days × 200 trials) hash to the pinned values", async () => {
  for (const e of [bciCenterOutSim, bciGraspSim]) {
    const r = await e.verify();
    assert.match(r.checks[0], /2000 trials x T=50 x C=96/);
  }
});

test("bci-sim structure: balanced classes per day, days in order, shapes, rates of listed days, dead channels only accumulate", () => {
  const s = generateBciSim({ ...SMALL, days: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], trials: 24, severity: 3, testSeverity: 3 });
  assert.equal(s.T, 5);
  assert.equal(s.counts.length, s.n * s.T * s.C);
  for (let d = 0; d < 10; d++) {
    const labels = Array.from(s.labels.slice(d * 24, (d + 1) * 24));
    assert.deepEqual([...new Set(labels)].sort(), [0, 1, 2, 3, 4, 5, 6, 7]);
    for (let k = 0; k < 8; k++) assert.equal(labels.filter((x) => x === k).length, 3);
    for (let b = 0; b < 3; b++) assert.equal(new Set(labels.slice(8 * b, 8 * b + 8)).size, 8, "every block of K trials holds each class once");
    assert.ok(Array.from(s.day.slice(d * 24, (d + 1) * 24)).every((x) => x === d));
  }
  assert.equal(s.rates.length, 10 * 8 * 5 * 8);
  for (let d = 1; d < 10; d++) for (let c = 0; c < 8; c++) assert.ok(s.dead[d * 8 + c] >= s.dead[(d - 1) * 8 + c], "death is for good");
  assert.ok(s.dead.slice(9 * 8).some((x) => x === 1), "at severity 3 some channel has died by day 9");
});

test("bci-sim: re-drifting test days at another severity leaves the training days' trials unchanged; listing fewer days does not change a day", () => {
  const base = generateBciSim({ ...SMALL, days: [0, 1, 2, 3, 4, 5], testFrom: 3 });
  const re = generateBciSim({ ...SMALL, days: [0, 1, 2, 3, 4, 5], testFrom: 3, testSeverity: 2 });
  const perDay = base.T * base.C * 16;
  assert.deepEqual(re.counts.slice(0, 3 * perDay), base.counts.slice(0, 3 * perDay), "days 0–2 identical");
  assert.notDeepEqual(re.rates.slice(3 * 8 * 5 * 8), base.rates.slice(3 * 8 * 5 * 8), "test days' rates differ");
  const only4 = generateBciSim({ ...SMALL, days: [4], testFrom: 3 });
  assert.deepEqual(only4.counts, base.counts.slice(4 * perDay, 5 * perDay), "day 4 alone equals day 4 of the full run");
  const fresh = generateBciSim({ ...SMALL, days: [4], testFrom: 3, trialStart: 16 });
  assert.deepEqual(fresh.rates, only4.rates, "fresh trials come from the same population");
  assert.notDeepEqual(fresh.counts, only4.counts, "but are new trials");
  const s0 = generateBciSim({ ...SMALL, days: [0, 5], severity: 0, testSeverity: 0 });
  assert.deepEqual(s0.rates.slice(0, 8 * 5 * 8), s0.rates.slice(8 * 5 * 8), "severity 0: day 5's rates equal day 0's (no drift at all)");
});

test("bci-sim: center-out expected counts stay in the card's range, most channels are tuned, and counts match them on average (E[g] = 1)", () => {
  const s = generateBciSim({ channels: 96, binMs: 100, trialMs: 1000, days: [0], trials: 400, seed: 3 });
  const T = s.T, C = s.C, K = s.K;
  // Σ counts / Σ expected ≈ E[g] = 1 (Gamma(10, 0.1))
  let n = 0, e = 0;
  for (let r = 0; r < s.n; r++) for (let q = 0; q < T * C; q++) {
    n += s.counts[r * T * C + q];
    e += s.rates[s.labels[r] * T * C + q];
  }
  assert.ok(Math.abs(n / e - 1) < 0.03, `counts / expected ${n / e}`);
  const g = Array.from(s.gain);
  const mg = g.reduce((a, b) => a + b, 0) / g.length, vg = g.reduce((a, b) => a + (b - mg) ** 2, 0) / g.length;
  assert.ok(Math.abs(mg - 1) < 0.03 && Math.abs(vg - 0.1) < 0.03, `gain mean ${mg}, variance ${vg} (Gamma(10, 0.1): 1, 0.1)`);
  // the first bin (0–100 ms) is far from movement: rate ≈ b_i ≥ 0.5 Hz·0.1 s; every expected count ≤ 60 Hz·(1 + 0.5 + 1)·0.1 s
  for (let q = 0; q < K * T * C; q++) assert.ok(s.rates[q] >= 0.02 - 1e-6 && s.rates[q] <= 25, `expected count ${s.rates[q]}`);
  // tuning: the expected count at movement differs across targets for most channels
  const tBin = 3, spread = Array.from({ length: C }, (_, c) => {
    const v = Array.from({ length: K }, (_, k) => s.rates[(k * T + tBin) * C + c]);
    return Math.max(...v) - Math.min(...v);
  });
  assert.ok(spread.filter((x) => x > 1e-3).length > 0.5 * C, "most channels are tuned (p = 0.7)");
});

test("bci-sim: bad parameters name the problem", async () => {
  const cases: [Promise<unknown>, RegExp][] = [
    [bciCenterOutSim.load({ trials: 10 }), /multiple of the 8 classes/],
    [bciCenterOutSim.load({ days: [0, 0] }), /days must be increasing/],
    [bciCenterOutSim.load({ binMs: 30 }), /multiple of binMs/],
    [bciGraspSim.load(JSON.parse('{"nope": 1}')), /unknown bci-sim parameter 'nope'/],
  ];
  for (const [p, re] of cases) assert.match((await assertRejectsDataset(p, "option")).message, re);
});
