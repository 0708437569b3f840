import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../../lib/core/train/seed";
import { stratifiedIndices, stratifiedSplit } from "../../../lib/kit";

// 10 classes with 7..16 samples each, interleaved.
const labels: number[] = [];
for (let r = 0; r < 16; r++) for (let c = 0; c < 10; c++) if (r < 7 + c) labels.push(c);

const counts = (idx: number[]) => Array.from({ length: 10 }, (_, c) => idx.filter((i) => labels[i] === c).length);

test("stratifiedSplit: disjoint subsets, ⌊n/10⌋ per class (+1 for the first n mod 10 classes), seeded", () => {
  const [a, b] = stratifiedSplit(labels, [43, 20], new Rng(1));
  assert.equal(a.length, 43);
  assert.equal(b.length, 20);
  assert.deepEqual(counts(a), [5, 5, 5, 4, 4, 4, 4, 4, 4, 4]);
  assert.deepEqual(counts(b), [2, 2, 2, 2, 2, 2, 2, 2, 2, 2]);
  assert.equal(new Set([...a, ...b]).size, 63, "no index in both subsets");
  assert.deepEqual(stratifiedSplit(labels, [43, 20], new Rng(1)), [a, b], "same seed, same subsets");
  assert.notDeepEqual(stratifiedSplit(labels, [43, 20], new Rng(2))[0], a, "another seed, another subset");
  assert.notDeepEqual([...a].sort((x, y) => x - y), a, "shuffled, not in index order");
});

test("stratifiedIndices is the one-subset case, and its draws are the pilots' (shuffle per class, then the subset)", () => {
  const r1 = new Rng(5), r2 = new Rng(5);
  const got = stratifiedIndices(labels, 30, r1);
  // the pilots' recipe, written out
  const byClass: number[][] = Array.from({ length: 10 }, () => []);
  labels.forEach((c, i) => byClass[c].push(i));
  const want: number[] = [];
  byClass.forEach((idx) => { r2.shuffle(idx); want.push(...idx.slice(0, 3)); });
  assert.deepEqual(got, r2.shuffle(want));
});

test("stratifiedSplit: too few samples in a class, or a label out of range, say what to do", () => {
  assert.throws(() => stratifiedSplit(labels, [60, 20], new Rng(0)), /class 0 has 7 samples but subsets of sizes 60 \+ 20 need 8; ask for fewer/);
  assert.throws(() => stratifiedSplit([0, 1, 12], [2], new Rng(0)), /label 2 is 12, not a class index in 0\.\.9/);
});
