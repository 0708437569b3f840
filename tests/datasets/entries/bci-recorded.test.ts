import * as assert from "node:assert/strict";
import { test } from "node:test";
import * as fs from "fs";
import * as path from "path";
import { bciRecorded, loadBciRecorded } from "../../../datasets/entries/bci-recorded";
import { assertDatasetError, tempDir } from "../helpers";

const FIXTURES = path.join(__dirname, "..", "..", "..", "..", "tests", "fixtures", "datasets", "bci-recorded");

function copyFixture(): string {
  const d = tempDir("paperlab-bci-rec-");
  for (const f of fs.readdirSync(FIXTURES)) fs.copyFileSync(path.join(FIXTURES, f), path.join(d, f));
  return d;
}

test("bci-recorded: the canonical layout loads (counts [N, T, C], labels, days, meta) and prepare copies it into the cache", async () => {
  const r = await bciRecorded.load({ dir: FIXTURES });
  assert.deepEqual([r.n, r.T, r.C, r.K], [12, 5, 4, 4]);
  assert.deepEqual([...new Set(r.day)], [3, 5, 9]);
  assert.equal(r.meta.binMs, 20);
  const cache = tempDir("paperlab-bci-cache-");
  const saved = process.env.PAPERLAB_DATA;
  process.env.PAPERLAB_DATA = cache;
  try {
    assert.equal(bciRecorded.status().available, false);
    const out = await bciRecorded.prepare!(FIXTURES);
    assert.ok(fs.existsSync(path.join(out, "spikes.npy")));
    assert.equal(bciRecorded.status().available, true);
    assert.match((await bciRecorded.verify()).checks[0], /12 trials x T=5 x C=4, K=4, 3 days/);
  } finally {
    if (saved === undefined) delete process.env.PAPERLAB_DATA; else process.env.PAPERLAB_DATA = saved;
  }
});

test("bci-recorded: a missing file, a bad meta field, mismatched lengths and out-of-range labels name the file and field", () => {
  const d = copyFixture();
  fs.unlinkSync(path.join(d, "day.npy"));
  assertDatasetError(() => loadBciRecorded(d), "missing", "day.npy");
  const e = copyFixture();
  fs.writeFileSync(path.join(e, "meta.json"), JSON.stringify({ binMs: "20" }));
  assert.match(assertDatasetError(() => loadBciRecorded(e), "bci-meta", "meta.json").message, /field 'binMs'/);
  const f = copyFixture();
  fs.copyFileSync(path.join(FIXTURES, "spikes.npy"), path.join(f, "labels.npy"));
  assert.match(assertDatasetError(() => loadBciRecorded(f), "bci-shape", "labels.npy").message, /must be \[N\] = \[12\]/);
  const g = copyFixture();
  fs.writeFileSync(path.join(g, "meta.json"), JSON.stringify({ binMs: 20, classes: ["a", "b"] }));
  assert.match(assertDatasetError(() => loadBciRecorded(g), "bci-values", "labels.npy").message, /0\.\.1/);
});
