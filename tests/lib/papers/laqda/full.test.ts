import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CODE_LABEL_NAMES, codeLabelNames, featureInputs, hasFullData, loadBertFeatures, loadContrastNetSplit, loadFullInputs } from "../../../../lib/papers/laqda/full";
import { runLaqda } from "../../../../lib/papers/laqda/experiment";
import { SCALES } from "../../../../lib/papers/laqda/config";
import { laqdaMessages } from "../../../../lib/papers/laqda/messages";
import { initBackend } from "../../../../lib/core/backend";
import { Rng } from "../../../../lib/core/train/seed";
import { writeNpy } from "../../../../datasets/formats/npy";

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
  assert.throws(() => loadContrastNetSplit(dir), /class id '9' has no label name/);
});

test("the code's id → name maps ship as JSON: sizes of get_label_dict, the hand-edited strings, found from the folder path", () => {
  const sizes = Object.fromEntries(Object.entries(CODE_LABEL_NAMES).map(([k, m]) => [k, Object.keys(m).length]));
  assert.deepEqual(sizes, { HuffPost: 41, Amazon: 24, Reuters: 31, "20News": 20, banking77: 77, hwu64: 64, liu: 54, clinc150: 150 });
  assert.equal(CODE_LABEL_NAMES["20News"]["5"], "science  encryption  encrypt secret");
  assert.equal(CODE_LABEL_NAMES.HuffPost["39"], "culture and arts");
  assert.equal(CODE_LABEL_NAMES.banking77["57"], "failed transfer");
  for (const m of Object.values(CODE_LABEL_NAMES)) assert.deepEqual(Object.keys(m), Object.keys(m).map((_, i) => String(i)), "ids 0..n−1");
  assert.equal(codeLabelNames(path.join("data", "huffpost", "few_shot", "01"))?.["0"], "politics");
  assert.equal(codeLabelNames("somewhere/else"), undefined);
  // a split without label_names.json takes the code's map from its path
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "laqda-code-names-"));
  const dir = path.join(root, "Reuters", "few_shot", "01");
  fs.mkdirSync(dir, { recursive: true });
  const src = fixture();
  for (const f of ["train.json", "valid.json", "test.json", "labels.train.txt", "labels.valid.txt", "labels.test.txt"]) fs.copyFileSync(path.join(src, f), path.join(dir, f));
  assert.deepEqual(loadContrastNetSplit(dir).labelNames, ["acquisition", "aluminium", "trade deficit", "cocoa", "coffee"]);
  const bare = path.join(root, "mine");
  fs.mkdirSync(bare);
  for (const f of ["train.json", "valid.json", "test.json", "labels.train.txt", "labels.valid.txt", "labels.test.txt"]) fs.copyFileSync(path.join(src, f), path.join(bare, f));
  assert.throws(() => loadContrastNetSplit(bare), /no label names for .*label_names\.json.*HuffPost/);
  assert.equal(loadContrastNetSplit(bare, "x", "clinc150").labelNames[0], "transfer");
});

test("pre-extracted BERT features: [lines, D] or [lines, T, D] per file, checked against the split; missing files name what to export", () => {
  const dir = fixture();
  const set = loadContrastNetSplit(dir);
  assert.throws(() => loadBertFeatures(dir, set), /bert\/train\.npy.*not found.*official code's BERT.*numpy\.save/);
  fs.mkdirSync(path.join(dir, "bert"));
  const rows = { train: 2, valid: 1, test: 2 };
  let v = 0;
  for (const [f, n] of Object.entries(rows)) writeNpy(path.join(dir, "bert", `${f}.npy`), Float32Array.from({ length: n * 3 * 4 }, () => v++), [n, 3, 4]);
  const b = loadBertFeatures(dir, set);
  assert.deepEqual([b.n, b.T, b.D, ...b.rows], [5, 3, 4, 2, 1, 2]);
  assert.equal(b.states[2 * 12], 24, "valid rows follow the train rows");
  assert.equal(b.states[5 * 12 - 1], 59);
  writeNpy(path.join(dir, "bert", "test.npy"), new Float32Array(3 * 3 * 4), [3, 3, 4]);
  assert.throws(() => loadBertFeatures(dir, set), /2 \+ 1 \+ 3 = 6 rows, expected one row per text .* \(5\)/);
  writeNpy(path.join(dir, "bert", "test.npy"), new Float32Array(2 * 5), [2, 5]);
  assert.throws(() => loadBertFeatures(dir, set), /test\.npy has T 1, D 5, expected the T 3, D 4/);
  writeNpy(path.join(dir, "bert", "train.npy"), new Int32Array(2 * 4), [2, 4]);
  assert.throws(() => loadBertFeatures(dir, set), /train\.npy has dtype <i4/);
});

test("BERT features feed the model: text i's states are its tokens, names' states feed the adapter, the whole grid runs", async () => {
  await initBackend();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "laqda-bert-"));
  const w = (f: string, s: string) => fs.writeFileSync(path.join(dir, f), s);
  const line = (c: number, i: number) => JSON.stringify({ sentence: `text ${c} ${i}`, label: String(c) });
  const per = 4, byFile = { train: [0, 1, 2], valid: [3], test: [4, 5, 6] };
  for (const [f, cs] of Object.entries(byFile)) {
    w(`${f}.json`, cs.flatMap((c) => Array.from({ length: per }, (_, i) => line(c, i))).join("\n") + "\n");
    w(`labels.${f}.txt`, cs.join("\n") + "\n");
  }
  w("label_names.json", JSON.stringify(Object.fromEntries([0, 1, 2, 3, 4, 5, 6].map((c) => [c, `class ${c}`]))));
  const set = loadContrastNetSplit(dir);
  assert.throws(() => loadFullInputs(path.join(dir, "nowhere")), /no ContrastNet few-shot folder/);
  assert.equal(loadFullInputs(dir).features, undefined, "no bert/ folder: word vectors");
  fs.mkdirSync(path.join(dir, "bert"));
  const T = 3, D = 8, rng = new Rng(5);
  // class c's token states lean on axis c: learnable, seeded
  for (const [f, cs] of Object.entries(byFile)) {
    const rows = cs.flatMap((c) => Array.from({ length: per }, () => c));
    writeNpy(path.join(dir, "bert", `${f}.npy`), Float32Array.from({ length: rows.length * T * D }, (_, k) => (k % D === rows[Math.floor(k / (T * D))] ? 1 : 0) + 0.3 * rng.normal()), [rows.length, T, D]);
  }
  const cfg = SCALES.config("smoke", { N: 2, shots: [1], Q: 2, steps: 3, testEpisodes: 3, model: { heads: 2, ffn: 8, maxLen: 4 }, sweepR: [1, 2], sweepEps: [0.05], imbalancedQ: [1, 2], clsRow: false });
  const noNames = loadFullInputs(dir);
  assert.equal(noNames.features?.names, undefined);
  await assert.rejects(runLaqda(cfg, () => undefined, set, noNames.features), { message: laqdaMessages.noNameFeatures() });
  writeNpy(path.join(dir, "bert", "label_names.npy"), Float32Array.from({ length: 7 * 2 * D }, (_, k) => (k % D === Math.floor(k / (2 * D)) ? 1 : 0)), [7, 2, D]);
  const { features } = loadFullInputs(dir);
  assert.ok(features?.names);
  const f = featureInputs(features, 4);
  assert.deepEqual([f.dims, f.tok.maxLen, f.nameTok?.maxLen], [D, T, 2]);
  assert.deepEqual([...f.tok.ids.subarray(T, 2 * T)], [4, 5, 6], "text 1 → table rows 3..5 (+1: 0 is padding)");
  assert.equal(f.vectors[(28 * T) * D + 0], 1, "names follow the 28 texts' states");
  const r = await runLaqda(cfg, () => undefined, set, features);
  const methods = new Set(r.main.map((x) => x.method));
  for (const m of ["PN", "PN+LA", "LA+OT", "LA+topR"]) assert.ok(methods.has(m), m);
  assert.ok(!methods.has("LA (random names)"), "no words in a BERT table: the random-name control is skipped");
  for (const x of r.main) assert.ok(Number.isFinite(x.acc) && x.acc >= 0 && x.acc <= 1, `${x.method}: ${x.acc}`);
});
