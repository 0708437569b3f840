import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { disposeBatch, loadCifarGray, loadListOps, mqarSamples, toBatch } from "../../../../lib/papers/metala/data";

test("MQAR batches score only query positions, whose labels are values; forgetting flags the updated keys", () => {
  const task = { vocabSize: 64, seqLen: 32, numKvPairs: 4, numUpdates: 0 };
  const b = toBatch(mqarSamples(task, 8, 5));
  assert.deepEqual(b.ids.shape, [8, 32]);
  assert.equal(b.labelValues.length, 8 * 4, "kv queries per example");
  const ids = b.ids.dataSync();
  const pos = b.positions.dataSync();
  pos.forEach((p, i) => {
    assert.ok(ids[p] >= 1 && ids[p] < 32, "a query is a key token");
    assert.ok(b.labelValues[i] >= 32 && b.labelValues[i] < 64, "its label is a value");
  });
  disposeBatch(b);
  const f = toBatch(mqarSamples({ ...task, seqLen: 48, numUpdates: 2 }, 8, 5));
  assert.equal(f.updated.reduce((a, x) => a + x, 0), 16, "2 updated keys per example are queried");
  disposeBatch(f);
  const a1 = mqarSamples(task, 4, 9), a2 = mqarSamples(task, 4, 9);
  assert.deepEqual(a1.inputs, a2.inputs, "seeded");
});

test("LRA ListOps loader: tokenises, pads, and names the problem in bad files", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "metala-lra-"));
  const f = path.join(dir, "basic_test.tsv");
  fs.writeFileSync(f, "Source\tTarget\n( ( ( [MAX 2 9 ) 1 ) ] )\t9\n[SM 1 2 ]\t3\n");
  const s = loadListOps(f, 16);
  assert.equal(s.n, 2);
  assert.deepEqual(Array.from(s.labels), [9, 3]);
  assert.deepEqual(Array.from(s.ids.slice(16, 21)), [14, 2, 3, 15, 0]);
  assert.throws(() => loadListOps(path.join(dir, "missing.tsv")), /not found; download lra_release/);
  fs.writeFileSync(f, "a\tb\n");
  assert.throws(() => loadListOps(f), /expected the header 'Source\\tTarget'/);
  fs.writeFileSync(f, "Source\tTarget\n[FOO 1 ]\t1\n");
  assert.throws(() => loadListOps(f), /line 2: unknown token '\[FOO'/);
});

test("LRA Image loader: grayscale CIFAR records, size checked", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "metala-cifar-"));
  const rec = Buffer.alloc(3073);
  rec[0] = 7;
  rec.fill(100, 1, 1025); // R
  rec.fill(200, 1025, 2049); // G
  rec.fill(50, 2049, 3073); // B
  fs.writeFileSync(path.join(dir, "test_batch.bin"), Buffer.concat([rec, rec]));
  const s = loadCifarGray(dir, ["test_batch.bin"]);
  assert.equal(s.n, 2);
  assert.equal(s.labels[1], 7);
  assert.equal(s.ids[5], Math.round(0.299 * 100 + 0.587 * 200 + 0.114 * 50));
  fs.writeFileSync(path.join(dir, "bad.bin"), Buffer.alloc(10));
  assert.throws(() => loadCifarGray(dir, ["bad.bin"]), /not a multiple of 3073/);
  assert.throws(() => loadCifarGray(dir, ["nope.bin"]), /not found; download cifar-10-binary/);
});
