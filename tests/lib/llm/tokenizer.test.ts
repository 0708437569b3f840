import { test } from "node:test";
import assert from "node:assert/strict";
import { Tokenizer, BASE_SPECIALS } from "../../../lib/llm/tokenizer";

const corpus = ["The cat sat on the mat.", "The dog's bone, the cat's toy!", "A cat and a dog."];

test("Tokenizer word mode: specials first, then pieces by frequency; round trip on covered text", () => {
  const tok = Tokenizer.fit(corpus, { mode: "word", maxVocab: 40, specials: ["TRUE", "FALSE"] });
  assert.deepEqual(tok.vocab.slice(0, 7), [...BASE_SPECIALS, "TRUE", "FALSE"]);
  assert.equal(tok.vocab[7], "the", "most frequent word first after the specials");
  const text = "The cat's toy <sep> TRUE";
  const ids = tok.encode(text, { bos: true });
  assert.equal(ids[0], tok.bosId);
  assert.ok(ids.includes(tok.sepId) && ids.includes(tok.id("TRUE")));
  assert.equal(tok.decode(ids.slice(1)), "the cat's toy <sep> TRUE");
  assert.equal(tok.decode(ids.slice(1)), tok.normalize(text));
  assert.equal(tok.encode("true")[0], tok.unkId, "lower-case true is a (here unknown) word, not the verbalizer");
  assert.notEqual(tok.encode("TRUE")[0], tok.encode("true")[0]);
});

test("Tokenizer: unknown pieces map to <unk>; coverage counts them; maxVocab truncates", () => {
  const tok = Tokenizer.fit(corpus, { mode: "word", maxVocab: BASE_SPECIALS.length + 3 });
  assert.equal(tok.size, 8);
  const ids = tok.encode("zebra the");
  assert.equal(ids[0], tok.unkId);
  assert.equal(tok.coverage(["zebra the"]), 0.5);
  assert.throws(() => tok.id("zebra", "verbalizer"), /verbalizer 'zebra' is not in the vocabulary/);
});

test("Tokenizer char mode (Chinese): code points, whitespace dropped, specials whole; JSON round trip", () => {
  const tok = Tokenizer.fit(["新人 学习", "实习生学习"], { mode: "char", maxVocab: 30, specials: ["A", "B", "C", "D"] });
  const ids = tok.encode("新人学习<sep>B");
  assert.equal(ids.length, 6);
  assert.equal(tok.decode(ids), "新人学习<sep>B");
  const back = Tokenizer.fromJSON(JSON.parse(JSON.stringify(tok.toJSON())));
  assert.deepEqual(back.encode("实习生<sep>D"), tok.encode("实习生<sep>D"));
  assert.throws(() => Tokenizer.fromJSON({ mode: "char", vocab: ["x"], specials: 5 }), /base specials/);
});

test("Tokenizer errors: empty corpus, too small a vocabulary, duplicated special", () => {
  assert.throws(() => Tokenizer.fit(["  "], { mode: "word", maxVocab: 10 }), /no tokens/);
  assert.throws(() => Tokenizer.fit(corpus, { mode: "word", maxVocab: 5 }), /raise maxVocab/);
  assert.throws(() => Tokenizer.fit(corpus, { mode: "word", maxVocab: 50, specials: ["<sep>"] }), /listed twice/);
});
