/**
 * Brown genres as a LAQDA task set (lib/papers/laqda/data.ts `brownSet`): the card's 4-sentence chunks of one source
 * text, 15 named genres, its 7 / 3 / 5 class split, and episodes drawn from it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../../../lib/core/train/seed";
import { BROWN_SPLIT, brownSet, classIndex, sampleEpisode } from "../../../../lib/papers/laqda/data";
import { hasHardEpisodes } from "../../../../lib/papers/laqda/experiment";

test("brownSet: 4-sentence chunks (≥ 30 tokens) per genre, the card's split, genre names as label names", async () => {
  const s = await brownSet();
  assert.equal(s.texts.length, 13733, "chunks of the NLTK copy (card: ~13k)");
  const counts = s.classes.map((_, c) => s.labels.filter((l) => l === c).length);
  assert.equal(Math.min(...counts), counts[s.classes.indexOf("science_fiction")], "science fiction is the smallest genre");
  assert.equal(counts[s.classes.indexOf("science_fiction")], 217);
  for (const t of s.texts.slice(0, 200)) assert.ok(t.split(" ").length >= 30);
  assert.deepEqual(s.splits.test.map((c) => s.classes[c]), [...BROWN_SPLIT.test]);
  assert.deepEqual(s.splits.val.map((c) => s.classes[c]), [...BROWN_SPLIT.val]);
  const all = [...s.splits.train, ...s.splits.val, ...s.splits.test];
  assert.equal(new Set(all).size, 15);
  assert.equal(s.labelNames[s.classes.indexOf("belles_lettres")], "belles lettres");
  assert.ok(hasHardEpisodes(s, 5), "the five fiction genres share a super-topic");
  const ep = sampleEpisode(s, classIndex(s), s.splits.test, { N: 5, K: 1, Q: 10 }, new Rng(0));
  ep.query.forEach((t, i) => assert.equal(s.labels[t], ep.classes[ep.queryLabels[i]]));
  const small = await brownSet({ perClass: 50, seed: 1 });
  assert.equal(small.texts.length, 15 * 50);
  assert.deepEqual((await brownSet({ perClass: 50, seed: 1 })).texts, small.texts, "seeded subset");
});
