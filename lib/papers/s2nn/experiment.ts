/**
 * S2NN-style experiments (arXiv 2409.05726; card §4), what the notebook calls, each taking the typed config:
 * - `prepare`: data (binary and grayscale frames on the grid) and the main bench (L layers, phase masks, Fresnel);
 * - `runInputs` (claim 1): analog readout on grayscale vs binary input, seeds;
 * - `runReadouts` (claims 2, 4, 5): post-hoc κ on the analog networks vs BAT (variants picked on validation), the
 *   absolute-threshold variant, κ drift ±20 %, spikes per frame;
 * OPMoE is in experts.ts, the ablations, the Fresnel check and the edge task in ablation.ts.
 */
import * as tf from "@tensorflow/tfjs";
import { backend } from "../../core/backend";
import type { S2nnConfig, BatVariant } from "./config";
import { framesOf, loadDigitSets, type DigitSets } from "./data";
import { makeBench, disposeExpert, kappaValues, type Bench } from "./model";
import { s2nnMessages } from "./messages";
import { analogAccuracy, posthocKappa, scoreSpikes, shiftKappa, spikesOf, type Kappa, type SpikeScore } from "./readout";
import { evaluateNet, trainNet, type RunSpec, type TrainedNet, type TrainMode } from "./train";

/** Data as tensors and the main bench (free with `dispose`). */
export interface Prepared {
  cfg: S2nnConfig;
  sets: DigitSets;
  bench: Bench;
  x: { trainBin: tf.Tensor3D; trainGray: tf.Tensor3D; valBin: tf.Tensor3D; testBin: tf.Tensor3D; testGray: tf.Tensor3D };
  dispose(): void;
}

/** Loads the data and builds the bench; at full scale, stops unless the backend is tfjs-node-gpu. */
export async function prepare(cfg: S2nnConfig): Promise<Prepared> {
  if (cfg.needsGpu && backend().name !== "tensorflow-gpu") throw new Error(s2nnMessages.fullNeedsGpu(backend().name));
  const sets = await loadDigitSets(cfg.data, cfg.seed);
  const N = cfg.optics.N;
  const t = (s: typeof sets.train, binary: boolean) => tf.tensor3d(framesOf(s, N, binary), [s.n, N, N]);
  const x = { trainBin: t(sets.train, true), trainGray: t(sets.train, false), valBin: t(sets.val, true), testBin: t(sets.test, true), testGray: t(sets.test, false) };
  const bench = makeBench({ optics: cfg.optics, layers: cfg.layers, modulation: "phase", detector: cfg.detector });
  return { cfg, sets, bench, x, dispose: () => { bench.dispose(); tf.dispose(Object.values(x)); } };
}

/** A run spec from the config. */
export function specOf(cfg: S2nnConfig, mode: TrainMode, seed: number, o: { variant?: BatVariant; absolute?: boolean; K?: number; binary?: boolean; name?: string } = {}): RunSpec {
  const variant = o.variant ?? "card";
  return {
    mode, variant, absolute: o.absolute ?? false, K: o.K ?? 1, seed, binary: o.binary ?? true, train: cfg.train,
    name: o.name ?? `${mode}${mode === "bat" ? `-${variant}${o.absolute ? "-abs" : ""}` : ""}${o.K && o.K > 1 ? `-K${o.K}` : ""}-s${seed}`,
  };
}

/** Seeds of a result: seed, seed + 1, … (cfg.seeds of them). */
export const seedsOf = (cfg: S2nnConfig): number[] => Array.from({ length: cfg.seeds }, (_, i) => cfg.seed + i);

/** One network's analog test accuracy and cost. */
export interface InputRow {
  input: "grayscale" | "binary";
  seed: number;
  /** Analog (argmax e) test accuracy. */
  acc: number;
  cpuS: number;
}

/** Claim 1: analog readout on grayscale and on binary input (trained and tested on the same kind), per seed. */
export async function runInputs(p: Prepared, log: (s: string) => void = () => undefined): Promise<{ rows: InputRow[]; binaryNets: TrainedNet[] }> {
  const { cfg, bench, x, sets } = p;
  const rows: InputRow[] = [];
  const binaryNets: TrainedNet[] = [];
  for (const seed of seedsOf(cfg)) {
    for (const binary of [false, true]) {
      const net = await trainNet(bench, { x: binary ? x.trainBin : x.trainGray, labels: sets.train.labels }, specOf(cfg, "analog", seed, { binary, name: `analog-${binary ? "bin" : "gray"}-s${seed}` }));
      const ev = evaluateNet(bench, net.experts, binary ? x.testBin : x.testGray, cfg.train.evalBatch);
      const acc = analogAccuracy(ev.e[0], sets.test.labels);
      rows.push({ input: binary ? "binary" : "grayscale", seed, acc, cpuS: net.cpuMs / 1000 });
      log(`analog ${binary ? "binary" : "grayscale"} seed ${seed}: test accuracy ${(100 * acc).toFixed(1)} % (${(net.cpuMs / 1000).toFixed(1)} CPU-s)`);
      if (binary) binaryNets.push(net);
      else net.experts.forEach(disposeExpert);
    }
  }
  return { rows, binaryNets };
}

/** A readout's scores on the test split. */
export interface ReadoutRow extends SpikeScore {
  /** "analog", "post-hoc κ", "BAT (card)", "BAT (<variant>)", "BAT absolute e_c". */
  readout: string;
  seed: number;
  /** Analog accuracy of the same network (argmax e). */
  analog: number;
  kappa: Kappa;
}

/** Validation score of one BAT variant (seed = cfg.seed). */
export interface SelectionRow {
  variant: BatVariant;
  valStrict: number;
  valAmbiguous: number;
}

/** Strict accuracy at κ·(1 + offset) (claim 5, G5). */
export interface DriftRow {
  readout: string;
  seed: number;
  offset: number;
  strict: number;
}

/** Everything the readout experiment returns. */
export interface ReadoutResults {
  rows: ReadoutRow[];
  selection: SelectionRow[];
  /** The BAT variant with the best strict validation accuracy (the card's on ties). */
  chosen: BatVariant;
  drift: DriftRow[];
  /** Spikes per test frame of the chosen BAT networks: frames with 0, 1, …, 10 spikes (all seeds pooled). */
  histogram: { spikes: number; frames: number; readout: string }[];
  /** The chosen BAT networks, per seed (OPMoE's first experts). */
  batNets: TrainedNet[];
  cpuS: number;
}

function scoreRow(readout: string, seed: number, values: Float32Array, e: Float32Array, kappa: Kappa, labels: Int32Array): ReadoutRow {
  return { readout, seed, analog: analogAccuracy(e, labels), kappa, ...scoreSpikes(values, kappa, labels) };
}

/**
 * Claims 2, 4, 5: the post-hoc threshold on each analog network (κ maximising strict accuracy on training frames)
 * against BAT; BAT variants are tried on seed cfg.seed and picked by strict validation accuracy; the card's BAT and
 * the chosen one run on every seed, the absolute-threshold BAT on the first. `analogNets` are runInputs' binary ones.
 */
export async function runReadouts(p: Prepared, analogNets: readonly TrainedNet[], log: (s: string) => void = () => undefined): Promise<ReadoutResults> {
  const { cfg, bench, x, sets } = p;
  const labels = sets.test.labels;
  const rows: ReadoutRow[] = [], drift: DriftRow[] = [];
  let cpuS = 0;
  const addDrift = (readout: string, seed: number, values: Float32Array, kappa: Kappa) => {
    for (const offset of cfg.kappaOffsets) drift.push({ readout, seed, offset, strict: scoreSpikes(values, shiftKappa(kappa, offset), labels).strict });
  };
  // post-hoc κ on the analog networks
  for (const net of analogNets) {
    const tr = evaluateNet(bench, net.experts, x.trainBin, cfg.train.evalBatch);
    const kappa = posthocKappa(tr.p[0], sets.train.labels).kappa;
    const te = evaluateNet(bench, net.experts, x.testBin, cfg.train.evalBatch);
    const acc = analogAccuracy(te.e[0], labels); // argmax always decides: strict = tie-break, nothing ambiguous
    rows.push({ readout: "analog", seed: net.spec.seed, analog: acc, kappa: NaN, strict: acc, tieBreak: acc, ambiguous: 0, spikesPerFrame: NaN, n: sets.test.n });
    rows.push(scoreRow("post-hoc κ", net.spec.seed, te.p[0], te.e[0], kappa, labels));
    addDrift("post-hoc κ", net.spec.seed, te.p[0], kappa);
  }
  // BAT variants on the validation split
  const trained = new Map<string, TrainedNet>();
  const bat = async (variant: BatVariant, seed: number, absolute = false) => {
    const key = `${variant}/${seed}/${absolute}`;
    const hit = trained.get(key);
    if (hit) return hit;
    const net = await trainNet(bench, { x: x.trainBin, labels: sets.train.labels }, specOf(cfg, "bat", seed, { variant, absolute }));
    cpuS += net.cpuMs / 1000;
    trained.set(key, net);
    return net;
  };
  const selection: SelectionRow[] = [];
  for (const variant of cfg.batVariants) {
    const net = await bat(variant, cfg.seed);
    const ev = evaluateNet(bench, net.experts, x.valBin, cfg.train.evalBatch);
    const s = scoreSpikes(ev.p[0], kappaValues(net.experts[0]), sets.val.labels);
    selection.push({ variant, valStrict: s.strict, valAmbiguous: s.ambiguous });
    log(`BAT ${variant} seed ${cfg.seed}: validation strict ${(100 * s.strict).toFixed(1)} %, ambiguous ${(100 * s.ambiguous).toFixed(1)} %`);
  }
  const chosen = selection.reduce((a, b) => (b.valStrict > a.valStrict ? b : a)).variant;
  const batNets: TrainedNet[] = [];
  const histogram = Array.from({ length: 11 }, (_, k) => ({ spikes: k, frames: 0, readout: `BAT (${chosen})` }));
  for (const seed of seedsOf(cfg)) {
    for (const variant of chosen === "card" ? ["card" as const] : ["card" as const, chosen]) {
      const net = await bat(variant, seed);
      const te = evaluateNet(bench, net.experts, x.testBin, cfg.train.evalBatch);
      const kappa = kappaValues(net.experts[0]);
      const name = `BAT (${variant})`;
      const row = scoreRow(name, seed, te.p[0], te.e[0], kappa, labels);
      rows.push(row);
      addDrift(name, seed, te.p[0], kappa);
      log(`${name} seed ${seed}: strict ${(100 * row.strict).toFixed(1)} %, tie-break ${(100 * row.tieBreak).toFixed(1)} %, ambiguous ${(100 * row.ambiguous).toFixed(1)} %, ${row.spikesPerFrame.toFixed(2)} spikes/frame`);
      if (variant === chosen) {
        batNets.push(net);
        const s = spikesOf(te.p[0], kappa);
        for (let i = 0; i < sets.test.n; i++) histogram[s.subarray(i * 10, i * 10 + 10).reduce((a, b) => a + b, 0)].frames++;
      }
    }
  }
  const abs = await bat("card", cfg.seed, true);
  const te = evaluateNet(bench, abs.experts, x.testBin, cfg.train.evalBatch);
  rows.push(scoreRow("BAT absolute e_c", cfg.seed, te.e[0].map((v) => v * abs.gain), te.e[0], kappaValues(abs.experts[0]), labels));
  for (const net of trained.values()) if (!batNets.includes(net)) net.experts.forEach(disposeExpert);
  return { rows, selection, chosen, drift, histogram, batNets, cpuS };
}

/** Worst strict accuracy over the offsets ±`offset` minus the strict accuracy at κ, per seed (claim 5). */
export function driftDrop(drift: readonly DriftRow[], readout: string, offset = 0.2): number[] {
  const seeds = [...new Set(drift.filter((d) => d.readout === readout).map((d) => d.seed))];
  return seeds.map((s) => {
    const at = (o: number) => drift.find((d) => d.readout === readout && d.seed === s && Math.abs(d.offset - o) < 1e-9)?.strict ?? NaN;
    return at(0) - Math.min(at(-offset), at(offset));
  });
}
