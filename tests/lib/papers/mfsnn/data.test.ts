import { test } from "node:test";
import assert from "node:assert/strict";
import { assertTrainingOnly, channelDropMask, channelStats, concatTrials, features, fitNormalizer, simulate, splitByDay, type SimSpec } from "../../../../lib/papers/mfsnn/data";
import { protocolBatches, trainingPool, PROTOCOLS } from "../../../../lib/papers/mfsnn/protocols";
import { Rng } from "../../../../lib/core/train/seed";

const SPEC: SimSpec = { paradigm: "center-out", channels: 12, binMs: 200, trialMs: 1000, trials: 40, depth: 1, severity: 1 };
const TRAIN = [0, 1, 2], TEST = [3, 5];

function setup() {
  const base = simulate(SPEC, [...TRAIN, ...TEST], 4, { testFrom: 3 });
  const extra = simulate(SPEC, [2], 4, { testFrom: 3, trials: 96, trialStart: 40 });
  const d = concatTrials([base, extra]);
  return { d, split: splitByDay(d, TRAIN, TEST, new Rng(0)) };
}

test("split by day: 80/20 class-stratified within each training day, all trials of test days, extra trials apart", () => {
  const { d, split } = setup();
  for (const x of split.byDay) {
    assert.equal(x.train.length, 32);
    assert.equal(x.val.length, 8);
    assert.ok([...x.train, ...x.val].every((i) => d.day[i] === x.day && !d.extra[i]));
    assert.equal(new Set([...x.train, ...x.val]).size, 40, "disjoint");
    assert.deepEqual([...new Set(x.val.map((i) => d.labels[i]))].sort(), [0, 1, 2, 3, 4, 5, 6, 7], "every class in validation");
  }
  assert.deepEqual(split.test.map((x) => [x.day, x.idx.length]), [[3, 40], [5, 40]]);
  assert.equal(split.extra.length, 96);
  assert.ok(split.extra.every((i) => d.day[i] === 2 && d.extra[i] === 1));
  assert.throws(() => splitByDay(d, [0, 1, 3], [3, 5], new Rng(0)), /training and test days overlap \(day 3\)/);
});

test("test-day trials reaching training, normalisation or early stopping throw", () => {
  const { d, split } = setup();
  const testTrial = split.test[0].idx[0];
  assert.throws(() => fitNormalizer(d, split, [...split.byDay[0].train, testTrial]), /normalisation statistics would use trials of test day 3/);
  assert.throws(() => assertTrainingOnly(d, split, [testTrial], "early stopping"), /early stopping would use trials of test day 3/);
  const leaky = { ...split, byDay: split.byDay.map((x, j) => (j === 0 ? { ...x, train: [...x.train, split.test[1].idx[0]] } : x)) };
  assert.throws(() => protocolBatches("P", d, leaky, 2, 8, new Rng(0)), /training \(protocol P\) would use trials of test day 5/);
  assert.doesNotThrow(() => fitNormalizer(d, split, split.byDay[0].train));
});

test("protocols: S the last day, Sm its extra trials, Q days in order, P pooled, M balanced over days and classes", () => {
  const { d, split } = setup();
  const steps = 9, batch = 24;
  const days = (b: number[]) => b.map((i) => d.day[i]);
  const S = protocolBatches("S", d, split, steps, batch, new Rng(1));
  assert.ok(S.flat().every((i) => d.day[i] === 2 && !d.extra[i]));
  assert.ok(protocolBatches("Sm", d, split, steps, batch, new Rng(1)).flat().every((i) => d.extra[i] === 1));
  const Q = protocolBatches("Q", d, split, steps, batch, new Rng(1));
  assert.deepEqual(Q.map((b) => [...new Set(days(b))]), [[0], [0], [0], [1], [1], [1], [2], [2], [2]], "three steps per day, oldest first");
  const M = protocolBatches("M", d, split, steps, batch, new Rng(1));
  for (const b of M) {
    assert.equal(b.length, 24);
    for (const day of TRAIN) assert.equal(days(b).filter((x) => x === day).length, 8, "batch/D trials from each day");
  }
  // class balance of M within a day over the run: counts differ by at most one
  for (const day of TRAIN) {
    const counts = new Array(8).fill(0);
    M.flat().filter((i) => d.day[i] === day).forEach((i) => counts[d.labels[i]]++);
    assert.ok(Math.max(...counts) - Math.min(...counts) <= 1, `day ${day} class counts ${counts}`);
  }
  assert.deepEqual(protocolBatches("M+", d, split, steps, batch, new Rng(1)), M, "M+ has M's batches");
  const P = protocolBatches("P", d, split, 4, 96, new Rng(1));
  assert.equal(new Set(P.flat()).size, 96, "P covers the pooled training trials before repeating");
  assert.equal(trainingPool("M", split).length, 96);
  assert.throws(() => trainingPool("Z" as never, split), new RegExp(`unknown protocol 'Z'; known: ${PROTOCOLS.join(", ")}`));
});

test("features: log1p counts z-scored per channel with training statistics; dropped electrodes record zero", () => {
  const { d, split } = setup();
  const idx = split.byDay.flatMap((x) => x.train);
  const z = fitNormalizer(d, split, idx);
  const X = features(d, idx, z);
  const { T, C } = d;
  for (const c of [0, 5, 11]) {
    let s = 0, s2 = 0;
    for (let r = 0; r < idx.length; r++) for (let t = 0; t < T; t++) {
      const v = X[(r * T + t) * C + c];
      s += v;
      s2 += v * v;
    }
    const n = idx.length * T;
    assert.ok(Math.abs(s / n) < 1e-4 && Math.abs(s2 / n - 1) < 1e-3, `channel ${c}: mean ${s / n}, variance ${s2 / n}`);
  }
  const drop = channelDropMask(C, 0.25, new Rng(3));
  assert.equal(drop.reduce((a, b) => a + b, 0), 3);
  const dead = drop.indexOf(1);
  const Xd = features(d, idx, z, drop);
  assert.ok(Math.abs(Xd[dead] - (0 - z.mean[dead]) / z.std[dead]) < 1e-6, "a dropped electrode reads log1p(0)");
  assert.equal(channelStats(d, idx).mean[0], z.mean[0]);
});
