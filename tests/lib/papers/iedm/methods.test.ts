// Regression tests of the methods' reference-satellite handling (lib/papers/iedm/methods.ts, filter.ts `gnssRows`),
// on crafted scenarios: fault-free open-sky drives with faults written into the observations at known epochs, so
// each test knows exactly what happened and when.
import { test } from "node:test";
import assert from "node:assert/strict";
import { simulateDrive, type Drive } from "../../../../lib/papers/iedm/data";
import { runMethod } from "../../../../lib/papers/iedm/methods";
import { LAMBDA_L1 } from "../../../../lib/gnss/frames";

/** A fault-free drive under open sky (0–0.5 m "buildings" block nothing above the 10° mask). */
const openSky = (seed: number, duration: number): Drive => simulateDrive({ seed, duration, faultFree: true, heightRange: [0, 0.5] });

/** Satellites in view at every epoch from index `from`, highest first (by elevation at `from`). */
function steadySats(drive: Drive, from: number): string[] {
  const eps = drive.epochs.slice(from);
  const el = new Map(drive.epochs[from].sky.map((s) => [s.sat, s.elDeg]));
  return [...drive.epochs[from].rover.keys()].filter((s) => eps.every((e) => e.rover.has(s))).sort((a, b) => el.get(b)! - el.get(a)!);
}

const horizontal = (e: [number, number, number]) => Math.hypot(e[0], e[1]);

test("reference switch + simultaneous reacquisitions: I-EDM keeps an established reference and its solution (drive 13's failure)", () => {
  // At 50 s the highest satellite (the reference) and two others are blocked for 35 s, longer than the filter's
  // 30 s ambiguity memory; the reference moves to the next highest. At 85 s the three come back together (slipped by
  // +3, +12 and −7 cycles, with fresh ambiguities of a few cycles' σ) and the old reference is the highest again. In
  // the same epoch two satellites that never lost lock jump by +8.5 and −6.5 cycles (reflections ending: not
  // integers, nothing to repair). Before the fix the returning satellite became the reference: every phase DD then
  // carried its σ of cycles, no row could be tested against the prediction, the two jumps went into the update, and
  // at the next epoch healthy satellites got integer "repairs" (drive 13 of the default run: 2.3 m, then 9 m).
  const drive = openSky(3, 110);
  const i0 = 50;
  const gap = 35;
  const sats = steadySats(drive, i0);
  assert.ok(sats.length >= 7, `need ≥ 7 satellites in view, have ${sats.length}`);
  const back = [sats[0], sats[2], sats[4]];
  const slips = [3, 12, -7];
  const jumped = [sats[3], sats[5]];
  const jumps = [8.5, -6.5];
  drive.epochs.forEach((e, i) => {
    if (i < i0) return;
    if (i < i0 + gap) back.forEach((s) => e.rover.delete(s));
    else {
      back.forEach((s, k) => (e.rover.get(s)!.phase += LAMBDA_L1 * slips[k]));
      jumped.forEach((s, k) => (e.rover.get(s)!.phase += LAMBDA_L1 * jumps[k]));
    }
  });
  for (const [k, s] of back.entries()) drive.faults.push({ t: drive.t0 + i0 + gap, sat: s, type: "slip-reacquisition", size: slips[k] });
  const run = runMethod(drive, "i-edm", { kInnovation: 3, kResidual: 3 });
  // no healthy satellite gets an integer "repair" after the return
  const healthy = sats.filter((s) => !back.includes(s));
  const falseRepairs = run.decisions.slice(i0 + gap).flatMap((d) => d.repairs.filter(([s]) => healthy.includes(s) && s !== d.ref));
  assert.deepEqual(falseRepairs, [], "repairs on satellites that did not slip");
  const worst = Math.max(...run.err.slice(i0 + gap).map(horizontal));
  assert.ok(worst < 0.5, `largest horizontal error after the return ${worst.toFixed(2)} m`);
  const at = run.decisions[i0 + gap];
  assert.ok(!back.includes(at.ref), `reference at the reacquisition epoch is ${at.ref}, which has just come back`);
  assert.equal(at.ref, sats[1], "the established highest satellite stays the reference");
  assert.equal(run.decisions[i0 - 1].ref, sats[0], "before the blockage the highest satellite is the reference");
  assert.notEqual(run.decisions[i0].ref, sats[0], "during the blockage the reference moves");
});

test("an NLOS reference with two DD rows: I-EDM resets the reference instead of keeping both shifted rows (drive 24's failure)", () => {
  // From 60 s only the three highest satellites are tracked; from 70 s the reference's signal arrives by a
  // reflection: code +5.0 m, phase +5.15 m (27.06 cycles, close to an integer). Both DD rows move together, the
  // clusters blame the reference, and with two rows it cannot be repaired. Before the fix that case did nothing and
  // the shifted phase rows moved the solution by metres within seconds.
  const drive = openSky(5, 85);
  const sats = steadySats(drive, 60);
  const keep = new Set(sats.slice(0, 3));
  const ref = sats[0];
  drive.epochs.forEach((e, i) => {
    if (i < 60) return;
    for (const s of [...e.rover.keys()]) if (!keep.has(s)) e.rover.delete(s);
    if (i >= 70) {
      const o = e.rover.get(ref)!;
      o.code += 5.0;
      o.phase += 5.15;
      o.state = "nlos";
    }
  });
  const run = runMethod(drive, "i-edm", { kInnovation: 3, kResidual: 3 });
  const worst = Math.max(...run.err.slice(70).map(horizontal));
  assert.ok(worst < 0.5, `largest horizontal error after the onset ${worst.toFixed(2)} m`);
  assert.equal(run.decisions[70].ref, ref);
  assert.ok(run.decisions[70].phaseFlags.includes(ref), `reference phase not flagged at onset: ${JSON.stringify(run.decisions[70])}`);
});
