/**
 * MetaLA (arXiv 2411.10741) experiments, what the notebook calls (each takes the typed config of config.ts):
 * - Fig. 3: MQAR accuracy vs width per mixer (best over learning rates, as the paper reports, and the mean);
 * - Table 2 / C2: static approximation of random causal softmax maps per parameter group;
 * - C1: forgetting MQAR (updated vs kept keys);
 * - Table 8: ablations (−conv, −aug, +key) on MQAR;
 * - Fig. A2: time per token vs sequence length (forward + backward of one mixer).
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../core/train/seed";
import { ParamStore } from "../../core/nn";
import { spreadOf, timeSteps } from "../../kit";
import type { MetalaConfig } from "./config";
import { causalSoftmaxMaps, distantMassMaps, type MqarTask } from "./data";
import { applyMixer, convKernelFor, initMixer, type MixerKind, type MixerOptions } from "./mixers";
import { MODEL_DEFAULTS, type ModelConfig } from "./model";
import { FIT_DEFAULTS, fitStaticMaps, fixedDecayReach, PARAM_GROUPS, type ParamGroup } from "./static-approx";
import { trainMqar, type RunResult, type RunSpec } from "./train";

function spec(cfg: MetalaConfig, task: MqarTask, mixer: MixerKind, d: number, lr: number, seed: number, steps = cfg.steps): RunSpec {
  return {
    task, model: { ...cfg.model, mixer, d, maxLen: Math.max(task.seqLen, cfg.model.maxLen ?? 0) }, lr, steps, batch: cfg.batch,
    evalEvery: Math.min(cfg.evalEvery, steps), testSize: cfg.testSize, seed, weightDecay: cfg.weightDecay, stopAt: cfg.stopAt,
  };
}

/** Runs every (mixer, d, lr, seed) of a grid; `log` gets one line per run. */
export async function runGrid(cfg: MetalaConfig, task: MqarTask, mixers: MixerKind[], dims: number[], steps = cfg.steps, log: (s: string) => void = () => undefined, reuse: readonly RunResult[] = []): Promise<RunResult[]> {
  const out: RunResult[] = [];
  for (const d of dims) {
    for (const mixer of mixers) {
      for (const lr of cfg.lrs) {
        for (let s = 0; s < cfg.seeds; s++) {
          const same = reuse.find((r) => r.mixer === mixer && r.d === d && r.lr === lr && r.seed === cfg.seed + s && r.task === JSON.stringify(task) && r.budget === steps);
          if (same) {
            out.push(same);
            continue;
          }
          const r = await trainMqar(spec(cfg, task, mixer, d, lr, cfg.seed + s, steps));
          log(`${mixer} d=${d} lr=${lr} seed=${cfg.seed + s}: acc ${r.acc.toFixed(3)} (best ${r.best.toFixed(3)}) after ${r.steps} steps, ${r.msPerStep.toFixed(0)} ms/step`);
          out.push(r);
        }
      }
    }
  }
  return out;
}

/** Fig. 3: MQAR accuracy vs width per mixer. */
export function runFig3(cfg: MetalaConfig, log?: (s: string) => void): Promise<RunResult[]> {
  return runGrid(cfg, cfg.task, cfg.mixers, cfg.dims, cfg.steps, log);
}

/** Table 8 on MQAR: MetaLA and its −conv, −aug, +key variants (identical runs of `reuse`, e.g. Fig. 3's, are not repeated). */
export function runAblation(cfg: MetalaConfig, log?: (s: string) => void, reuse: readonly RunResult[] = []): Promise<RunResult[]> {
  return runGrid(cfg, cfg.task, cfg.ablation.mixers, [cfg.ablation.d], cfg.steps, log, reuse);
}

/** C1: forgetting MQAR, accuracy on updated and kept keys. */
export function runForgetting(cfg: MetalaConfig, log?: (s: string) => void): Promise<RunResult[]> {
  const f = cfg.forgetting;
  return runGrid(cfg, f.task, f.mixers, [f.d], f.steps, log);
}

/** One summary row: accuracy of a (mixer, d) cell, best over learning rates per seed then mean ± sd over seeds, and the mean over all runs. */
export interface SummaryRow {
  mixer: string;
  d: number;
  /** Best-over-lr accuracy (the paper's statistic), mean over seeds. */
  best: number;
  /** Sample standard deviation of the best-over-lr accuracy over seeds (0 for one seed). */
  sd: number;
  /** Mean accuracy over learning rates and seeds. */
  mean: number;
  /** Same for the forgetting split (NaN for plain MQAR). */
  bestUpdated: number;
  bestKept: number;
  /** The seeds (ascending) and, per seed, the best-over-lr run's accuracy overall, on updated and on kept keys. */
  seeds: number[];
  bestBySeed: number[];
  updatedBySeed: number[];
  keptBySeed: number[];
  runs: number;
}

/** Summarises runs per (mixer, d): best over learning rate (per seed, by final accuracy) and the mean. */
export function summarize(runs: readonly RunResult[]): SummaryRow[] {
  const keys = [...new Set(runs.map((r) => `${r.mixer}|${r.d}`))];
  return keys.map((key) => {
    const rs = runs.filter((r) => `${r.mixer}|${r.d}` === key);
    const seeds = [...new Set(rs.map((r) => r.seed))].sort((a, b) => a - b);
    const bestRuns = seeds.map((s) => rs.filter((r) => r.seed === s).reduce((a, b) => (b.acc > a.acc ? b : a)));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const { mean: best, sd } = spreadOf(bestRuns.map((r) => r.acc)); // sample sd (n − 1), as every seeded claim
    return {
      mixer: rs[0].mixer, d: rs[0].d, best, sd, mean: mean(rs.map((r) => r.acc)),
      bestUpdated: mean(bestRuns.map((r) => r.accUpdated)), bestKept: mean(bestRuns.map((r) => r.accKept)),
      seeds, bestBySeed: bestRuns.map((r) => r.acc), updatedBySeed: bestRuns.map((r) => r.accUpdated), keptBySeed: bestRuns.map((r) => r.accKept), runs: rs.length,
    };
  });
}

/** One Table 2 row: a parameter group's final MSE on one map. */
export interface StaticRow {
  group: ParamGroup;
  sigma: number;
  map: number;
  mse: number;
  log10Mse: number;
}

/** Table 2 / C2: fits every parameter group to random causal softmax maps at each σ. */
export function runStatic(cfg: MetalaConfig, groups: readonly ParamGroup[] = PARAM_GROUPS): StaticRow[] {
  const s = cfg.staticApprox;
  const rows: StaticRow[] = [];
  for (const sigma of s.sigmas) {
    const maps = causalSoftmaxMaps(s.maps, s.n, sigma, cfg.seed + Math.round(100 * sigma));
    for (const group of groups) {
      const r = fitStaticMaps(maps, group, { dk: s.n, steps: s.steps, seed: cfg.seed });
      r.mse.forEach((mse, map) => rows.push({ group, sigma, map, mse, log10Mse: Math.log10(Math.max(mse, 1e-16)) }));
    }
    maps.dispose();
  }
  return rows;
}

/** One row of C2's fixed-decay case: a group's final MSE on one distant-mass map of length n. */
export interface DistantRow {
  /** "Q,K,Λ α₀=…" (the given fixed decay) or "Q,Λt" (MetaLA). */
  group: string;
  n: number;
  map: number;
  mse: number;
  /** Rows whose distant entry p = mass lies beyond the fixed decay's reach d_k·C²·α₀^t (0 for a dynamic decay). */
  unreachable: number;
}

/**
 * C2's fixed-decay ✗ (card §2.3): maps whose rows put `mass` on token 0, at lengths n (d_k = n). A given fixed
 * decay α₀ reaches at most d_k·C²·α₀^t at distance t, so rows beyond that distance cannot be fitted, and the error
 * grows with n; MetaLA's (Q,Λt) fits the same maps (its decay is data-dependent).
 */
export function runFixedDecay(cfg: MetalaConfig): DistantRow[] {
  const s = cfg.staticApprox;
  const f = s.distant;
  const rows: DistantRow[] = [];
  for (const n of f.lengths) {
    const maps = distantMassMaps(f.maps, n, f.mass, 1, cfg.seed + 7 * n);
    const given = fitStaticMaps(maps, "Q,K,Λ", { dk: n, steps: s.steps, seed: cfg.seed, fixedDecay: f.alpha });
    const unreachable = Array.from({ length: n }, (_, t) => t).filter((t) => fixedDecayReach(f.alpha, n, FIT_DEFAULTS.bound, t) < f.mass).length;
    given.mse.forEach((mse, map) => rows.push({ group: `Q,K,Λ α₀=${f.alpha}`, n, map, mse, unreachable }));
    fitStaticMaps(maps, "Q,Λt", { dk: n, steps: s.steps, seed: cfg.seed }).mse.forEach((mse, map) => rows.push({ group: "Q,Λt", n, map, mse, unreachable: 0 }));
    maps.dispose();
  }
  return rows;
}

/** One Fig. A2 row. */
export interface EfficiencyRow {
  mixer: string;
  T: number;
  /** Median forward + backward time of one mixer layer per step (ms) and per token (ms / (B·T)). */
  msPerStep: number;
  msPerToken: number;
}

/**
 * Fig. A2: forward + backward of one mixer layer (chunked form for the linear mixers) at `overheadT` and at each
 * length, median process CPU time of `reps` after one warm-up (kit `timeSteps`; WASM runs on one thread). The step at `overheadT` (a few tokens) is mostly
 * per-op dispatch: `costSlope` fits only the lengths where compute dominates it. Timings depend on the machine's
 * load; they are reported, never asserted in tests.
 */
export async function runEfficiency(cfg: MetalaConfig): Promise<EfficiencyRow[]> {
  const e = cfg.efficiency;
  const rows: EfficiencyRow[] = [];
  const r = new Rng(cfg.seed);
  for (const mixer of e.mixers) {
    const c: ModelConfig = { ...MODEL_DEFAULTS, ...cfg.model, mixer, d: e.d };
    for (const T of [e.overheadT, ...e.lengths]) {
      const o: MixerOptions = {
        kind: mixer, d: e.d, heads: c.heads, convKernel: convKernelFor(mixer, c.convRegime, c.sharedConv, c.metalaConv), augForm: c.augForm, glaRank: c.glaRank,
        mambaState: c.mambaState, layer: 0, layers: 1, form: "chunked", chunk: c.chunk, maxLen: T, init: c.init,
      };
      const layerRng = r.fork(`${mixer}/${T}`);
      const p = new ParamStore(layerRng, "metala-efficiency");
      initMixer(p, "", o, layerRng);
      const x = tf.randomNormal([e.batch, T, e.d], 0, 1, "float32", 1); // [B, T, d]
      const vars = p.list();
      const step = () => {
        const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(applyMixer(p, "", o, x))) as tf.Scalar, vars);
        value.dataSync();
        tf.dispose([value, ...Object.values(grads)]);
      };
      const t = await timeSteps(step, { warmup: 1, reps: e.reps, clock: "cpu" }); // process CPU time: steadier than wall time on a shared machine
      rows.push({ mixer, T, msPerStep: t.medianMs, msPerToken: t.medianMs / (e.batch * T) });
      x.dispose();
      p.dispose();
    }
  }
  return rows;
}

/** A compute-dominated step: at least this share of its time is not the fixed per-op cost (the `overheadT` step). */
export const COMPUTE_SHARE = 0.75;

/** The log-log slope of time per token against T over the compute-dominated lengths of one mixer. */
export interface CostSlope {
  mixer: string;
  /** d log(ms per token) / d log T by least squares (0: linear cost, 1: quadratic); NaN with fewer than 2 lengths. */
  slope: number;
  /** The lengths fitted: the longest ones whose steps all take ≥ overhead/(1 − COMPUTE_SHARE), i.e. compute ≥ 75 % of each. */
  lengths: number[];
  /** Step time at `overheadT` (ms): the fixed cost the fitted lengths are measured against. */
  overheadMs: number;
}

/**
 * Fits the per-token cost exponent of `mixer` from Fig. A2 rows (card claim 6): time per step t(T) ≈ c₀ + c₁T + c₂T²,
 * so per-token time falls as 1/T where c₀ (dispatch) dominates, is flat where c₁T does and grows as T where c₂T²
 * does. Only lengths with t(T) ≥ c₀/(1 − COMPUTE_SHARE) enter the fit, c₀ measured at `overheadT`.
 */
export function costSlope(rows: readonly EfficiencyRow[], mixer: string, overheadT: number): CostSlope {
  const rs = rows.filter((r) => r.mixer === mixer).sort((a, b) => a.T - b.T);
  const overheadMs = rs.find((r) => r.T === overheadT)?.msPerStep ?? NaN;
  // the longest lengths, down to the first that is not compute-dominated (a noisy middle length never re-enters)
  const fit: EfficiencyRow[] = [];
  for (const r of [...rs].reverse()) {
    if (r.T <= overheadT || r.msPerStep * (1 - COMPUTE_SHARE) < overheadMs) break;
    fit.unshift(r);
  }
  if (fit.length < 2) return { mixer, slope: NaN, lengths: fit.map((r) => r.T), overheadMs };
  const xs = fit.map((r) => Math.log(r.T)), ys = fit.map((r) => Math.log(r.msPerToken));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length, my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const slope = xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0) / xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  return { mixer, slope, lengths: fit.map((r) => r.T), overheadMs };
}

/** Learning-curve rows (step, test accuracy) of runs, one series per mixer/d/lr. */
export function curveRows(runs: readonly RunResult[]): { step: number; value: number; run: string; seed: number }[] {
  return runs.flatMap((r) => r.curve.map((c) => ({ step: c.step, value: c.acc, run: `${r.mixer} d=${r.d} lr=${r.lr}`, seed: r.seed })));
}
