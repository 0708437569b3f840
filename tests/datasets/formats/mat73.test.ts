import * as assert from "node:assert/strict";
import { test } from "node:test";
import * as fs from "fs";
import * as path from "path";
import { reachTrials, readReachingMat } from "../../../datasets/formats/mat73";
import { assertRejectsDataset, tempDir } from "../helpers";
import { FIXTURE, writeReachingFixture } from "../mat73-fixture";

test("mat73: a v7.3 session (written by h5wasm) resolves the spike references and bins them per channel into [T, C]", async () => {
  const file = path.join(tempDir("paperlab-mat73-"), "indy_20160407_02.mat");
  await writeReachingFixture(file);
  const s = await readReachingMat(file, { binMs: 20 });
  assert.deepEqual([s.S, s.C, s.U, s.T], [1000, 3, 2, 200]); // T = ⌊(4.996 − 1) / 0.02⌋ + 1
  assert.deepEqual(s.chanNames, FIXTURE.chanNames);
  const at = (b: number, c: number) => s.counts[b * s.C + c];
  assert.deepEqual([at(0, 0), at(1, 0), at(125, 0), at(50, 1), at(199, 2)], [2, 2, 1, 1, 1]);
  assert.equal(s.counts.reduce((a, b) => a + b, 0), 7, "the spike before t[0] is dropped, all others counted once");
  assert.deepEqual([s.target[2 * 250], s.target[2 * 500 + 1]], [10, -7]);
  assert.deepEqual([s.targetBinned[2 * 50], s.targetBinned[2 * 49]], [10, 0]); // bin 50 starts at sample 250 (t = 2 s)
  const sorted = await readReachingMat(file, { binMs: 20, sortedOnly: true });
  assert.deepEqual([sorted.counts[0], sorted.counts[1 * 3], sorted.counts.reduce((a, b) => a + b, 0)], [0, 1, 2]);
  const coarse = await readReachingMat(file, { binMs: 100 });
  assert.deepEqual([coarse.T, coarse.counts[0]], [40, 4]);
});

test("mat73: reach trials cut at target changes, 8 direction sectors, windows off the end skipped", async () => {
  const file = path.join(tempDir("paperlab-mat73-"), "s.mat");
  await writeReachingFixture(file);
  const r = reachTrials(await readReachingMat(file, { binMs: 20 }));
  assert.deepEqual([r.n, r.T, r.C], [2, 50, 3]);
  assert.deepEqual(Array.from(r.onset), [50, 100]);
  assert.deepEqual(Array.from(r.labels), [0, 5]); // (10, 0) → 0°; (−7, −7) → 225°; the change at 4.5 s runs past the end
  assert.equal(r.counts[10 * 3 + 1], 1); // trial 0 = bins 40..89: channel 1's spike at 2.005 s is bin 50
  assert.equal(r.counts[50 * 3 + 35 * 3 + 0], 1); // trial 1 = bins 90..139: channel 0's spike at 3.51 s is bin 125
  assert.equal(r.counts.reduce((a, b) => a + b, 0), 2);
});

test("mat73: a non-HDF5 file, a v5 .mat, a missing field, a wrong shape and a non-cell spikes name the file and field", async () => {
  const d = tempDir("paperlab-mat73-bad-");
  const text = path.join(d, "text.mat");
  fs.writeFileSync(text, "not a mat file at all");
  await assertRejectsDataset(readReachingMat(text), "mat-format", "text.mat");
  const v5 = path.join(d, "v5.mat");
  fs.writeFileSync(v5, Buffer.concat([Buffer.from("MATLAB 5.0 MAT-file"), Buffer.alloc(200)]));
  assert.match((await assertRejectsDataset(readReachingMat(v5), "mat-format", "v5.mat")).message, /v5 \.mat, not v7\.3/);
  await assertRejectsDataset(readReachingMat(path.join(d, "none.mat")), "missing", "none.mat");
  const cases: [string, Parameters<typeof writeReachingFixture>[1], RegExp][] = [
    ["omit.mat", { omit: ["target_pos"] }, /field 'target_pos': not found/],
    ["shape.mat", { numeric: { cursor_pos: { data: new Array(3000).fill(0), shape: [3, 1000] } } }, /field 'cursor_pos': must be \[S × 2\]/],
    ["cell.mat", { numeric: { spikes: { data: [1, 2, 3, 4, 5, 6], shape: [2, 3] } } }, /field 'spikes': must be a cell array/],
    ["t.mat", { numeric: { t: { data: [1, 2, 2], shape: [1, 3] } } }, /field 't': must increase/],
  ];
  for (const [name, changes, re] of cases) {
    const f = path.join(d, name);
    await writeReachingFixture(f, changes);
    assert.match((await assertRejectsDataset(readReachingMat(f), "mat-field", name)).message, re);
  }
});
