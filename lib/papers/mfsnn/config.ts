/**
 * MFSNN (arXiv 2410.03533) run configuration at three scales. The paper's recipe is not known (abstract only), so
 * every value is the card's [INFERRED] design (§5) sized for the CPU budget:
 * - smoke: seconds (tests), nothing is in regime;
 * - default: ≤ 5 CPU-minutes on one WASM core — 100 ms bins (T = 10; the card's 20 ms bins put a last-state GRU at
 *   chance held out, see README), F = 32, 3 seeds, center-out for every claim and grasp for the within-day one;
 * - full: the card's 20 ms bins and F = 64 on recorded data (loaders.ts), all protocols and ablations.
 */
import { defineScales } from "../../kit/scales";
import type { BciParadigm } from "../../../datasets/entries/bci-sim";
import type { SimSpec } from "./data";
import type { Variant } from "./model";
import type { Protocol } from "./protocols";

/** The decoders: MFSNN (with its variant), the GRU with CE on mean-pooled states, the co-author's GRU form, MLP, logistic regression. */
export const DECODERS = ["mfsnn", "gru", "gru-coauthor", "mlp", "logreg"] as const;
/** A decoder. */
export type Decoder = (typeof DECODERS)[number];

/** One typed config (checked overrides through `SCALES.config(scale, overrides)`). */
export interface MfsnnConfig {
  /** Master seed; run i uses seed + i (a new simulated population and a new init). */
  seed: number;
  /** Seeds per comparison (≥ 3 at default). */
  seeds: number;
  /** "sim": the seeded simulators; "recorded": the user's sessions in dataDir (full scale). */
  data: "sim" | "recorded";
  /** Folder of recorded data ("" = $PAPERLAB_MFSNN_DATA, else the paperlab cache's mfsnn/). */
  dataDir: string;
  /** Simulator settings (center-out; the grasp task takes the same with paradigm "grasp"). */
  sim: SimSpec;
  /** Paradigms of the within-day comparison (claim 1). */
  paradigms: BciParadigm[];
  /** Training days (80/20 within each) and test days (every trial; evaluation only). */
  trainDays: number[];
  testDays: number[];
  /** MFSNN width, LIF τ, readout τ_r, SE reductions (electrodes, features). */
  model: { F: number; tau: number; readoutTau: number; reduction: number; featureReduction: number };
  /** Optimizer steps per run, batch (M: batch/D per day). */
  steps: number;
  batch: number;
  /**
   * Adam learning rate per decoder. Default: the best of {1e-3, 3e-3, 1e-2} on seed 0's validation trials (training
   * days only) at the default step budget; the co-author GRU keeps its code's 1e-3.
   */
  lr: Record<Decoder, number>;
  /** GRU hidden size; the co-author form's batch, training-accuracy stop and epoch cap. */
  gru: { hidden: number; coauthorBatch: number; coauthorStopAt: number; coauthorMaxEpochs: number };
  /** MLP hidden sizes and dropout (card §2.4). */
  mlp: { hidden: number[]; dropout: number };
  /** Decoders trained under every protocol of `protocols` (claim 2). */
  crossDay: Decoder[];
  /** Protocols of the cross-day comparison (M always runs: it is the reference). */
  protocols: Protocol[];
  /** MFSNN protocols beyond `protocols` (P, Sm, M+). */
  mfsnnProtocols: Protocol[];
  /** Ablations under M besides the full model (claim 3). */
  ablations: Variant[];
  /** Drift severities s to re-drift the test days at (claim 5; s = severity is the base test set). */
  severities: number[];
  /** Share of test-day electrodes zeroed (claim 3, attention). */
  channelDrop: number;
}

const SIM: SimSpec = { paradigm: "center-out", channels: 96, binMs: 100, trialMs: 1000, trials: 200, depth: 1, severity: 1 };
const LR: Record<Decoder, number> = { mfsnn: 3e-3, gru: 1e-2, "gru-coauthor": 1e-3, mlp: 1e-3, logreg: 3e-3 };
const DAYS = { trainDays: [0, 1, 2, 3, 4], testDays: [5, 6, 7, 8, 9] };

/** The three scales. */
export const SCALES = defineScales<MfsnnConfig>("mfsnn", {
  smoke: {
    seed: 0, seeds: 1, data: "sim", dataDir: "", sim: { ...SIM, channels: 32, binMs: 200, trials: 40 }, paradigms: ["center-out", "grasp"],
    trainDays: [0, 1, 2], testDays: [3, 5], model: { F: 8, tau: 2, readoutTau: 2, reduction: 8, featureReduction: 4 },
    steps: 6, batch: 24, lr: LR, gru: { hidden: 16, coauthorBatch: 16, coauthorStopAt: 0.97, coauthorMaxEpochs: 2 }, mlp: { hidden: [32, 16], dropout: 0.2 },
    crossDay: ["mfsnn", "gru", "mlp"], protocols: ["S", "Q", "M"], mfsnnProtocols: ["P", "Sm", "M+"], ablations: ["single", "noskip", "noesa"],
    severities: [0, 1, 2], channelDrop: 0.2,
  },
  default: {
    seed: 0, seeds: 3, data: "sim", dataDir: "", sim: SIM, paradigms: ["center-out", "grasp"], ...DAYS,
    model: { F: 32, tau: 2, readoutTau: 2, reduction: 8, featureReduction: 4 },
    steps: 150, batch: 60, lr: LR, gru: { hidden: 64, coauthorBatch: 16, coauthorStopAt: 0.97, coauthorMaxEpochs: 20 }, mlp: { hidden: [256, 128], dropout: 0.2 },
    crossDay: ["mfsnn", "gru", "mlp"], protocols: ["S", "Q", "M"], mfsnnProtocols: ["P", "Sm", "M+"], ablations: ["single", "noskip", "noesa"],
    severities: [0, 0.5, 1, 2], channelDrop: 0.2,
  },
  full: {
    // one recorded folder holds one paradigm (center-out reaching); a grasp set runs as a second folder via dataDir
    seed: 0, seeds: 3, data: "recorded", dataDir: "", sim: { ...SIM, binMs: 20 }, paradigms: ["center-out"], ...DAYS,
    model: { F: 64, tau: 2, readoutTau: 2, reduction: 8, featureReduction: 4 },
    steps: 1000, batch: 60, lr: { mfsnn: 1e-3, gru: 1e-3, "gru-coauthor": 1e-3, mlp: 1e-3, logreg: 1e-3 }, gru: { hidden: 64, coauthorBatch: 16, coauthorStopAt: 0.97, coauthorMaxEpochs: 1000 }, mlp: { hidden: [256, 128], dropout: 0.2 },
    crossDay: ["mfsnn", "gru", "gru-coauthor", "mlp", "logreg"], protocols: ["S", "Q", "P", "M"], mfsnnProtocols: ["Sm", "M+"],
    ablations: ["single", "noskip", "nofsa", "noesa", "concat", "tau4", "rect", "plif"], severities: [0, 0.5, 1, 2], channelDrop: 0.2,
  },
});
