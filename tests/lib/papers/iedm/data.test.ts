import { test } from "node:test";
import assert from "node:assert/strict";
import { simulateDrive, driveToRinex } from "../../../../lib/papers/iedm/data";
import { readObsRinex, writeObsRinex } from "../../../../lib/gnss/rinex-obs";
import { LAMBDA_L1 } from "../../../../lib/gnss/frames";

test("simulated drive: deterministic per seed, every logged slip is the true ambiguity jump", () => {
  const a = simulateDrive({ seed: 3, duration: 120, slipRate: 0.02 });
  const b = simulateDrive({ seed: 3, duration: 120, slipRate: 0.02 });
  assert.deepEqual(a.faults, b.faults);
  const slips = a.faults.filter((f) => f.type.startsWith("slip"));
  assert.ok(slips.length > 0, "expected some slips at slipRate 0.02");
  for (const f of slips) {
    const k = a.epochs.findIndex((e) => e.t === f.t);
    const now = a.epochs[k].rover.get(f.sat)!.ambiguity;
    const prev = a.epochs.slice(0, k).reverse().find((e) => e.rover.has(f.sat))!.rover.get(f.sat)!.ambiguity;
    assert.equal(now - prev, f.size, `${f.sat} at ${f.t}`);
  }
  for (const e of a.epochs) {
    for (const s of e.sky) {
      const o = e.rover.get(s.sat);
      if (s.state === "blocked") assert.equal(o, undefined);
      if (s.state === "nlos") assert.ok(o!.codeError > 0);
    }
  }
});

test("simulated rover observations round-trip through RINEX 3.04 (C1C/L1C)", () => {
  const d = simulateDrive({ seed: 5, duration: 30 });
  const back = readObsRinex(writeObsRinex(driveToRinex(d), 3.04), "sim.rnx");
  assert.equal(back.epochs.length, d.epochs.length);
  const [sat, o] = [...d.epochs[0].rover][0];
  const s0 = back.epochs[0].sats.find((s) => s.sat === sat)!;
  assert.ok(Math.abs(s0.obs.C1C.value - o.code) <= 0.0005);
  assert.ok(Math.abs(s0.obs.L1C.value - o.phase / LAMBDA_L1) <= 0.0005);
});
