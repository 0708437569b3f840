/**
 * Growth controllers (lib/papers/rheed-qd/controller.ts, closed-loop.ts): set-point clamps and ramp limit, the
 * dry run never actuates, the hidden offset is never in the readable state, and the oracle's closed loop moves a
 * suboptimal start toward the optimum (a property of the simulator the C4 guard relies on).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../../../lib/core/train/seed";
import { checkSetPoint, clipSetPoint, DryRunController, LIMITS, rampToward, SimulatedGrowth } from "../../../../lib/papers/rheed-qd/controller";
import { LOOP_DEFAULTS, runClosedLoop, scoreOf } from "../../../../lib/papers/rheed-qd/closed-loop";
import { grow, NOMINAL } from "../../../../lib/papers/rheed-qd/mbe";
import { rheedMessages } from "../../../../lib/papers/rheed-qd/messages";

const RENDER = { size: 16, azimuth: "[1-10]" as const };

test("clamps: set points outside 440–560 °C throw naming the clamp; clip and ramp helpers", () => {
  assert.equal(checkSetPoint(500), 500);
  assert.throws(() => checkSetPoint(600), { message: rheedMessages.setPointClamp(600, 440, 560) });
  assert.throws(() => checkSetPoint(439.9), { message: rheedMessages.setPointClamp(439.9, 440, 560) });
  assert.throws(() => checkSetPoint(Number.NaN), { message: rheedMessages.setPointNotFinite(Number.NaN) });
  assert.equal(clipSetPoint(700), LIMITS.max);
  assert.equal(clipSetPoint(100), LIMITS.min);
  assert.equal(rampToward(500, 530, 10), 510);
  assert.equal(rampToward(500, 495, 10), 495);
});

test("SimulatedGrowth: the heater ramps at ≤ 60 °C/min; the readable state never holds the hidden offset", () => {
  const sim = new SimulatedGrowth({ tSet: 480, dT: -17, ...NOMINAL }, RENDER, new Rng(1));
  assert.throws(() => sim.setTemperature(561), /outside the clamp/);
  sim.setTemperature(540);
  sim.advance(20);
  assert.equal(sim.readState().tSet, 500, "20 s at 60 °C/min = 20 °C");
  assert.equal(sim.readState().tSetRequested, 540);
  assert.equal(sim.trueTemperature(), 483);
  assert.ok(!JSON.stringify(sim.readState()).includes("-17"));
  assert.equal(sim.frames(2).length, 2 * 16 * 16);
  assert.throws(() => sim.shutter("Sb" as "In", true), { message: rheedMessages.unknownShutter("Sb", ["In", "Ga", "As"]) });
  const o = sim.finish();
  assert.equal(sim.readState().shutters.In, true);
  assert.ok(Math.abs(o.tTrue - 483) < 1e-12);
});

test("dry run: logs the actions, actuates nothing, still refuses set points past the clamps", () => {
  const sim = new SimulatedGrowth({ tSet: 480, dT: 0, ...NOMINAL }, RENDER, new Rng(2));
  const dry = new DryRunController(sim);
  dry.setTemperature(520);
  dry.shutter("In", true);
  assert.equal(sim.readState().tSetRequested, 480);
  assert.equal(sim.readState().shutters.In, false);
  assert.equal(dry.log.length, 2);
  assert.match(dry.log[0], /would set the substrate temperature to 520 °C/);
  assert.throws(() => dry.setTemperature(430), /outside the clamp/);
});

test("closed loop: the oracle raises the true PL intensity ≥ 2× from the 488 °C start; open loop keeps the set point", () => {
  const growth = { dT: 0, ...NOMINAL };
  const scorer = () => [1 / 3, 1 / 3, 1 / 3];
  const open = runClosedLoop("open-loop", 0, growth, scorer, RENDER, LOOP_DEFAULTS, new Rng(3));
  const oracle = runClosedLoop("oracle", 0, growth, scorer, RENDER, LOOP_DEFAULTS, new Rng(3));
  assert.equal(open.finalSet, 488);
  assert.ok(Math.abs(open.outcome.intensity - grow({ tSet: 488, ...growth }).intensity) < 1e-12);
  assert.ok(oracle.outcome.intensity / open.outcome.intensity >= 2, `oracle ratio ${oracle.outcome.intensity / open.outcome.intensity}`);
  assert.ok(oracle.outcome.fwhm < open.outcome.fwhm);
  assert.equal(oracle.trace.length, LOOP_DEFAULTS.ticks + 1);
  for (let i = 1; i < oracle.trace.length; i++) assert.ok(Math.abs(oracle.trace[i].tSet - oracle.trace[i - 1].tSet) <= 20 + 1e-9, "ramp-limited");
  assert.equal(scoreOf([0.2, 0.3, 0.5]), 0.3);
});
