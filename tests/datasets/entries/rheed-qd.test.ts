/**
 * The `rheed-qd` generator entry (datasets/entries/rheed-qd.ts): loads a small set through the registry with its
 * invariants checked; a corrupted set fails the check with a DatasetError naming the fix; bad options throw.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkRheed, rheedQd } from "../../../datasets/entries/rheed-qd";
import { DatasetError } from "../../../datasets/errors";

test("rheed-qd loads a seeded set with frames, labels and splits checked", async () => {
  const d = await rheedQd.load({ runs: 8, size: 16, annealFrames: 2, depositionFrames: 3 });
  assert.equal(d.runs.length, 8);
  assert.equal(d.runs[0].anneal.length, 2 * 16 * 16);
  assert.equal(d.runs[0].deposition.length, 3 * 16 * 16);
  assert.equal(rheedQd.kind, "generator");
  assert.equal(rheedQd.status().available, true);
  const again = await rheedQd.load({ runs: 8, size: 16, annealFrames: 2, depositionFrames: 3 });
  assert.deepEqual(again.runs[5].deposition, d.runs[5].deposition, "same seed → same frames");
});

test("a corrupted set (truncated frames, a label out of range) fails with a DatasetError and a fix", async () => {
  const d = await rheedQd.load({ runs: 4, size: 16, annealFrames: 1, depositionFrames: 2 });
  const bad = { ...d, runs: d.runs.map((r, i) => (i === 2 ? { ...r, deposition: r.deposition.subarray(0, 10) } : r)) };
  assert.throws(() => checkRheed(bad), (e: unknown) => e instanceof DatasetError && /run0002: frame buffers/.test(e.message) && /datasets verify rheed-qd/.test(e.fix));
  const bad2 = { ...d, runs: d.runs.map((r, i) => (i === 1 ? { ...r, label: 3 } : r)) };
  assert.throws(() => checkRheed(bad2), /label 3 not in \{0, 1, 2\}/);
  await assert.rejects(() => rheedQd.load({ size: 8 }), /size must be at least 16 pixels/);
});
