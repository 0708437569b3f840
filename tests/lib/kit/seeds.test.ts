import { test } from "node:test";
import assert from "node:assert/strict";
import { formatSpread, medianStepMs, runSeeds, seedList, timeSteps } from "../../../lib/kit";

test("runSeeds: results in seed order with mean and sample sd of the metric", async () => {
  const order: number[] = [];
  const r = await runSeeds([3, 1, 2], async (seed) => {
    order.push(seed);
    return { acc: seed / 10 };
  }, { metric: (x) => x.acc });
  assert.deepEqual(order, [3, 1, 2], "sequential, in the order given");
  assert.deepEqual(r.values, [0.3, 0.1, 0.2]);
  assert.ok(Math.abs(r.mean - 0.2) < 1e-12);
  assert.ok(Math.abs(r.sd - 0.1) < 1e-12);
  assert.equal(r.n, 3);
  assert.equal(r.min, 0.1);
  assert.equal(r.max, 0.3);
  assert.equal(formatSpread(r, { percent: true }), "20.0 ± 10.0 %");
  const one = await runSeeds([0], () => 0.5);
  assert.equal(one.sd, 0);
  assert.equal(formatSpread(one), "0.500");
});

test("runSeeds: bad seeds and a non-numeric metric are errors that say what to pass", async () => {
  await assert.rejects(runSeeds([], () => 1), /at least one seed/);
  await assert.rejects(runSeeds([1, 1], () => 1), /distinct integers/);
  await assert.rejects(runSeeds([0], () => ({ acc: 1 })), /metric of seed 0 is \[object Object\].*metric: r => r\.acc/);
  assert.deepEqual(seedList(5, 3), [5, 6, 7]);
});

test("timeSteps: warm-up calls are not timed; median of the timed ones", async () => {
  let calls = 0;
  const t = await timeSteps(() => {
    calls++;
  }, { warmup: 2, reps: 3 });
  assert.equal(calls, 5);
  assert.equal(t.timesMs.length, 3);
  assert.ok(t.minMs <= t.medianMs);
  assert.ok((await medianStepMs(() => undefined, { reps: 1, clock: "cpu" })) >= 0);
  await assert.rejects(timeSteps(() => undefined, { reps: 0 }), /reps must be an integer ≥ 1/);
});
