import * as assert from "node:assert/strict";
import { test } from "node:test";
import * as fs from "fs";
import * as path from "path";
import { loadBciRecorded } from "../../../datasets/entries/bci-recorded";
import { loadReaching, odohertyReaching, sessionDate } from "../../../datasets/entries/odoherty-reaching";
import { assertRejectsDataset, tempDir } from "../helpers";
import { writeReachingFixture } from "../mat73-fixture";

test("odoherty-reaching: a folder of v7.3 sessions loads as days in date order with reach trials; prepare copies it into the cache", async () => {
  const from = tempDir("paperlab-odoherty-");
  await writeReachingFixture(path.join(from, "indy_20160407_02.mat"));
  await writeReachingFixture(path.join(from, "indy_20160321_01.mat"));
  await writeReachingFixture(path.join(from, "indy_20160407_03.mat"));
  fs.writeFileSync(path.join(from, "README.txt"), "not a session");
  const days = await odohertyReaching.load({ dir: from, binMs: 20 });
  assert.deepEqual(days.map((d) => [path.basename(d.file), d.date, d.day]), [
    ["indy_20160321_01.mat", "20160321", 0],
    ["indy_20160407_02.mat", "20160407", 1],
    ["indy_20160407_03.mat", "20160407", 1],
  ]);
  assert.deepEqual([days[0].session.T, days[0].session.C, days[0].trials.n, days[0].trials.T], [200, 3, 2, 50]);
  assert.equal(sessionDate("loco_20170210_03.mat"), "20170210");
  const cache = tempDir("paperlab-odoherty-cache-");
  const saved = process.env.PAPERLAB_DATA;
  process.env.PAPERLAB_DATA = cache;
  try {
    assert.equal(odohertyReaching.status().available, false);
    assert.match(odohertyReaching.status().fix ?? "", /583331/);
    const out = await odohertyReaching.prepare!(from);
    assert.deepEqual(fs.readdirSync(out).sort(), ["bci-recorded", "indy_20160321_01.mat", "indy_20160407_02.mat", "indy_20160407_03.mat"]);
    const rec = loadBciRecorded(path.join(out, "bci-recorded")); // the trials in MFSNN's full-scale layout
    assert.deepEqual([rec.n, rec.T, rec.C, rec.K, rec.meta.binMs, rec.meta.paradigm], [6, 50, 3, 8, 20, "center-out"]);
    assert.deepEqual([Array.from(rec.day), Array.from(rec.labels)], [[0, 0, 1, 1, 1, 1], [0, 5, 0, 5, 0, 5]]);
    assert.equal(rec.counts[10 * 3 + 1], 1); // trial 0: channel 1's spike at 2.005 s, 10 bins after the onset window start
    assert.deepEqual(rec.meta.channels, ["elec1", "elec2", "elec33"]);
    assert.equal(odohertyReaching.status().available, true);
    const v = await odohertyReaching.verify();
    assert.equal(v.checks.length, 3);
    assert.match(v.checks[0], /indy_20160321_01\.mat: day 0, T=200 bins x C=3, 2 reach trials/);
  } finally {
    if (saved === undefined) delete process.env.PAPERLAB_DATA; else process.env.PAPERLAB_DATA = saved;
  }
});

test("odoherty-reaching: an empty folder names Zenodo 583331; a malformed session stops prepare naming the file and field", async () => {
  const empty = tempDir("paperlab-odoherty-empty-");
  assert.match((await assertRejectsDataset(loadReaching(empty), "missing", empty)).message, /Zenodo record 583331/);
  const bad = tempDir("paperlab-odoherty-bad-");
  await writeReachingFixture(path.join(bad, "indy_20160407_02.mat"));
  await writeReachingFixture(path.join(bad, "indy_20160411_01.mat"), { omit: ["chan_names"] });
  const cache = tempDir("paperlab-odoherty-cache-");
  const saved = process.env.PAPERLAB_DATA;
  process.env.PAPERLAB_DATA = cache;
  try {
    const e = await assertRejectsDataset(odohertyReaching.prepare!(bad), "mat-field", "indy_20160411_01.mat");
    assert.match(e.message, /field 'chan_names': not found/);
    assert.equal(odohertyReaching.status().available, false, "nothing is copied when a session is malformed");
  } finally {
    if (saved === undefined) delete process.env.PAPERLAB_DATA; else process.env.PAPERLAB_DATA = saved;
  }
});
