/**
 * The `rheed-qd` generator (registered in datasets/entries/rheed-qd.ts): seeded growth runs of the virtual MBE
 * (mbe.ts) rendered as RHEED frames (rheed.ts), with post-growth PL labels, for arXiv 2411.00332 (card §5).
 *
 * One run: conditions drawn from the ranges below, a hidden thermocouple offset ΔT ~ N(0, 12 °C); phase A = the
 * anneal at T_set before InAs (reconstruction only, `annealFrames` frames at 2 fps); phase B = deposition, θ from 0
 * to θ_end, `depositionFrames` frames evenly spaced in coverage (the last at θ_end). PL "measured" after growth =
 * the simulator's value with measurement noise (ln I ± 0.1, Γ ± 0.5 meV). Labels: tertiles of the measured quality
 * Q = ln I − (Γ − 30)/10 with cut points from the *training* runs; regression targets (ln I, Γ, λ) kept.
 * Splits are by run (70/15/15), never by frame. Same parameters + seed → same bytes (SHA-256 pinned in the tests).
 */
import { Rng } from "../../core/train/seed";
import { chevronAngle, dotHeight, grow, MBE, NOMINAL, qualityOf, relaxation, sigmoid, weight3d, type GrowthOutcome, type GrowthParams } from "./mbe";
import { drawNuisance, RENDER, renderFrame, type Azimuth, type FrameState, type Nuisance } from "./rheed";
import { rheedMessages } from "./messages";

/** Bumped whenever the bytes for given parameters change. */
export const RHEED_QD_VERSION = 1;

/** The split names. */
export const SPLITS = ["train", "val", "test"] as const;
export type Split = (typeof SPLITS)[number];

/** Generator parameters (the entry's defaults are RHEED_QD_DEFAULTS). */
export interface RheedGenParams {
  /** Number of runs. */
  runs: number;
  /** Frame size S (pixels). */
  size: number;
  /** Phase A (anneal) and phase B (deposition) frames per run. */
  annealFrames: number;
  depositionFrames: number;
  /** T_set range, °C (uniform), and the sd of the hidden offset ΔT, °C. */
  tSet: [number, number];
  dTSd: number;
  /** As BEP range, Torr (log-uniform); growth rate, ML/s; final coverage, ML (uniform). */
  pAs: [number, number];
  g: [number, number];
  thetaEnd: [number, number];
  /** Runs per growth day (for leave-one-day-out cross-validation); each day has its own camera gain drift (±10 %). */
  runsPerDay: number;
  /** Train / val fractions (the rest is test), by run. */
  trainFrac: number;
  valFrac: number;
  /** False: every run is rendered from the nominal recipe at 500 °C, so frames carry no PL information (negative control). */
  informative: boolean;
  /** Azimuth of the camera; "rotating" switches between the two every `rotatePeriod` frames (substrate rotation). */
  azimuth: Azimuth | "rotating";
  rotatePeriod: number;
  /** PL measurement noise: sd of ln I and of Γ (meV). */
  noiseLnI: number;
  noiseFwhm: number;
  seed: number;
}

/** Defaults of the `rheed-qd` entry: 300 runs × (4 anneal + 16 deposition) frames at 48×48 (card §5.3). */
export const RHEED_QD_DEFAULTS: RheedGenParams = {
  runs: 300, size: 48, annealFrames: 4, depositionFrames: 16, tSet: [450, 560], dTSd: 12, pAs: [2.5e-7, 1e-6], g: [0.05, 0.15],
  thetaEnd: [2.0, 3.0], runsPerDay: 10, trainFrac: 0.7, valFrac: 0.15, informative: true, azimuth: "[1-10]", rotatePeriod: 4,
  noiseLnI: 0.1, noiseFwhm: 0.5, seed: 0,
};

/** The measured (noisy) PL of a run: the labels' source. */
export interface MeasuredPl {
  lnI: number;
  fwhm: number;
  peakNm: number;
  quality: number;
}

/** One growth run. */
export interface RheedRun {
  id: string;
  /** Growth day (index) and its key (the run folder's "day"; for leave-one-day-out). */
  day: number;
  dayKey: string;
  split: Split;
  params: GrowthParams;
  /** The simulator's noise-free outcome (the renderer's true latents); null for real runs. */
  truth: GrowthOutcome | null;
  measured: MeasuredPl;
  /** Tertile class of the measured quality: 0 poor, 1 fair, 2 good. */
  label: number;
  /** Phase A frames [annealFrames·S·S] and phase B frames [depositionFrames·S·S], uint8. */
  anneal: Uint8Array;
  deposition: Uint8Array;
  /** Coverage θ (ML) of each deposition frame. */
  coverage: number[];
}

/** A generated data set. */
export interface RheedDataset {
  generator: "rheed-qd";
  version: number;
  params: RheedGenParams;
  runs: RheedRun[];
  /** Tertile cut points of the measured quality over the training runs: poor < cuts[0] ≤ fair < cuts[1] ≤ good. */
  cuts: [number, number];
}

/** Merges overrides into the defaults; unknown keys and impossible values throw naming the fix. */
export function rheedParams(o: Partial<RheedGenParams> = {}): RheedGenParams {
  for (const k of Object.keys(o)) if (!(k in RHEED_QD_DEFAULTS)) throw new Error(rheedMessages.unknownParam(k, Object.keys(RHEED_QD_DEFAULTS)));
  const p = { ...RHEED_QD_DEFAULTS, ...o };
  for (const k of ["runs", "size", "annealFrames", "depositionFrames", "runsPerDay", "rotatePeriod"] as const) {
    if (!Number.isInteger(p[k]) || p[k] < 1) throw new Error(rheedMessages.badParam(k, p[k], "a positive integer"));
  }
  if (p.size < 16) throw new Error(rheedMessages.badParam("size", p.size, "at least 16 pixels"));
  if (!(p.trainFrac > 0 && p.valFrac >= 0 && p.trainFrac + p.valFrac < 1)) throw new Error(rheedMessages.badParam("trainFrac/valFrac", `${p.trainFrac}/${p.valFrac}`, "fractions with train > 0 and train + val < 1"));
  return p;
}

/** The frame state of a run at coverage θ (0 = anneal) for the renderer (the physics → pixels map, card §5.2). */
export function frameState(o: GrowthOutcome, theta: number, azimuth: Azimuth): FrameState {
  const smooth = sigmoid((o.tTrue - 500) / 20); // terraces widen with T: longer, narrower streaks
  const rho = relaxation(theta, o.thetaC);
  const h = dotHeight(theta, o.thetaC, o.density);
  const osc = theta < o.thetaC ? 1 - RENDER.oscAmp * Math.exp(-theta / RENDER.oscDampMl) * (1 - Math.cos(2 * Math.PI * theta)) / 2 : 1;
  return {
    sC44: o.sC44,
    reconWeight: Math.exp(-theta / RENDER.reconFadeMl),
    s3d: theta > 0 ? weight3d(theta, o.thetaC) : 0,
    rho,
    chevronDeg: chevronAngle(rho),
    streakSigmaPx: 0.8 + 0.7 * (1 - smooth) * (0.7 + 0.3 * Math.min(1, theta / o.thetaC)),
    streakLen: 0.3 + 0.3 * smooth,
    spotSigmaPx: 1 + Math.min(1, Math.max(0, (6.6 - h) / 1.2)), // σ ∝ 1/island size: 2 px at h ≤ 5.4 nm, 1 px at h ≥ 6.6 nm
    spotAmp: Math.min(1.5, Math.max(0.3, Math.pow(o.density / MBE.nRef, 0.7))), // transmitted intensity grows with dot density
    specular: osc,
    azimuth,
  };
}

/** The deposition coverages: θ_j = θ_end·(j + 1)/F. */
export function depositionCoverage(thetaEnd: number, frames: number): number[] {
  return Array.from({ length: frames }, (_, j) => (thetaEnd * (j + 1)) / frames);
}

/** Renders a run's frames from its growth parameters (`render` = the parameters whose physics the frames show). */
export function renderRun(render: GrowthParams, p: RheedGenParams, nuisance: (frame: number) => Nuisance, rng: Rng): { anneal: Uint8Array; deposition: Uint8Array; coverage: number[] } {
  const S = p.size;
  const o = grow(render);
  const az = (f: number): Azimuth => (p.azimuth === "rotating" ? (Math.floor(f / p.rotatePeriod) % 2 ? "[110]" : "[1-10]") : p.azimuth);
  const anneal = new Uint8Array(p.annealFrames * S * S);
  for (let f = 0; f < p.annealFrames; f++) anneal.set(renderFrame(frameState(o, 0, az(f)), nuisance(f), S, rng), f * S * S);
  const coverage = depositionCoverage(render.thetaEnd, p.depositionFrames);
  const deposition = new Uint8Array(p.depositionFrames * S * S);
  coverage.forEach((th, j) => deposition.set(renderFrame(frameState(o, th, az(p.annealFrames + j)), nuisance(p.annealFrames + j), S, rng), j * S * S));
  return { anneal, deposition, coverage };
}

/** Tertile cut points of values (the 1/3 and 2/3 quantiles, linear interpolation). */
export function tertileCuts(values: readonly number[]): [number, number] {
  const s = [...values].sort((a, b) => a - b);
  const q = (f: number) => {
    const i = f * (s.length - 1);
    const lo = Math.floor(i);
    return s[lo] + (s[Math.min(s.length - 1, lo + 1)] - s[lo]) * (i - lo);
  };
  return [q(1 / 3), q(2 / 3)];
}

/** Class of a quality given the cuts: 0 poor, 1 fair, 2 good. */
export function qualityClass(q: number, cuts: readonly [number, number]): number {
  return q < cuts[0] ? 0 : q < cuts[1] ? 1 : 2;
}

/** Draws one run's growth conditions from the generator's ranges. */
export function drawGrowth(p: RheedGenParams, r: Rng): GrowthParams {
  return {
    tSet: r.uniform(p.tSet[0], p.tSet[1]),
    dT: r.normal(0, p.dTSd),
    pAs: Math.pow(10, r.uniform(Math.log10(p.pAs[0]), Math.log10(p.pAs[1]))),
    g: r.uniform(p.g[0], p.g[1]),
    thetaEnd: r.uniform(p.thetaEnd[0], p.thetaEnd[1]),
  };
}

/** The growth a non-informative (negative-control) run is rendered from: the nominal recipe at 500 °C. */
export const CONTROL_GROWTH: GrowthParams = { tSet: 500, dT: 0, ...NOMINAL };

/** Generates the data set (see the file header). */
export function generateRheed(overrides: Partial<RheedGenParams> = {}): RheedDataset {
  const p = rheedParams(overrides);
  const root = new Rng(p.seed);
  const order = root.fork("split").permutation(p.runs);
  const nTrain = Math.round(p.trainFrac * p.runs);
  const nVal = Math.round(p.valFrac * p.runs);
  const splitOf = new Array<Split>(p.runs);
  order.forEach((run, i) => (splitOf[run] = i < nTrain ? "train" : i < nTrain + nVal ? "val" : "test"));
  const dayGain = Array.from({ length: Math.ceil(p.runs / p.runsPerDay) }, (_, d) => root.fork(`day${d}`).uniform(0.9, 1.1));
  const runs: RheedRun[] = [];
  for (let i = 0; i < p.runs; i++) {
    const r = root.fork(`run${i}`);
    const params = drawGrowth(p, r.fork("growth"));
    const truth = grow(params);
    const nr = r.fork("pl");
    const lnI = truth.lnI + nr.normal(0, p.noiseLnI);
    const fwhm = truth.fwhm + nr.normal(0, p.noiseFwhm);
    const measured: MeasuredPl = { lnI, fwhm, peakNm: truth.peakNm, quality: qualityOf(lnI, fwhm) };
    const day = Math.floor(i / p.runsPerDay);
    const cam = r.fork("camera");
    const base = drawNuisance(cam);
    const gain = base.gain * dayGain[day];
    const fr = r.fork("frames");
    const frames = renderRun(p.informative ? params : CONTROL_GROWTH, p, () => drawNuisance(fr, { rotDeg: base.rotDeg, gain, gamma: base.gamma }), r.fork("noise"));
    runs.push({ id: `run${String(i).padStart(4, "0")}`, day, dayKey: `day${String(day).padStart(3, "0")}`, split: splitOf[i], params, truth, measured, label: -1, ...frames });
  }
  const cuts = tertileCuts(runs.filter((x) => x.split === "train").map((x) => x.measured.quality));
  for (const x of runs) x.label = qualityClass(x.measured.quality, cuts);
  return { generator: "rheed-qd", version: RHEED_QD_VERSION, params: p, runs, cuts };
}

/** Throws when a run id appears in two splits (frames of one run are strongly correlated: split by run, never by frame). */
export function assertRunSplits(splits: Record<string, readonly { id: string }[]>): void {
  const seen = new Map<string, string>();
  for (const [name, runs] of Object.entries(splits)) {
    for (const r of runs) {
      const other = seen.get(r.id);
      if (other !== undefined && other !== name) throw new Error(rheedMessages.runInTwoSplits(r.id, other, name));
      seen.set(r.id, name);
    }
  }
}

/** The runs of one split. */
export function splitRuns(d: RheedDataset, split: Split): RheedRun[] {
  return d.runs.filter((r) => r.split === split);
}

/** Deterministic bytes: a JSON header (generator, version, params, cuts, per-run labels and PL) then every frame. */
export function rheedToBytes(d: RheedDataset): Buffer {
  const meta = d.runs.map((r) => ({ id: r.id, day: r.day, split: r.split, label: r.label, params: r.params, measured: r.measured }));
  const header = Buffer.from(JSON.stringify({ generator: d.generator, version: d.version, params: d.params, cuts: d.cuts, runs: meta }) + "\n", "utf8");
  return Buffer.concat([header, ...d.runs.flatMap((r) => [Buffer.from(r.anneal), Buffer.from(r.deposition)])]);
}

/**
 * The renderer's true latents of a window (what its pixels encode, without nuisance): the frame state of each of
 * the T frames ending at `end` (c(4×4) weight × reconstruction weight, streak length and width, s_3D, ρ, chevron
 * angle, spot σ and brightness, specular). Input of the logistic-regression ceiling (experiment.ts).
 */
export function windowLatents(r: RheedRun, p: Pick<RheedGenParams, "informative" | "depositionFrames">, phase: "anneal" | "deposition", end: number, T: number): number[] {
  const g = p.informative ? r.params : CONTROL_GROWTH;
  const o = p.informative ? r.truth : grow(CONTROL_GROWTH);
  if (!o) throw new Error(rheedMessages.noLatents(r.id));
  const cov = depositionCoverage(g.thetaEnd, p.depositionFrames);
  const out: number[] = [];
  for (let f = end - T + 1; f <= end; f++) {
    const st = frameState(o, phase === "anneal" ? 0 : cov[f], "[1-10]");
    out.push(st.sC44 * st.reconWeight, st.streakLen, st.streakSigmaPx, st.s3d, st.rho, st.chevronDeg, st.spotSigmaPx, st.spotAmp, st.specular);
  }
  return out;
}
