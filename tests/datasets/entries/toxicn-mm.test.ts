/**
 * The `toxicn-mm-standin` generator entry (datasets/entries/toxicn-mm.ts): loads a small seeded set through the
 * registry with its invariants checked, `verify` matches the pinned SHA-256, corrupted sets and unknown options fail
 * with a DatasetError naming the fix.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkMemeSet, TOXICN_MM_PINNED, toxicnMmStandin } from "../../../datasets/entries/toxicn-mm";
import { DatasetError } from "../../../datasets/errors";
import { getEntry } from "../../../datasets/registry";
import { memeSetHash } from "../../../lib/papers/toxicn-mm/data";

test("toxicn-mm-standin loads a seeded set through the registry; same seed → same hash, another seed differs", async () => {
  assert.equal(getEntry("toxicn-mm-standin"), toxicnMmStandin);
  assert.equal(toxicnMmStandin.kind, "generator");
  assert.equal(toxicnMmStandin.status().available, true);
  const a = await toxicnMmStandin.load({ nTrain: 120, nTest: 40, seed: 7 });
  assert.equal(a.train.items.length + a.dev.items.length, 120);
  assert.equal(a.test.items.length, 40);
  assert.equal(memeSetHash(a), "569cd366056d10026755b1815651d8c3539eebfcec0bfb13365fb18453d897a0");
  assert.equal(TOXICN_MM_PINNED, memeSetHash(a));
  const b = await toxicnMmStandin.load({ nTrain: 120, nTest: 40, seed: 8 });
  assert.notEqual(memeSetHash(b), memeSetHash(a));
  const v = await toxicnMmStandin.verify();
  assert.match(v.checks[0], /stable and pinned/);
});

test("a corrupted set (type without label, truncated pictures) and unknown options fail with a fix", async () => {
  const s = await toxicnMmStandin.load({ nTrain: 60, nTest: 20 });
  const benign = s.test.items.findIndex((x) => x.label === 0);
  const bad = { ...s, test: { ...s.test, items: s.test.items.map((x, i) => (i === benign ? { ...x, type: 3 } : x)) } };
  assert.throws(() => checkMemeSet(bad), (e: unknown) => e instanceof DatasetError && /inconsistent/.test(e.message) && /datasets verify toxicn-mm-standin/.test(e.fix));
  const short = { ...s, dev: { ...s.dev, images: s.dev.images.subarray(0, 100) } };
  assert.throws(() => checkMemeSet(short), /picture bytes/);
  await assert.rejects(() => toxicnMmStandin.load(JSON.parse('{"nope": 1}')), /unknown toxicn-mm-standin option 'nope'/);
});
