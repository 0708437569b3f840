/**
 * LAQDA emoji-zh set: the card's counts (58 subgroups with ≥ 10 emoji, 1,414 texts), the group split, Chinese label
 * names for every class, character tokens, and the PPMI + SVD character vectors (deterministic, cover the texts).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { charTokens, emojiCharVectors, emojiZhSet, EMOJI_SPLIT } from "../../../../lib/papers/laqda/emoji";
import { encodeTexts } from "../../../../lib/papers/laqda/data";

test("emojiZhSet: 58 classes, 1,414 texts, split by top-level group, Chinese names, ≥ 10 texts a class", () => {
  const s = emojiZhSet();
  assert.equal(s.classes.length, 58);
  assert.equal(s.texts.length, 1414);
  const all = [...s.splits.train, ...s.splits.val, ...s.splits.test];
  assert.equal(new Set(all).size, 58, "splits disjoint and covering");
  for (const [split, groups] of Object.entries(EMOJI_SPLIT)) for (const c of s.splits[split as keyof typeof EMOJI_SPLIT]) assert.ok((groups as readonly string[]).includes(s.superTopic[c]), `${s.classes[c]} in ${split}`);
  assert.equal(s.classes[s.splits.test[0]], "face-smiling");
  for (const n of s.labelNames) assert.match(n, /^[\u4e00-\u9fff]+$/, `Chinese label name, got '${n}'`);
  for (let c = 0; c < 58; c++) assert.ok(s.labels.filter((l) => l === c).length >= 10, s.classes[c]);
  assert.deepEqual(charTokens("苦笑 冷汗 OK"), ["苦", "笑", "冷", "汗", "o", "k"]);
});

test("emojiCharVectors: deterministic PPMI + SVD vectors of the set's characters, covering most tokens", () => {
  const s = emojiZhSet();
  const a = emojiCharVectors(s, { dims: 16 }), b = emojiCharVectors(s, { dims: 16 });
  assert.deepEqual(a.vectors, b.vectors);
  assert.equal(a.vectors.length, a.words.length * 16);
  const tok = encodeTexts(s.texts, a, 24, s.tokenize);
  assert.ok(tok.coverage > 0.9, `coverage ${tok.coverage}`);
  assert.ok(tok.ids.some((x) => x > 0));
});
