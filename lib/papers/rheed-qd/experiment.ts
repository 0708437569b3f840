/**
 * The experiments of the rheed-qd reconstruction (arXiv 2411.00332, card §4–5), one function each, what the notebook
 * calls: R1 frames and spectra of the virtual MBE; C1/C2/R2/R3 classifiers on anneal frames (the paper's "surface
 * reconstruction carries PL information"), with the negative control, a sizing run and the logistic-regression
 * ceiling; C3 temporal context on deposition frames; C4/R4/R5 closed-loop control; C5 inference time; R6 the
 * local-spatial attention map.
 */
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import { dataRoot } from "../../../datasets/cache";
import type { Spread } from "../../claims";
import { runSeeds, seedList } from "../../kit/seeds";
import { timeSteps } from "../../kit/timing";
import { fitLogistic } from "../../core/train/logistic";
import { macroF1 } from "../../core/train/metrics";
import { Rng } from "../../core/train/seed";
import { LOOP_DEFAULTS, POLICIES, runClosedLoop, type LoopOptions, type LoopResult, type Policy, type Scorer } from "./closed-loop";
import type { RheedConfig } from "./config";
import { allWindows, runSplits, stackWindows, windowEnds, type Phase } from "./data";
import { frameState, generateRheed, windowLatents, type RheedDataset } from "./generate";
import { grow, NOMINAL, plSpectrum, type GrowthOutcome } from "./mbe";
import { disposeModel, forward, type Model, type Variant } from "./model";
import { renderFrame, type Nuisance } from "./rheed";
import { loadRunFolders } from "./runs-io";
import { probaOfFrames, trainClassifier, type TrainResult } from "./train";

/** The two synthetic data sets of a config: informative, and the negative control (PL features off). */
export interface RheedData {
  main: RheedDataset;
  control: RheedDataset;
}

/** Generates both data sets (same parameters and seed; the control renders every run from the nominal recipe). */
export function buildData(cfg: RheedConfig): RheedData {
  return { main: generateRheed({ ...cfg.data, seed: cfg.seed }), control: generateRheed({ ...cfg.data, seed: cfg.seed, informative: false }) };
}

/**
 * The data of a config: synthetic (buildData) unless `cfg.dataDir` names real run folders (full scale:
 * `RHEED_QD_DIR`, or `dataDir` under the paperlab data folder). For real runs the negative control is the same
 * set with the training labels permuted across runs (the generator's "PL features off" needs a simulator).
 */
export function loadData(cfg: RheedConfig): RheedData {
  if (!cfg.dataDir) return buildData(cfg);
  const dir = process.env.RHEED_QD_DIR ?? (path.isAbsolute(cfg.dataDir) ? cfg.dataDir : path.join(dataRoot(), cfg.dataDir));
  const main = loadRunFolders(dir, { size: cfg.data.size ?? 48, annealFrames: cfg.data.annealFrames ?? 4, depositionFrames: cfg.data.depositionFrames ?? 16 });
  return { main, control: permuteTrainingLabels(main, cfg.seed) };
}

/** The same set with the training runs' labels shuffled among them (validation and test keep theirs). */
export function permuteTrainingLabels(d: RheedDataset, seed: number): RheedDataset {
  const train = d.runs.filter((r) => r.split === "train");
  const perm = new Rng(seed).fork("permute").permutation(train.length);
  const relabel = new Map(train.map((r, i) => [r.id, train[perm[i]].label]));
  return { ...d, params: { ...d.params, informative: false }, runs: d.runs.map((r) => ({ ...r, label: relabel.get(r.id) ?? r.label })) };
}

/** R1 (a): one clean-geometry, noisy frame per (T_set, θ) of the nominal recipe (θ = 0: the anneal). */
export function frameGrid(tSets: readonly number[], thetas: readonly number[], size: number, seed = 0): { tSet: number; theta: number; frame: Float32Array }[] {
  const rng = new Rng(seed);
  const nz: Nuisance = { gain: 1, gamma: 1, jitterX: 0, jitterY: 0, rotDeg: 0, shot: 0.01, read: 0.02 };
  return thetas.flatMap((theta) => tSets.map((tSet) => {
    const o = grow({ tSet, dT: 0, ...NOMINAL });
    const f = renderFrame(frameState(o, theta, "[1-10]"), nz, size, rng);
    return { tSet, theta, frame: Float32Array.from(f, (v) => v / 255) };
  }));
}

/** R1 (b) / R5: PL spectra (1100–1350 nm) of the nominal recipe at several true temperatures. */
export function spectra(conditions: readonly { label: string; outcome: GrowthOutcome }[], step = 2): { nm: number; intensity: number; condition: string }[] {
  const nm = Array.from({ length: Math.floor(250 / step) + 1 }, (_, i) => 1100 + i * step);
  return conditions.flatMap((c) => plSpectrum(c.outcome, nm).map((intensity, i) => ({ nm: nm[i], intensity, condition: c.label })));
}

/** One cell of the classifier grid: variant, T, phase, data set, with its seed runs and their test macro-F1 spread. */
export interface CellResult extends Spread {
  label: string;
  variant: Variant;
  frames: number;
  phase: Phase;
  informative: boolean;
  epochs: number;
  dilations: number[];
  runs: TrainResult[];
  values: number[];
}

/** A table row of a cell: its label and the test macro-F1 spread (mean ± sd over seeds). */
export function cellRow(c: CellResult): { model: string; "test macro-F1": Spread; epochs: number; steps: number; "ms/step": number; params: number } {
  return { model: c.label, "test macro-F1": { n: c.n, mean: c.mean, sd: c.sd, min: c.min, max: c.max }, epochs: c.epochs, steps: c.runs[0]?.steps ?? 0, "ms/step": c.runs[0]?.msPerStep ?? NaN, params: c.runs[0]?.params ?? 0 };
}

/** Trains `variant` at T = `frames` on `seeds` seeds (seed + 0, 1, …) and summarises the test macro-F1. */
export async function runCell(cfg: RheedConfig, d: RheedDataset, o: { label: string; variant: Variant; frames: number; phase: Phase; firstEnd: number; epochs?: number; seeds?: number; dilations?: number[]; keepFirst?: boolean }, log: (s: string) => void = () => undefined): Promise<CellResult> {
  const epochs = o.epochs ?? cfg.train.epochs;
  const dilations = o.dilations ?? [1, 2, 3];
  const r = await runSeeds(seedList(cfg.seed, o.seeds ?? cfg.seeds), async (seed, i) => {
    const res = await trainClassifier(d, {
      model: { variant: o.variant, frames: o.frames, glam: { k: 3, dilations, reduction: 2, sharedQK: false, flatSoftmax: false } }, phase: o.phase, firstEnd: o.firstEnd,
      ...cfg.train, epochs, seed, keep: o.keepFirst === true && i === 0,
    });
    log(`${o.label} seed ${seed}: test macro-F1 ${res.testF1.toFixed(3)} (val ${res.valF1.toFixed(3)}), ${res.steps} steps, ${res.msPerStep.toFixed(0)} ms/step`);
    return res;
  }, { metric: (res) => res.testF1 });
  return { label: o.label, variant: o.variant, frames: o.frames, phase: o.phase, informative: d.params.informative, epochs, dilations, runs: r.results, values: r.values, n: r.n, mean: r.mean, sd: r.sd, min: r.min, max: r.max };
}

/** C1/C2/R2/R3 results: the variant grid, the negative control, the sizing run and the ceiling. */
export interface ClassifyResults {
  cells: CellResult[];
  control: CellResult;
  /** The plain baseline at `sizing.factor`× the epochs (2 or 0.5), on the first `sizing.seeds` seeds. */
  sizing: CellResult;
  /** Logistic regression on the renderer's true latents (and their squares): held-out test macro-F1. */
  ceiling: number;
  /** Extra dilation sets of full GLAM (R3). */
  dilations: CellResult[];
}

/** Ceiling: softmax regression on the window latents (+ squares) of the training runs, macro-F1 on the test runs. */
export function latentCeiling(d: RheedDataset, phase: Phase, frames: number, firstEnd: number): number {
  if (d.runs.some((r) => r.truth === null)) return Number.NaN; // real runs: no latents
  const ends = windowEnds(d, phase, Math.max(firstEnd, frames - 1));
  const s = runSplits(d);
  const rows = (runs: typeof s.train) => runs.flatMap((r) => ends.map((e) => {
    const l = windowLatents(r, d.params, phase, e, frames);
    return { x: [...l, ...l.map((v) => v * v)], y: r.label };
  }));
  const tr = rows(s.train), te = rows(s.test);
  const m = fitLogistic(tr.map((q) => q.x), tr.map((q) => q.y), { classes: 3, l2: 1e-3, steps: 400 });
  return macroF1(te.map((q) => q.y), m.predict(te.map((q) => q.x)), 3);
}

/** C1/C2: every classify variant at T = 1 (the first run of `keepVariant` keeps its model for the controller and R6). */
export async function runClassify(cfg: RheedConfig, data: RheedData, log?: (s: string) => void): Promise<ClassifyResults> {
  const c = cfg.classify;
  const cells: CellResult[] = [];
  for (const variant of c.variants) cells.push(await runCell(cfg, data.main, { label: `${variant} T=1`, variant, frames: 1, phase: c.phase, firstEnd: c.firstEnd, keepFirst: variant === cfg.control.variant }, log));
  const control = await runCell(cfg, data.control, { label: "plain T=1, PL features off", variant: "plain", frames: 1, phase: c.phase, firstEnd: c.firstEnd }, log);
  const sizingEpochs = Math.max(1, Math.round(cfg.train.epochs * cfg.sizing.factor));
  const sizing = await runCell(cfg, data.main, { label: `plain T=1, ${sizingEpochs} epochs (sizing)`, variant: "plain", frames: 1, phase: c.phase, firstEnd: c.firstEnd, epochs: sizingEpochs, seeds: cfg.sizing.seeds }, log);
  const dilations: CellResult[] = [];
  for (const dl of cfg.dilations) dilations.push(await runCell(cfg, data.main, { label: `full T=1, R={${dl.join(",")}}`, variant: "full", frames: 1, phase: c.phase, firstEnd: c.firstEnd, dilations: dl }, log));
  return { cells, control, sizing, ceiling: latentCeiling(data.main, c.phase, 1, c.firstEnd), dilations };
}

/** C3: each temporal variant at every T on deposition windows. */
export async function runTemporal(cfg: RheedConfig, data: RheedData, log?: (s: string) => void): Promise<CellResult[]> {
  const t = cfg.temporal;
  const out: CellResult[] = [];
  for (const variant of t.variants) for (const frames of t.frames) out.push(await runCell(cfg, data.main, { label: `${variant} T=${frames} (${t.phase})`, variant, frames, phase: t.phase, firstEnd: t.firstEnd }, log));
  return out;
}

/** The mean F1 of the first `n` seeds of a cell (to compare a sizing run with the same seeds of the baseline). */
export function meanOfFirst(c: CellResult, n: number): number {
  const v = c.values.slice(0, n);
  return v.reduce((a, b) => a + b, 0) / v.length;
}

/** A scorer from a trained model: class probabilities of the last T frames. */
export function modelScorer(m: Model): Scorer {
  return (frames: Uint8Array) => probaOfFrames(m, frames);
}

/** C4/R4/R5: every policy on `runs` runs with hidden offsets ΔT ~ N(0, dTSd), paired across policies. */
export interface ControlResults {
  results: LoopResult[];
  /** Per policy: median intensity ratio and ΔFWHM (meV) against the open loop of the same run, with quartiles. */
  summary: { policy: Policy; medianRatio: number; q1Ratio: number; q3Ratio: number; medianDFwhm: number; q1DFwhm: number; q3DFwhm: number }[];
  options: LoopOptions;
}

const quantile = (xs: readonly number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  const i = q * (s.length - 1);
  const lo = Math.floor(i);
  return s[lo] + (s[Math.min(s.length - 1, lo + 1)] - s[lo]) * (i - lo);
};

/** Runs the closed loop for every policy (scorer from the model) on `cfg.control.runs` runs. */
export function runControl(cfg: RheedConfig, scorer: Scorer, frames: number, policies: readonly Policy[] = POLICIES): ControlResults {
  const o: LoopOptions = { ...LOOP_DEFAULTS, ...cfg.control.loop, frames };
  const dTSd = cfg.data.dTSd ?? 12;
  const root = new Rng(cfg.seed).fork("control");
  const render = { size: cfg.data.size ?? 48, azimuth: cfg.data.azimuth ?? "[1-10]" } as const;
  const results: LoopResult[] = [];
  for (let i = 0; i < cfg.control.runs; i++) {
    const r = root.fork(`run${i}`);
    const growth = { dT: r.fork("offset").normal(0, dTSd), ...NOMINAL };
    for (const p of policies) results.push(runClosedLoop(p, i, growth, scorer, render, o, r.fork("loop")));
  }
  const open = new Map(results.filter((r) => r.policy === "open-loop").map((r) => [r.run, r.outcome]));
  const summary = policies.map((policy) => {
    const rs = results.filter((r) => r.policy === policy);
    const ratio = rs.map((r) => r.outcome.intensity / open.get(r.run)!.intensity);
    const dF = rs.map((r) => r.outcome.fwhm - open.get(r.run)!.fwhm);
    return { policy, medianRatio: quantile(ratio, 0.5), q1Ratio: quantile(ratio, 0.25), q3Ratio: quantile(ratio, 0.75), medianDFwhm: quantile(dF, 0.5), q1DFwhm: quantile(dF, 0.25), q3DFwhm: quantile(dF, 0.75) };
  });
  return { results, summary, options: o };
}

/**
 * C5: one single-sample inference (T×S×S → class probabilities) after warm-up: median wall time and median process
 * CPU time in ms (CPU time is the steadier number on a shared machine).
 */
export async function inferenceMs(m: Model, reps: number): Promise<{ wallMs: number; cpuMs: number }> {
  const x = tf.randomUniform([1, m.config.size, m.config.size, m.config.frames], 0, 1, "float32", 7) as tf.Tensor4D;
  const infer = () => tf.tidy(() => tf.softmax(forward(m, x).logits).dataSync());
  const wall = await timeSteps(infer, { warmup: 3, reps });
  const cpu = await timeSteps(infer, { warmup: 0, reps, clock: "cpu" });
  x.dispose();
  return { wallMs: wall.medianMs, cpuMs: cpu.medianMs };
}

/** R6: a test frame and the local-spatial attention A_ls of a model (null when the variant has none), same S×S grid. */
export function attentionOverlay(m: Model, d: RheedDataset, phase: Phase, stats: TrainResult["stats"], runIndex = 0): { frame: number[][]; attention: number[][] | null; mapSize: number; run: string; label: number } {
  const S = m.config.size, T = m.config.frames;
  const run = runSplits(d).test[runIndex];
  const items = allWindows([run], [T - 1]);
  const st = stackWindows(items, phase, T, S, stats);
  const maps: { localSpatial?: tf.Tensor3D } = {};
  tf.tidy(() => { forward(m, tf.tensor4d(st.x, [1, S, S, T]), false, maps); });
  const buf = phase === "anneal" ? run.anneal : run.deposition;
  const frame = Array.from({ length: S }, (_, y) => Array.from(buf.subarray((T - 1) * S * S + y * S, (T - 1) * S * S + (y + 1) * S), (v) => v / 255));
  let attention: number[][] | null = null;
  let mapSize = 0;
  if (maps.localSpatial) {
    const a = maps.localSpatial.arraySync()[0];
    mapSize = a.length;
    const f = S / a.length; // nearest-neighbour upsampling of the h×w map to S×S
    attention = Array.from({ length: S }, (_, y) => Array.from({ length: S }, (_, x) => a[Math.floor(y / f)][Math.floor(x / f)]));
    maps.localSpatial.dispose();
  }
  return { frame, attention, mapSize, run: run.id, label: run.label };
}

/** Frees the models kept by the classifier runs (the controller's scorer). */
export function disposeResults(r: { classify: ClassifyResults; temporal: CellResult[] }): void {
  for (const c of [...r.classify.cells, r.classify.control, r.classify.sizing, ...r.classify.dilations, ...r.temporal]) {
    for (const run of c.runs) {
      if (run.model) disposeModel(run.model);
      run.model = undefined;
    }
  }
}
