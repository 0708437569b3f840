/**
 * The card's synthetic generator (lib/papers/laqda/synth.ts): the knobs do what the card says (α/β word sources,
 * M sub-modes, p_name), pools are stable across knob changes, splits by super-topic, deterministic bytes, bad
 * parameters name the fix. A made-up vocabulary keeps these tests independent of the shipped vectors (the registry
 * test pins the real default bytes).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { generateSynth, synthToBytes, SYNTH_TREE, type SynthParams } from "../../../../lib/papers/laqda/synth";
import { sha256 } from "../../../../datasets/checksum";

/** 3,000 distinct lower-case pseudo-words ("waab", "wbab", …). */
const VOCAB = Array.from({ length: 3000 }, (_, i) => "w" + [0, 1, 2].map((k) => String.fromCharCode(97 + (Math.floor(i / 26 ** k) % 26))).join(""));
const gen = (o: Partial<SynthParams>) => generateSynth({ perClass: 30, ...o }, VOCAB);
const words = (texts: readonly string[]) => new Set(texts.flatMap((t) => t.split(" ")));
const textsOf = (s: ReturnType<typeof gen>, c: number) => s.texts.filter((_, i) => s.labels[i] === c);

test("synth: 8 × 4 named classes, splits 5/1/2 super-topics, lengths in range, same seed → same bytes", () => {
  const s = gen({});
  assert.equal(s.classes.length, 32);
  assert.equal(s.texts.length, 32 * 30);
  assert.deepEqual(s.labelNames.slice(0, 4), [...SYNTH_TREE[0].classes]);
  assert.deepEqual(s.splits.val, [20, 21, 22, 23]);
  assert.deepEqual(s.splits.test, [24, 25, 26, 27, 28, 29, 30, 31]);
  assert.deepEqual(new Set(s.splits.test.map((c) => s.superTopic[c])), new Set(["law", "money"]));
  for (const t of s.texts) {
    const L = t.split(" ").length;
    assert.ok(L >= 8 && L <= 20, `length ${L}`);
  }
  assert.equal(sha256(synthToBytes(gen({}))), sha256(synthToBytes(s)));
  assert.notEqual(sha256(synthToBytes(gen({ seed: 1 }))), sha256(synthToBytes(s)));
});

test("synth: α = 1 draws only class/mode words (disjoint between classes; M modes of 8 + 5 words)", () => {
  const one = gen({ alpha: 1, beta: 0, pName: 0, modes: 1 });
  const w0 = words(textsOf(one, 0)), w1 = words(textsOf(one, 1));
  assert.equal(w0.size, 13, "one mode: round(0.6 · 13) = 8 pool words + 5 private");
  assert.equal([...w0].filter((w) => w1.has(w)).length, 0, "class pools do not overlap");
  const six = gen({ alpha: 1, beta: 0, pName: 0, modes: 6 });
  const w6 = words(textsOf(six, 0));
  assert.ok(w6.size > 13 + 5 * 3, `6 modes spread the class over more words (${w6.size})`);
});

test("synth: β = 1 draws only super-topic words, shared by the classes of a super-topic, unchanged by M", () => {
  const a = gen({ alpha: 0, beta: 1, pName: 0, modes: 1 }), b = gen({ alpha: 0, beta: 1, pName: 0, modes: 6 });
  const g0 = words([0, 1, 2, 3].flatMap((c) => textsOf(a, c)));
  assert.ok(g0.size <= 30);
  assert.deepEqual(words(textsOf(a, 0)), words(textsOf(a, 0)));
  const c0 = words(textsOf(a, 0)), c1 = words(textsOf(a, 1));
  assert.ok([...c0].filter((w) => c1.has(w)).length > 20, "classes of one super-topic share its words");
  assert.equal([...words(textsOf(a, 4))].filter((w) => c0.has(w)).length, 0, "other super-topics do not");
  assert.deepEqual(g0, words([0, 1, 2, 3].flatMap((c) => textsOf(b, c))), "M changes only the modes, not the super-topic pool");
});

test("synth: p_name sets how often a class's name words occur (0 → never, 1 → every text)", () => {
  const has = (s: ReturnType<typeof gen>, i: number) => s.labelNames[s.labels[i]].split(" ").some((w) => s.texts[i].split(" ").includes(w));
  const none = gen({ pName: 0 }), all = gen({ pName: 1 }), some = gen({ pName: 0.3 });
  assert.equal(none.texts.filter((_, i) => has(none, i)).length, 0);
  assert.equal(all.texts.filter((_, i) => has(all, i)).length, all.texts.length);
  const f = some.texts.filter((_, i) => has(some, i)).length / some.texts.length;
  assert.ok(f > 0.25 && f < 0.35, `p_name 0.3 → ${f.toFixed(3)}`);
});

test("synth: bad parameters name the problem and the fix", () => {
  assert.throws(() => gen({ alpha: 0.7, beta: 0.5 }), /α \+ β ≤ 1/);
  assert.throws(() => gen({ modes: 0 }), /integer M ≥ 1/);
  assert.throws(() => gen({ trainGroups: 7, valGroups: 1 }), /meta-test/);
  assert.throws(() => generateSynth({ nope: 1 } as Partial<SynthParams>, VOCAB), /unknown parameter 'nope'/);
  assert.throws(() => generateSynth({}, VOCAB.slice(0, 500)), /pools need \d+ distinct words, the vocabulary has 500/);
});
