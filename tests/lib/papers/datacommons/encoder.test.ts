import { test } from "node:test";
import assert from "node:assert/strict";
import { augmentPhrase, hashedTrigrams, trainEncoder } from "../../../../lib/papers/datacommons/encoder";
import { REWORDINGS } from "../../../../lib/papers/datacommons/data";
import { bestVariable, makeScorer } from "../../../../lib/papers/datacommons/retrieve";
import { Rng } from "../../../../lib/core/train/seed";
import { tinyStore } from "./fixture";

const SPEC = { hashDim: 2048, hidden: 64, dim: 32, steps: 80, lr: 3e-3, tau: 0.1 };

test("hashedTrigrams: unit length, stop words ignored, a typo keeps most bins", () => {
  const a = hashedTrigrams("life expectancy", 4096);
  const n = Math.sqrt([...a.values()].reduce((s, x) => s + x * x, 0));
  assert.ok(Math.abs(n - 1) < 1e-9);
  assert.deepEqual([...hashedTrigrams("the life expectancy of", 4096)], [...a], "stop words do not count");
  const b = hashedTrigrams("lfie expectancy", 4096);
  const shared = [...b.keys()].filter((k) => a.has(k)).length;
  assert.ok(shared >= 0.6 * b.size && shared < b.size, `${shared} of ${b.size}`);
  assert.equal(hashedTrigrams("", 4096).size, 0);
});

test("augmentPhrase: seeded, changes the phrase, keeps its letters mostly", () => {
  const outs = Array.from({ length: 20 }, (_, i) => augmentPhrase("infant mortality rate", new Rng(i)));
  assert.deepEqual(outs, Array.from({ length: 20 }, (_, i) => augmentPhrase("infant mortality rate", new Rng(i))));
  assert.ok(outs.filter((o) => o !== "infant mortality rate").length >= 15, outs.join(" / "));
});

test("trainEncoder: InfoNCE loss falls below chance, held-out rewordings retrieved well above chance, deterministic", async () => {
  const s = tinyStore();
  const e = await trainEncoder(s, SPEC, 3);
  const chance = Math.log(s.variables.length);
  assert.ok(e.loss[1] < 0.5 * chance, `last loss ${e.loss[1]} vs ln V ${chance}`);
  assert.equal(e.steps, SPEC.steps);
  assert.equal(e.params, 2048 * 64 + 64 + 64 * 32 + 32);
  // Held-out paraphrases: REWORDINGS are never trained on.
  const sc = makeScorer("encoder", s, { encoder: e.scorer });
  const cases = Object.entries(REWORDINGS).flatMap(([id, ps]) => ps.map((p) => ({ id, words: p.split(" ") })));
  const hits = cases.filter((c) => bestVariable(sc, s.variables, c.words)?.variable.id === c.id).length;
  assert.ok(hits / cases.length >= 0.6, `precision@1 ${hits}/${cases.length}, chance ${1 / s.variables.length}`);
  assert.equal(bestVariable(sc, s.variables, ["life", "expectancy"])?.variable.id, "LifeExpectancy_Person");
  const v = e.embed("number of inhabitants");
  assert.ok(Math.abs(v.reduce((a, x) => a + x * x, 0) - 1) < 1e-5, "embeddings are unit length");
  const again = await trainEncoder(s, SPEC, 3);
  assert.deepEqual([...again.embed("number of inhabitants")], [...v], "same seed, same backend → same encoder");
  const other = await trainEncoder(s, SPEC, 4);
  assert.notDeepEqual([...other.embed("number of inhabitants")], [...v]);
});
