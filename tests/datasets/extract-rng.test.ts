import * as assert from "node:assert/strict";
import { test } from "node:test";
import { extractRng } from "../../datasets/extract-rng";

// Recorded from the retired datasets/prng.ts `new Rng(20261128)` before it was deleted: the shipped
// emoji and chinese-poetry extracts were drawn from this stream, so their build functions reproduce
// the shipped files only while extractRng() gives exactly these draws.
test("extractRng reproduces the stream the shipped extracts were drawn from", () => {
  const r = extractRng();
  assert.deepEqual(Array.from({ length: 8 }, () => r.nextUint32()), [4248821466, 2439478406, 1683587262, 4147055696, 875327183, 1297101797, 1338057438, 3300081309]);
  const s = extractRng();
  assert.deepEqual(s.sampleDistinct(0, 300, 12), [66, 197, 206, 149, 131, 77, 234, 48, 88, 235, 19, 211]);
  assert.deepEqual(s.sampleDistinct(0, 60, 40).slice(0, 10), [22, 43, 36, 24, 19, 39, 16, 57, 6, 3]);
});
