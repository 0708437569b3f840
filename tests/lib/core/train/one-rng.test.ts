/**
 * One seed, one stream everywhere: the dataset generators (MQAR), the GNSS drive simulator (iedm on
 * lib/gnss) and datasets' exported `Rng` all draw from lib/core's `Rng`, so their draws can be
 * recomputed from lib/core directly.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../../../lib/core/train/seed";
import { Rng as DatasetsRng } from "../../../../datasets";
import { generateMqar } from "../../../../datasets/entries/mqar";
import { simulateDrive } from "../../../../lib/papers/iedm/data";
import { utcDateToGps } from "../../../../lib/gnss/time";

test("datasets exports lib/core's Rng (one class, one stream)", () => {
  assert.equal(DatasetsRng, Rng);
  assert.deepEqual(new DatasetsRng(5).floats(4), new Rng(5).floats(4));
});

test("MQAR draws equal lib/core Rng draws for the same seed", () => {
  for (const seed of [0, 1, 123456]) {
    const s = generateMqar({ seed, numExamples: 1, vocabSize: 64, seqLen: 32, numKvPairs: 4 });
    const r = new Rng(seed);
    const keys = r.sampleDistinct(1, 32, 4); // keys ⊂ [1, V/2), values ⊂ [V/2, V), in context order k v k v …
    const values = r.sampleDistinct(32, 64, 4);
    assert.deepEqual(Array.from(s.inputs.subarray(0, 8)), keys.flatMap((k, i) => [k, values[i]]));
  }
});

test("the GNSS drive simulator's draws equal lib/core Rng draws for the same seed", () => {
  for (const seed of [1, 7]) {
    const d = simulateDrive({ seed, duration: 3 });
    // data.ts: t0 = 2020-12-01 00:00 UTC + floor(U[0, 86400)) drawn first from fork("geometry")
    const t0 = utcDateToGps(new Date(Date.UTC(2020, 11, 1))) + Math.floor(new Rng(seed).fork("geometry").uniform(0, 86400));
    assert.equal(d.t0, t0);
  }
});
