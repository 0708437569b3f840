/**
 * Control policies and the closed loop of the in-situ self-optimisation (arXiv 2411.00332; the control law is a
 * reconstruction, card §2 "Controller"). During the pre-deposition anneal, every tick the policy reads the last T
 * RHEED frames through a scorer (the classifier's class probabilities) and may move the set point; then the set
 * point is held one tick to settle and the QD layer grows at the temperature reached.
 *
 * Score J = p(good) − p(poor) ∈ [−1, 1]. Policies:
 * - open-loop: the nominal ("initially suboptimal") recipe, never moved;
 * - threshold (the group's prior rule-based control, adapted): raise T_set by η while the predicted class is below
 *   "good", otherwise hold;
 * - extremum-seeking: probe c + δ then c − δ over two ticks, c ← clip(c + η·sign(J₊ − J₋));
 * - random-search: set points drawn from U[min, max], each scored once reached, the best kept;
 * - oracle: extremum seeking on the true quality Q of the layer that would grow now (the upper bound).
 */
import { Rng } from "../../core/train/seed";
import { clipSetPoint, LIMITS, SimulatedGrowth, type ControlLimits } from "./controller";
import type { GrowthOutcome, GrowthParams } from "./mbe";
import type { RheedGenParams } from "./generate";

/** The policies compared in R5 / C4. */
export const POLICIES = ["open-loop", "threshold", "extremum-seeking", "random-search", "oracle"] as const;
export type Policy = (typeof POLICIES)[number];

/** Class probabilities [poor, fair, good] of the last frames (Uint8 [n·S·S], n = the model's T). */
export type Scorer = (frames: Uint8Array) => number[];

/** Settings of the closed loop. */
export interface LoopOptions {
  /** Control ticks before deposition, tick length (s). */
  ticks: number;
  tickS: number;
  /** Extremum-seeking probe δ and step η (card: δ = 5 °C), °C. */
  delta: number;
  eta: number;
  /** The nominal ("initially suboptimal") set point, °C, and the frames per observation (the model's T). */
  startC: number;
  frames: number;
  limits: ControlLimits;
}

/** Defaults: 20 ticks of 20 s (a swing of 2δ + η reached within a tick at 60 °C/min), δ = η = 5 °C, start 488 °C, T = 1, 440–560 °C at ≤ 60 °C/min. */
export const LOOP_DEFAULTS: LoopOptions = { ticks: 20, tickS: 20, delta: 5, eta: 5, startC: 488, frames: 1, limits: LIMITS };

/** One tick of a trace (R4). */
export interface TraceRow {
  t: number;
  tSetRequested: number;
  tSet: number;
  /** Hidden true temperature (shown in R4, never given to a policy). */
  tTrue: number;
  probs: number[];
  j: number;
}

/** The result of one closed-loop run. */
export interface LoopResult {
  policy: Policy;
  run: number;
  dT: number;
  finalSet: number;
  finalTrue: number;
  outcome: GrowthOutcome;
  trace: TraceRow[];
}

/** J = p(good) − p(poor). */
export const scoreOf = (p: readonly number[]): number => p[2] - p[0];

/** A policy's decision rule: given the tick index, the set point now and the observed score, the next set point request. */
type Decide = (tick: number, setNow: number, j: number, sim: SimulatedGrowth, probs: number[]) => number;

function makePolicy(policy: Policy, o: LoopOptions, rng: Rng): { decide: Decide; final: () => number | null } {
  const clip = (c: number) => clipSetPoint(c, o.limits);
  switch (policy) {
    case "open-loop":
      return { decide: (_t, s) => s, final: () => null };
    case "threshold":
      return { decide: (_t, s, _j, _sim, p) => (p.indexOf(Math.max(...p)) < 2 ? clip(s + o.eta) : s), final: () => null };
    case "extremum-seeking":
    case "oracle": {
      let c = o.startC;
      let jPlus = 0;
      const decide: Decide = (t, _s, j, sim) => {
        const jj = policy === "oracle" ? sim.outcomeNow().quality : j;
        if (t === 0) return clip(c + o.delta); // start the first probe
        if (t % 2 === 1) {
          jPlus = jj; // J measured at c + δ
          return clip(c - o.delta);
        }
        c = clip(c + o.eta * Math.sign(jPlus - jj)); // J₊ − J₋ at c ± δ
        return clip(c + o.delta);
      };
      return { decide, final: () => c };
    }
    case "random-search": {
      let target = o.startC;
      let best = { c: o.startC, j: -Infinity };
      const decide: Decide = (_t, s, j) => {
        if (Math.abs(s - target) > 1e-9) return target; // still ramping toward the candidate
        if (j > best.j) best = { c: s, j };
        target = Math.round(rng.uniform(o.limits.min, o.limits.max));
        return target;
      };
      return { decide, final: () => best.c };
    }
  }
}

/**
 * One closed-loop run: the anneal at the nominal set point with hidden offset `growth.dT`, `o.ticks` control ticks,
 * one settling tick at the policy's final set point, then deposition. `rng` draws the camera and frame noise (use
 * the same per run across policies for a paired comparison).
 */
export function runClosedLoop(policy: Policy, run: number, growth: Omit<GrowthParams, "tSet">, scorer: Scorer, render: Pick<RheedGenParams, "size" | "azimuth">, o: LoopOptions, rng: Rng): LoopResult {
  const sim = new SimulatedGrowth({ ...growth, tSet: o.startC }, render, rng.fork("sim"), o.limits);
  const p = makePolicy(policy, o, rng.fork("policy"));
  const trace: TraceRow[] = [];
  for (let tick = 0; tick < o.ticks; tick++) {
    sim.advance(o.tickS);
    const probs = policy === "open-loop" || policy === "oracle" ? [NaN, NaN, NaN] : scorer(sim.frames(o.frames));
    const j = scoreOf(probs);
    const st = sim.readState();
    trace.push({ t: st.t, tSetRequested: st.tSetRequested, tSet: st.tSet, tTrue: sim.trueTemperature(), probs, j });
    sim.setTemperature(p.decide(tick, st.tSet, j, sim, probs));
  }
  const fin = p.final();
  if (fin !== null) sim.setTemperature(fin);
  sim.advance(o.tickS); // settle
  const st = sim.readState();
  trace.push({ t: st.t, tSetRequested: st.tSetRequested, tSet: st.tSet, tTrue: sim.trueTemperature(), probs: [NaN, NaN, NaN], j: NaN });
  const outcome = sim.finish();
  return { policy, run, dT: growth.dT, finalSet: st.tSet, finalTrue: sim.trueTemperature(), outcome, trace };
}
