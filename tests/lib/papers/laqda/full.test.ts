import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { hasFullData, loadContrastNetSplit } from "../../../../lib/papers/laqda/full";

/** A tiny ContrastNet split: 2 train, 1 valid, 2 test classes (ids as strings, Clinc-style extra keys). */
function fixture(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "laqda-full-"));
  const w = (f: string, s: string) => fs.writeFileSync(path.join(dir, f), s);
  w("train.json", '{"sentence": "stocks fell", "label": "0"}\n{"label": "1", "sentence": "team won"}\n');
  w("valid.json", '{"sentence": "rain today", "label": "2", "global_ix": 7}\n');
  w("test.json", '{"sentence": "new phone", "label": "3"}\n\n{"sentence": "film review", "label": "4"}\n');
  w("labels.train.txt", "0\n1\n");
  w("labels.valid.txt", "2\n");
  w("labels.test.txt", "3\n4\n");
  w("label_names.json", JSON.stringify({ 0: "business", 1: "sports", 2: "weather", 3: "tech", 4: "entertainment" }));
  return dir;
}

test("ContrastNet split loader: texts, class ids → names, disjoint meta splits", () => {
  const dir = fixture();
  assert.ok(hasFullData(dir));
  const s = loadContrastNetSplit(dir, "toy");
  assert.deepEqual(s.texts, ["stocks fell", "team won", "rain today", "new phone", "film review"]);
  assert.deepEqual(s.labels, [0, 1, 2, 3, 4]);
  assert.deepEqual(s.labelNames, ["business", "sports", "weather", "tech", "entertainment"]);
  assert.deepEqual(s.splits, { train: [0, 1], val: [2], test: [3, 4] });
});

test("ContrastNet split loader: missing data names what to get; bad lines and unknown ids name the file", () => {
  assert.throws(() => loadContrastNetSplit(undefined), /no ContrastNet few-shot folder .*YvoGao\/LAQDA.*LAQDA_DATA_DIR/);
  const dir = fixture();
  fs.writeFileSync(path.join(dir, "test.json"), '{"sentence": "x", "label": 3}\n');
  assert.throws(() => loadContrastNetSplit(dir), /test\.json:1: expected a JSON object/);
  fs.writeFileSync(path.join(dir, "test.json"), '{"sentence": "x", "label": "9"}\n');
  assert.throws(() => loadContrastNetSplit(dir), /class id '9' has no entry/);
});
