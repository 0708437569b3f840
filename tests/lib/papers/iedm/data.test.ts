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

test("trajectory, IMU and vision: stops happen, sensor errors match their grade, dropouts, fault-free drives are clean", () => {
  const d = simulateDrive({ seed: 9, duration: 120, stopProbability: 1, imuGrade: "mems", vision: { rate: 10, relNoise: 0.01, floorNoise: 0.02, dropoutRate: 0.05, dropoutRange: [1, 3] } });
  const T = d.truth;
  let stopped = 0;
  let vmax = 0;
  for (let k = 0; k < T.t.length; k++) {
    const v = Math.hypot(T.ve[k], T.vn[k]);
    if (v < 0.05) stopped++;
    vmax = Math.max(vmax, v);
  }
  assert.ok(stopped * T.dt > 4, `stopped ${stopped * T.dt} s`);
  assert.ok(vmax <= 12.001, `top speed ${vmax}`);
  // accelerometer: f − a_true − b_true is white noise with σ = VRW/√dt (MEMS 0.003 m/s/√s at 100 Hz: 0.03 m/s²)
  const r = Array.from(T.af, (a, k) => d.imu.fF[k] - a - d.imu.biasF[k]);
  const mean = r.reduce((s, x) => s + x, 0) / r.length;
  const sd = Math.sqrt(r.reduce((s, x) => s + (x - mean) ** 2, 0) / r.length);
  assert.ok(Math.abs(sd - 0.03) < 0.002 && Math.abs(mean) < 0.002, `noise sd ${sd}, mean ${mean}`);
  const valid = d.vision.valid.reduce((s, x) => s + x, 0) / d.vision.valid.length;
  assert.ok(valid > 0.3 && valid < 0.99, `vision valid share ${valid}`);
  const clean = simulateDrive({ seed: 9, duration: 60, faultFree: true });
  assert.equal(clean.faults.length, 0);
  assert.ok(clean.epochs.every((e) => [...e.rover.values()].every((o) => o.codeError === 0 && o.phaseError === 0)));
  assert.throws(() => simulateDrive({ sped: 3 } as never), /unknown config key "sped"; known keys: seed/);
});

test("fault log: NLOS and multipath onsets carry the true code/phase error of that epoch", () => {
  const d = simulateDrive({ seed: 4, duration: 300, heightRange: [5, 20] });
  const mp = d.faults.filter((f) => f.type === "multipath" || f.type === "nlos");
  assert.ok(mp.some((f) => f.type === "nlos"), "some NLOS onsets");
  for (const f of mp) {
    const o = d.epochs.find((e) => e.t === f.t)!.rover.get(f.sat)!;
    assert.equal(o.codeError, f.size);
    assert.equal(o.phaseError, f.phaseError);
    assert.equal(f.type === "nlos" ? o.state === "nlos" : o.multipath, true);
  }
});

test("NLOS carrier phase: one random offset per reflection episode (phase − code error constant while NLOS on a street)", () => {
  const d = simulateDrive({ seed: 1002, duration: 120 });
  let pairs = 0;
  for (let i = 1; i < d.epochs.length; i++) {
    const [a, b] = [d.epochs[i - 1], d.epochs[i]];
    if (d.truth.piece[a.k] !== d.truth.piece[b.k]) continue;
    for (const [sat, o] of b.rover) {
      const p = a.rover.get(sat);
      if (!p || p.state !== "nlos" || o.state !== "nlos") continue;
      // phaseError = δ + φ, codeError = δ: φ is the reflection's carrier offset, the same at every epoch of the episode
      assert.ok(Math.abs(o.phaseError - o.codeError - (p.phaseError - p.codeError)) < 1e-9, `${sat} at ${b.t - d.t0} s`);
      pairs++;
    }
  }
  assert.ok(pairs > 20, `${pairs} consecutive NLOS epoch pairs`);
});
