import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { test } from "node:test";
import { digitsFile, loadDigits } from "../../../datasets/entries/digits";
import { assertRejectsDataset, tempDir } from "../helpers";

test("digits (shipped): 1797 images 8x8, values 0..16, first row is a 0", async () => {
  const d = await loadDigits();
  assert.equal(d.n, 1797);
  assert.equal(d.images.length, 1797 * 64);
  assert.ok(d.images.every((v) => v <= 16));
  assert.equal(d.labels[0], 0);
  assert.deepEqual(Array.from(d.images.subarray(0, 8)), [0, 0, 5, 13, 9, 1, 0, 0]);
});

test("digits: a malformed CSV row names file:line; an out-of-range pixel names line:column", async () => {
  const lines = zlib.gunzipSync(fs.readFileSync(digitsFile())).toString("utf8").split("\n");
  const dir = tempDir();
  const f1 = path.join(dir, "short.csv");
  lines[41] = lines[41].split(",").slice(0, 60).join(",");
  fs.writeFileSync(f1, lines.join("\n"));
  const e = await assertRejectsDataset(loadDigits({ file: f1 }), "csv-columns", `${f1}:42`);
  assert.match(e.message, /row has 60 fields, expected 65/);
  const lines2 = zlib.gunzipSync(fs.readFileSync(digitsFile())).toString("utf8").split("\n");
  const row = lines2[9].split(",");
  row[3] = "17";
  lines2[9] = row.join(",");
  const f2 = path.join(dir, "range.csv");
  fs.writeFileSync(f2, lines2.join("\n"));
  await assertRejectsDataset(loadDigits({ file: f2 }), "invariant", `${f2}:10:4`);
});

test("digits: errors in a file of yours advise re-exporting it, not restoring a shipped file with git", async () => {
  const dir = tempDir();
  const f = path.join(dir, "mine.csv");
  fs.writeFileSync(f, "1,2,3\n4,5\n");
  const e = await assertRejectsDataset(loadDigits({ file: f }), "csv-columns", f);
  assert.doesNotMatch(e.fix, /git checkout/);
  assert.match(e.fix, /your/);
  // a missing file of yours: git cannot restore it either
  const shipped = await assertRejectsDataset(loadDigits({ file: path.join(dir, "absent.csv") }), "missing");
  assert.doesNotMatch(shipped.fix, /git checkout/);
});
