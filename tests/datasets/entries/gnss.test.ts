import * as assert from "node:assert/strict";
import { test } from "node:test";
import "../../../datasets/entries";
import { getEntry } from "../../../datasets/registry";
import { tleChecksumOk } from "../../../datasets/entries/gnss";
import type { GpsTleRecord } from "../../../lib/gnss/data/gps-tle-2020-12-01";

test("gps-tle (shipped): 31 GPS satellites, every TLE line passes its checksum", async () => {
  const recs = (await getEntry("gps-tle").load(undefined as never)) as GpsTleRecord[];
  assert.equal(recs.length, 31);
  assert.equal(new Set(recs.map((r) => r.prn)).size, 31);
  for (const r of recs) {
    assert.ok(tleChecksumOk(r.line1), `${r.prn} line 1`);
    assert.ok(tleChecksumOk(r.line2), `${r.prn} line 2`);
  }
});

test("gps-tle: a corrupted digit fails the TLE checksum", async () => {
  const recs = (await getEntry("gps-tle").load(undefined as never)) as GpsTleRecord[];
  const line = recs[0].line2;
  const i = line.search(/[0-8]/);
  const bad = line.slice(0, i) + String(Number(line[i]) + 1) + line.slice(i + 1);
  assert.equal(tleChecksumOk(bad), false);
});
