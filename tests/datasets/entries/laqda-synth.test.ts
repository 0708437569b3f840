/**
 * The `laqda-synth` generator entry (datasets/entries/laqda-synth.ts): the default bytes over the shipped
 * word-vector vocabulary are pinned (verify), loads go through the invariant check, a corrupted set fails with a fix.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkSynth, laqdaSynth } from "../../../datasets/entries/laqda-synth";
import { DatasetError } from "../../../datasets/errors";

test("laqda-synth: generator entry, default bytes pinned, overrides load", async () => {
  assert.equal(laqdaSynth.kind, "generator");
  assert.equal(laqdaSynth.status().available, true);
  const v = await laqdaSynth.verify();
  assert.match(v.checks[0], /1920 texts, 32 classes, splits ok, sha256 4615fbb76d473f33\.\.\. stable and pinned/);
  const s = await laqdaSynth.load({ beta: 0.6, perClass: 20 });
  assert.equal(s.texts.length, 640);
  assert.equal(s.params.beta, 0.6);
});

test("laqda-synth: a corrupted set fails the check naming the fix", async () => {
  const s = await laqdaSynth.load({ perClass: 5 });
  assert.throws(() => checkSynth({ ...s, labels: s.labels.map((l, i) => (i === 3 ? 99 : l)) }), (e: unknown) => e instanceof DatasetError && /text 3: label 99/.test(e.message) && /datasets verify laqda-synth/.test(e.fix));
  assert.throws(() => checkSynth({ ...s, splits: { ...s.splits, val: [] } }), /splits hold 28 class slots/);
});
