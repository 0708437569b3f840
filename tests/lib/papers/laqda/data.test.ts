import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../../../lib/core/train/seed";
import { classIndex, encodeTexts, episodeNames, randomNames, sampleEpisode, wordnetSet, WORDNET_SPLIT, type TextSet } from "../../../../lib/papers/laqda/data";

/** 6 classes (3 "a", 3 "b" super-topic), class c has 4 + c texts. */
function tiny(): TextSet {
  const texts: string[] = [], labels: number[] = [];
  for (let c = 0; c < 6; c++) for (let i = 0; i < 4 + c; i++) (texts.push(`w${c} t${i}`), labels.push(c));
  return {
    name: "tiny", texts, labels, classes: ["c0", "c1", "c2", "c3", "c4", "c5"], labelNames: ["n0", "n1", "n2", "n3", "n4", ""],
    superTopic: ["a", "a", "a", "b", "b", "b"], splits: { train: [0, 1, 2, 3, 4, 5], val: [], test: [0, 1, 2, 3, 4, 5] },
  };
}

test("sampler: N distinct classes, K supports then Q queries per class, class by class, disjoint and of the right class", () => {
  const set = tiny(), by = classIndex(set), rng = new Rng(1);
  for (let e = 0; e < 50; e++) {
    const ep = sampleEpisode(set, by, set.splits.train, { N: 3, K: 1, Q: 2 }, rng);
    assert.equal(new Set(ep.classes).size, 3);
    assert.equal(ep.support.length, 3);
    assert.equal(ep.query.length, 6);
    assert.equal(new Set([...ep.support, ...ep.query]).size, 9, "no text twice");
    ep.support.forEach((t, i) => assert.equal(set.labels[t], ep.classes[i]));
    ep.query.forEach((t, i) => assert.equal(set.labels[t], ep.classes[ep.queryLabels[i]]));
    assert.deepEqual(ep.queryLabels, [0, 0, 1, 1, 2, 2]);
  }
  const hard = sampleEpisode(set, by, set.splits.train, { N: 3, K: 1, Q: 1, sameSuperTopic: true }, rng);
  assert.equal(new Set(hard.classes.map((c) => set.superTopic[c])).size, 1);
  const imb = sampleEpisode(set, by, [3, 4, 5], { N: 3, K: 1, Q: [1, 6] }, new Rng(4));
  const counts = [0, 1, 2].map((n) => imb.queryLabels.filter((y) => y === n).length);
  assert.ok(counts.every((q) => q >= 1 && q <= 6));
  assert.deepEqual(sampleEpisode(set, by, set.splits.train, { N: 3, K: 2, Q: 2 }, new Rng(9)), sampleEpisode(set, by, set.splits.train, { N: 3, K: 2, Q: 2 }, new Rng(9)), "seeded");
});

test("sampler and names: errors name the class and count, the split size, the unnamed class", () => {
  const set = tiny(), by = classIndex(set);
  assert.throws(() => sampleEpisode(set, by, [0, 1, 2], { N: 3, K: 2, Q: 3 }, new Rng(0)), /class 'c0' has 4 texts, an episode needs K \+ Q = 2 \+ 3 = 5/);
  assert.throws(() => sampleEpisode(set, by, [0, 1], { N: 3, K: 1, Q: 1 }, new Rng(0)), /3-way episodes need 3 classes, the tiny split has 2/);
  assert.throws(() => sampleEpisode(set, by, [0, 1, 3, 4], { N: 3, K: 1, Q: 1, sameSuperTopic: true }, new Rng(0)), /no super-topic/);
  const ep = sampleEpisode(set, by, [3, 4, 5], { N: 3, K: 1, Q: 1 }, new Rng(0));
  assert.throws(() => episodeNames(set, ep), /class 'c5' of tiny has no label name/);
  const names = randomNames(set, { words: ["x", "y", "z", "u"] }, 0);
  assert.equal(names.length, 6);
  assert.ok(names.every((n) => n.split(" ").length === 2));
});

test("encodeTexts: ids = vocabulary row + 1, unknown words dropped, zero padding, coverage", () => {
  const index = new Map([["dog", 0], ["runs", 1]]);
  const t = encodeTexts(["The dog runs, dog!", "nothing here"], { index }, 3);
  assert.deepEqual(Array.from(t.ids), [1, 2, 1, 0, 0, 0]);
  assert.equal(t.coverage, 3 / 6);
});

test("wordnetSet: 41 noun/verb lexname classes, disjoint splits (23/5/13), names 'noun animal', ≤ perClass texts", async () => {
  const set = await wordnetSet({ perClass: 50 });
  assert.equal(set.classes.length, 41);
  assert.deepEqual([set.splits.train.length, set.splits.val.length, set.splits.test.length], [23, 5, 13]);
  const all = [...set.splits.train, ...set.splits.val, ...set.splits.test];
  assert.equal(new Set(all).size, 41);
  assert.equal(set.labelNames[set.classes.indexOf("noun.animal")], "noun animal");
  assert.deepEqual(set.splits.test.map((c) => set.classes[c]), [...WORDNET_SPLIT.test]);
  const counts = classIndex(set).map((x) => x.length);
  assert.ok(counts.every((c) => c <= 50 && c >= 40), `counts ${counts}`);
  assert.equal(set.texts.length, counts.reduce((a, b) => a + b, 0));
});
