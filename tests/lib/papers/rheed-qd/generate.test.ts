/**
 * The `rheed-qd` generator (lib/papers/rheed-qd/generate.ts, datasets/entries/rheed-qd.ts): pinned SHA-256 of the
 * bytes, splits by run (a run in two splits throws), tertile labels, the negative control's frames carrying no
 * run information, parameter checks.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { sha256 } from "../../../../datasets/checksum";
import { RHEED_QD_PINNED, RHEED_QD_PINNED_PARAMS, checkRheed } from "../../../../datasets/entries/rheed-qd";
import { getEntry } from "../../../../datasets/registry";
import "../../../../datasets/entries";
import {
  assertRunSplits, generateRheed, qualityClass, rheedParams, rheedToBytes, tertileCuts, windowLatents, RHEED_QD_DEFAULTS,
} from "../../../../lib/papers/rheed-qd/generate";
import { rheedMessages } from "../../../../lib/papers/rheed-qd/messages";

test("pinned: the bytes of the pinned parameter set hash to RHEED_QD_PINNED (and the registry's verify agrees)", async () => {
  const d = generateRheed(RHEED_QD_PINNED_PARAMS);
  checkRheed(d);
  assert.equal(sha256(rheedToBytes(d)), RHEED_QD_PINNED);
  const v = await getEntry("rheed-qd").verify();
  assert.match(v.checks[0], /stable and pinned/);
});

test("splits are by run (70/15/15 of the runs), labels are tertiles of the training runs' quality", () => {
  const d = generateRheed({ runs: 60, size: 16, depositionFrames: 4 });
  const n = (s: string) => d.runs.filter((r) => r.split === s).length;
  assert.deepEqual([n("train"), n("val"), n("test")], [42, 9, 9]);
  const train = d.runs.filter((r) => r.split === "train");
  const counts = [0, 1, 2].map((k) => train.filter((r) => r.label === k).length);
  assert.ok(counts.every((c) => c >= 13 && c <= 15), `training tertiles ${counts}`);
  for (const r of d.runs) assert.equal(r.label, qualityClass(r.measured.quality, d.cuts));
  // the best class has the better quality on average
  const meanQ = (k: number) => train.filter((r) => r.label === k).reduce((s, r) => s + r.measured.quality, 0) / counts[k];
  assert.ok(meanQ(2) > meanQ(1) && meanQ(1) > meanQ(0));
});

test("a run in two splits throws, naming the run and both splits", () => {
  const d = generateRheed({ runs: 10, size: 16, depositionFrames: 4, annealFrames: 1 });
  const train = d.runs.filter((r) => r.split === "train");
  assert.doesNotThrow(() => assertRunSplits({ train, test: d.runs.filter((r) => r.split === "test") }));
  assert.throws(() => assertRunSplits({ train, test: [train[0]] }), { message: rheedMessages.runInTwoSplits(train[0].id, "train", "test") });
});

test("tertile cuts by hand; quality classes", () => {
  const [a, b] = tertileCuts([6, 1, 5, 2, 4, 3]);
  assert.ok(Math.abs(a - 8 / 3) < 1e-12 && Math.abs(b - 13 / 3) < 1e-12, `${a}, ${b}`);
  assert.deepEqual([1, 3, 5].map((q) => qualityClass(q, [a, b])), [0, 1, 2]);
});

test("negative control (informative: false): every run's frames show the same state; informative runs differ", () => {
  const off = generateRheed({ runs: 6, size: 16, depositionFrames: 4, informative: false });
  const on = generateRheed({ runs: 6, size: 16, depositionFrames: 4 });
  const lat = (d: typeof off) => d.runs.map((r) => JSON.stringify(windowLatents(r, d.params, "deposition", 3, 4)));
  assert.equal(new Set(lat(off)).size, 1);
  assert.equal(new Set(lat(on)).size, 6);
  assert.deepEqual(off.runs.map((r) => r.label), off.runs.map((r) => qualityClass(r.measured.quality, off.cuts)), "labels still come from the true PL");
});

test("parameters: unknown keys and impossible values throw naming the fix", () => {
  assert.throws(() => rheedParams({ frames: 3 } as unknown as Partial<typeof RHEED_QD_DEFAULTS>), { message: rheedMessages.unknownParam("frames", Object.keys(RHEED_QD_DEFAULTS)) });
  assert.throws(() => rheedParams({ size: 8 }), /size must be at least 16 pixels/);
  assert.throws(() => rheedParams({ runs: 0 }), /runs must be a positive integer/);
});
