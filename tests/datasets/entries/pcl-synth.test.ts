import { test } from "node:test";
import assert from "node:assert/strict";
import { pclSynth } from "../../../datasets/entries/pcl-synth";
import { pclHash } from "../../../lib/papers/pclgpt/generator";

test("pcl-synth entry: a generator, loads with options and a seed, verify checks the pinned hash", async () => {
  assert.equal(pclSynth.kind, "generator");
  assert.equal(pclSynth.status().available, true);
  const small = await pclSynth.load({ seed: 2, dpm: { nTrain: 10, nTest: 5 }, td: { nTrain: 4, nTest: 2 }, cpcl: { nTrain: 4, nTest: 2 }, domainEn: 3, domainCn: 3 });
  assert.equal(small.seed, 2);
  assert.equal(small.dpm.train.length + small.dpm.test.length, 15);
  assert.equal(small.domainCn.length, 3);
  const v = await pclSynth.verify();
  assert.match(v.checks[0], /stable and pinned/);
  assert.equal(pclHash(await pclSynth.load()), pclHash(await pclSynth.load({ seed: 0 })));
});
