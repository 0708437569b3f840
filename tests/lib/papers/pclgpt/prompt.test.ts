import { test } from "node:test";
import assert from "node:assert/strict";
import { Tokenizer } from "../../../../lib/llm/tokenizer";
import { gradeIndex, parseAnswer, promptIds, promptText, promptVocabulary, VERBALIZERS } from "../../../../lib/papers/pclgpt/prompt";
import { adjacentErrorShare, macroScores } from "../../../../lib/papers/pclgpt/metrics";

const tok = Tokenizer.fit(["the interns meet on tuesday ."], { mode: "word", maxVocab: 60, specials: [...VERBALIZERS.en], include: promptVocabulary("en") });

test("prompt: definition, optional TII, text, question, <sep>; the verbalizers are single tokens", () => {
  const full = promptText("en", "the interns meet on tuesday .", { definition: true, tii: 2 });
  assert.match(full, /^patronizing text .* tone : moderate \. the interns .* answer TRUE or FALSE <sep>$/);
  const bare = promptText("en", "the interns meet .", { definition: false, tii: null });
  assert.ok(!bare.includes("patronizing") && !bare.includes("tone"));
  const ids = promptIds(tok, "en", "the interns meet on tuesday .", { definition: true, tii: null }, 64);
  assert.equal(ids[0], tok.bosId);
  assert.equal(ids[ids.length - 1], tok.sepId);
  assert.ok(ids.includes(tok.id("TRUE")) && ids.includes(tok.id("FALSE")), "the question names both verbalizers");
  assert.throws(() => promptIds(tok, "en", "the interns meet .", { definition: true, tii: null }, 8), /past the context of 8/);
});

test("parse: TRUE inside the prompt is no prediction; only the continuation is read", () => {
  const prompt = tok.decode(promptIds(tok, "en", "the interns meet on tuesday .", { definition: true, tii: null }, 64));
  // the README snippet parses prompt + continuation and so always finds TRUE (card §8)
  assert.equal(parseAnswer("en", prompt + " FALSE"), 1);
  assert.equal(parseAnswer("en", "FALSE"), 0);
  assert.equal(parseAnswer("en", "TRUE <eos>"), 1);
  assert.equal(parseAnswer("en", "the interns"), null);
  assert.equal(parseAnswer("cn", "答：C"), 2);
  assert.equal(parseAnswer("cn", "B……D"), 3, "CN takes the last A–D letter");
  assert.equal(parseAnswer("cn", "不知道"), null);
});

test("grades: A–D and 0–3; anything else is named", () => {
  assert.equal(gradeIndex("c"), 2);
  assert.equal(gradeIndex(3), 3);
  assert.throws(() => gradeIndex("E", " in row 4"), /unknown grade 'E' in row 4; use A, B, C or D/);
});

test("macro-F1 on a crafted case, and the adjacent-error share", () => {
  // truth 1 1 0 0 0 0, pred 1 0 0 0 0 1: class 1 P 1/2 R 1/2 F1 1/2; class 0 P 3/4 R 3/4 F1 3/4
  const s = macroScores([1, 1, 0, 0, 0, 0], [1, 0, 0, 0, 0, 1]);
  assert.ok(Math.abs(s.f1 - 62.5) < 1e-9 && Math.abs(s.p - 62.5) < 1e-9 && Math.abs(s.r - 62.5) < 1e-9);
  // all-negative predictions on a 10 % positive set: F1 = (2·0.9/1.9 + 0)/2
  const t = Array.from({ length: 100 }, (_, i) => (i < 10 ? 1 : 0));
  assert.ok(Math.abs(macroScores(t, new Array(100).fill(0)).f1 - 100 * (0.9 / 1.9)) < 1e-9);
  assert.equal(adjacentErrorShare([[5, 1, 0, 1], [0, 5, 2, 0], [0, 0, 5, 0], [0, 0, 1, 5]]), 4 / 5);
});
