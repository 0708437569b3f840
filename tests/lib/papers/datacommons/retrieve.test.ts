import { test } from "node:test";
import assert from "node:assert/strict";
import { bm25, bestVariable, charTrigrams, makeScorer, SCORERS } from "../../../../lib/papers/datacommons/retrieve";
import { tinyStore } from "./fixture";

test("bm25: a 3-document hand case (k1 1.2, b 0.75)", () => {
  const docs = [["a", "b"], ["b", "c"], ["a", "a", "c"]];
  // idf(a) = ln(1 + 1.5/2.5) = ln 1.6; avgdl = 7/3; d1: ln1.6·2.2 / (1 + 1.2(0.25 + 0.75·2/(7/3)))
  const s = bm25(["a"], docs);
  assert.ok(Math.abs(s[0] - 0.4991762683) < 1e-9);
  assert.equal(s[1], 0);
  assert.ok(Math.abs(s[2] - 0.5981864372) < 1e-9);
  const s2 = bm25(["a", "c"], docs);
  assert.ok(Math.abs(s2[1] - 0.4991762683) < 1e-9);
  assert.ok(Math.abs(s2[2] - 1.0190036402) < 1e-9);
});

test("charTrigrams pads words with spaces", () => {
  assert.deepEqual(charTrigrams("Gdp"), [" gd", "gdp", "dp "]);
  assert.deepEqual(charTrigrams("a b"), [" a ", " b "]);
});

test("scorers: exact phrases score 1 everywhere; typos only survive char-3-grams; unknown names are errors", () => {
  const s = tinyStore();
  for (const name of ["keyword", "bm25", "tfidf"]) {
    const sc = makeScorer(name, s);
    const best = bestVariable(sc, s.variables, ["what", "is", "the", "life", "expectancy", "of"]);
    assert.equal(best?.variable.id, "LifeExpectancy_Person", name);
    assert.ok((best?.score ?? 0) > 0.99, `${name}: ${best?.score}`);
    const none = sc.score(["diabetes", "prevalence"]);
    assert.ok(Math.max(...none) < 0.3, `${name}: an unindexed metric scores low (${Math.max(...none)})`);
  }
  const typo = ["lfie", "expectancy"];
  const kw = bestVariable(makeScorer("keyword", s), s.variables, typo);
  const tf = bestVariable(makeScorer("tfidf", s), s.variables, typo);
  assert.ok((kw?.score ?? 0) <= 0.5);
  assert.equal(tf?.variable.id, "LifeExpectancy_Person");
  assert.ok((tf?.score ?? 0) > (kw?.score ?? 0));
  assert.throws(() => makeScorer("encoder", s), /needs a trained encoder/);
  assert.throws(() => makeScorer("magic", s), /unknown scorer "magic"/);
  assert.deepEqual([...SCORERS], ["keyword", "bm25", "tfidf", "encoder"]);
});

test("a scorer built on another store is refused (its scores would be misaligned)", () => {
  const s = tinyStore();
  const hidden = s.without(["Count_Person"]);
  assert.throws(() => bestVariable(makeScorer("tfidf", s), hidden.variables, ["life", "expectancy"]), /gave 7 scores for 6 variables/);
  assert.equal(bestVariable(makeScorer("tfidf", hidden), hidden.variables, ["life", "expectancy"])?.variable.id, "LifeExpectancy_Person");
});
