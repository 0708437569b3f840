import { test } from "node:test";
import assert from "node:assert/strict";
import { readObsRinex, writeObsRinex } from "../../../lib/gnss/rinex-obs";
import { readNavRinex, writeNavRinex } from "../../../lib/gnss/rinex-nav";
import { RinexError } from "../../../lib/gnss/rinex-error";
import { calendarToGps } from "../../../lib/gnss/time";
import { fixture } from "./fixtures";

// Fixtures: first 10 epochs of GEONET 3040 / 0759 (RINEX 2.10, 2005-04-02) and 3 ephemerides of brdc1820.10n,
// from RTKLIB's source package test data (test/data/rinex), BSD-2.

test("reads a real RINEX 2.10 observation file (GEONET 3040)", () => {
  const f = readObsRinex(fixture("30400920-extract.05o"), "30400920-extract.05o");
  assert.equal(f.header.version, 2.1);
  assert.equal(f.header.markerName, "3040");
  assert.deepEqual(f.header.obsTypes["*"], ["L1", "C1", "L2", "P2"]);
  assert.deepEqual(f.header.approxPosition, [-3978242.4348, 3382841.1715, 3649902.7667]);
  assert.equal(f.epochs.length, 10);
  const e0 = f.epochs[0];
  assert.equal(e0.time, calendarToGps({ year: 2005, month: 4, day: 2, hour: 0, minute: 0, second: 0 }));
  assert.deepEqual(e0.sats.map((s) => s.sat), ["G03", "G07", "G08", "G11", "G19", "G20", "G24", "G27", "G28"]);
  assert.equal(e0.sats[0].obs.L1.value, -41706426.668);
  assert.equal(e0.sats[0].obs.C1.value, 24801780.917);
  assert.equal(e0.sats[0].obs.L2.value, -32471209.793);
  assert.equal(e0.sats[0].obs.L2.lli, 4); // LLI bit 2: anti-spoofing on (L2)
  assert.equal(f.epochs[1].time - e0.time, 30);
});

for (const version of [2.11, 3.04] as const) {
  test(`RINEX observation round trip through version ${version}`, () => {
    const a = readObsRinex(fixture("07590920-extract.05o"), "07590920-extract.05o");
    const text = writeObsRinex(a, version);
    const b = readObsRinex(text, `roundtrip-${version}.obs`);
    assert.equal(b.header.version, version);
    assert.equal(b.epochs.length, a.epochs.length);
    a.epochs.forEach((ea, i) => {
      const eb = b.epochs[i];
      assert.equal(eb.time, ea.time);
      assert.deepEqual(eb.sats.map((s) => s.sat), ea.sats.map((s) => s.sat));
      ea.sats.forEach((sa, j) => {
        for (const [t, v] of Object.entries(sa.obs)) {
          const key = version < 3 ? t : `${t}C`;
          assert.deepEqual(eb.sats[j].obs[key], v, `epoch ${i} ${sa.sat} ${t}`);
        }
      });
    });
  });
}

test("RINEX navigation: reads brdc1820.10n records and round-trips through 2.11 and 3.04", () => {
  const nav = readNavRinex(fixture("brdc1820-extract.10n"), "brdc1820-extract.10n");
  assert.equal(nav.ephemerides.length, 3);
  const g2 = nav.ephemerides[1];
  assert.equal(g2.sat, "G02");
  assert.equal(g2.af0, 0.269108917564e-3);
  assert.equal(g2.sqrtA, 0.515359739113e4);
  assert.equal(g2.toe, 345600);
  assert.equal(g2.week, 1590);
  for (const v of [2.11, 3.04] as const) {
    const back = readNavRinex(writeNavRinex(nav, v), `nav-${v}`);
    back.ephemerides.forEach((e, i) => {
      for (const [k, x] of Object.entries(nav.ephemerides[i])) {
        const y = (e as unknown as Record<string, unknown>)[k];
        if (typeof x === "number") assert.ok(Math.abs(x - (y as number)) <= Math.abs(x) * 1e-11, `${v} ${e.sat} ${k}: ${x} vs ${y}`);
        else assert.equal(y, x);
      }
    });
  }
});

test("malformed RINEX gives an error naming the file and line", () => {
  const lines = fixture("30400920-extract.05o").split("\n");
  lines[19] = lines[19].slice(0, 20) + "12x4567.89" + lines[19].slice(30); // corrupt a value on line 20
  assert.throws(
    () => readObsRinex(lines.join("\n"), "bad.05o"),
    (e: unknown) => e instanceof RinexError && e.file === "bad.05o" && e.line === 20 && /bad\.05o:20: observation value/.test(e.message),
  );
  const cut = fixture("30400920-extract.05o").split("\n").slice(0, 22).join("\n");
  assert.throws(() => readObsRinex(cut, "cut.05o"), /cut\.05o:2[0-9]: satellite G\d\d: expected 1 data lines, file ended/);
  assert.throws(() => readObsRinex("garbage\n", "g.obs"), /g\.obs:1: expected "RINEX VERSION \/ TYPE"/);
  const nav = fixture("brdc1820-extract.10n").split("\n");
  nav[11] = nav[11].slice(0, 22) + "   not-a-number    " + nav[11].slice(41);
  assert.throws(() => readNavRinex(nav.join("\n"), "bad.10n"), /bad\.10n:12: G01 \w+: expected a number/);
});
