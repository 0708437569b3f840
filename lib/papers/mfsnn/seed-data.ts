/**
 * One seed's data for the MFSNN experiments (arXiv 2410.03533, card §5): a simulated population (seed = population),
 * its training and test days, the extra last-day trials of protocol Sm, the test days re-drifted at each severity,
 * and the electrodes dropped for the attention check.
 */
import { Rng } from "../../core/train/seed";
import type { BciParadigm } from "../../../datasets/entries/bci-sim";
import type { MfsnnConfig } from "./config";
import { channelDropMask, concatTrials, simulate, splitByDay, type Trials } from "./data";
import type { SeedData } from "./train";

/** Options of `prepareSeed`: which extras to draw (cross-day runs need them; within-day-only runs do not). */
export interface PrepareOptions {
  /** Draw the extra last-day trials of protocol Sm (as many as M's training pool). */
  extra?: boolean;
  /** Re-drift the test days at each of cfg.severities. */
  severities?: boolean;
}

/** Simulates and splits one seed's trials for `paradigm`. */
export function prepareSeed(cfg: MfsnnConfig, paradigm: BciParadigm, seed: number, o: PrepareOptions = {}): SeedData {
  const spec = { ...cfg.sim, paradigm };
  const days = [...cfg.trainDays, ...cfg.testDays];
  const testFrom = cfg.testDays[0];
  const base = simulate(spec, days, seed, { testFrom });
  let trials: Trials = base;
  if (o.extra) {
    const poolSize = Math.round(0.8 * spec.trials) * cfg.trainDays.length;
    const n = Math.ceil(poolSize / base.K) * base.K;
    const extra = simulate(spec, [cfg.trainDays[cfg.trainDays.length - 1]], seed, { testFrom, trials: n, trialStart: spec.trials });
    trials = concatTrials([base, extra]);
  }
  const split = splitByDay(trials, cfg.trainDays, cfg.testDays, new Rng(`mfsnn-split/${seed}`));
  const severityTests = (o.severities ? cfg.severities : []).map((s) => ({
    s,
    trials: s === spec.severity ? testOnly(trials, cfg.testDays) : simulate(spec, cfg.testDays, seed, { testFrom, testSeverity: s }),
  }));
  return { seed, trials, split, severityTests, drop: channelDropMask(base.C, cfg.channelDrop, new Rng(`mfsnn-drop/${seed}`)), cache: new Map() };
}

/** The test days' trials of a set (base trials only), as their own set. */
function testOnly(d: Trials, testDays: number[]): Trials {
  const idx = Array.from({ length: d.n }, (_, i) => i).filter((i) => testDays.includes(d.day[i]) && !d.extra[i]);
  const { T, C } = d;
  const counts = new Float32Array(idx.length * T * C);
  idx.forEach((i, r) => counts.set(d.counts.subarray(i * T * C, (i + 1) * T * C), r * T * C));
  return { ...d, counts, labels: Int32Array.from(idx, (i) => d.labels[i]), day: Int32Array.from(idx, (i) => d.day[i]), extra: new Uint8Array(idx.length), n: idx.length };
}
