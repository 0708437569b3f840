import { test } from "node:test";
import assert from "node:assert/strict";
import { tleConstellation, walkerConstellation } from "../../../lib/gnss/constellation";
import { azEl, enuFrame, geodeticToEcef, ecefToGeodetic, DEG, type Vec3 } from "../../../lib/gnss/frames";
import { utcDateToGps } from "../../../lib/gnss/time";
import { getEntry } from "../../../datasets";
import { tleChecksumOk } from "../../../datasets/entries/gnss";

test("TLE constellation (rtklib 2020-12-01 extract via satellite.js): 31 GPS satellites at MEO radius", () => {
  const c = tleConstellation();
  assert.equal(c.sats.length, 31);
  const pos = c.positions(utcDateToGps(new Date(Date.UTC(2020, 11, 1, 6))));
  assert.equal(pos.size, 31);
  for (const [s, p] of pos) {
    const r = Math.hypot(...p) / 1000;
    assert.ok(r > 25_500 && r < 27_700, `${s} radius ${r} km`);
  }
  const rx = geodeticToEcef({ lat: 30.5 * DEG, lon: 114.4 * DEG, h: 20 });
  const f = enuFrame(rx);
  const visible = [...pos.values()].filter((p) => azEl(rx, p, f).el > 10 * DEG).length;
  assert.ok(visible >= 6 && visible <= 14, `visible above 10°: ${visible}`);
});

test("Walker 24/6/1: radius, period ≈ 11 h 58 min, 24 satellites", () => {
  const w = walkerConstellation();
  assert.equal(w.sats.length, 24);
  const p0 = w.positions(0).get("G01")!;
  assert.ok(Math.abs(Math.hypot(...p0) - 26_560_000) < 1e-3);
  // after one orbital period, in inertial space the satellite is back; in ECEF it is rotated by ω_E·T about z
  const T = 2 * Math.PI * Math.sqrt(26_560_000 ** 3 / 3.986004418e14);
  assert.ok(Math.abs(T / 60 - 718) < 1.5, `period ${T / 60} min`);
  const p1 = w.positions(T).get("G01")!;
  assert.ok(Math.abs(p1[2] - p0[2]) < 1e-3);
});

test("geodetic ↔ ECEF round trip to 1e-6 m", () => {
  const g = { lat: 30.5 * DEG, lon: 114.4 * DEG, h: 37.2 };
  const back = ecefToGeodetic(geodeticToEcef(g));
  const d = Math.hypot(...(geodeticToEcef(back).map((v, i) => v - geodeticToEcef(g)[i]) as Vec3));
  assert.ok(d < 1e-6, `round trip ${d} m`);
});

test("datasets entry gps-tle: 31 records, every TLE line passes its mod-10 checksum", async () => {
  assert.equal(tleChecksumOk("1 24876U 97035A   20334.96836884 +.00000096 +00000-0 +00000-0 0  9991"), false);
  const r = await getEntry("gps-tle").verify();
  assert.deepEqual(r.checks, ["31 satellites", "62 TLE line checksums ok"]);
});
