/**
 * The one typed config of the rheed-qd reconstruction (arXiv 2411.00332), at three scales (lab.kit.defineScales).
 * smoke: seconds (tests); default: ≤ 5 CPU-minutes on one core on WASM; full: the user's real MBE runs (run
 * folders, leave-one-day-out) — without them `--scale full` stops and says what to provide.
 */
import { defineScales } from "../../kit/scales";
import type { LoopOptions } from "./closed-loop";
import type { Phase } from "./data";
import type { RheedGenParams } from "./generate";
import type { Variant } from "./model";

/** Training settings shared by every classifier run (card §5.3: Adam, lr 2e-3 cosine, batch 32, CE + 0.5·MSE). */
export interface TrainSettings {
  /** Epochs; each epoch draws `windowsPerRun` random windows per training run. */
  epochs: number;
  windowsPerRun: number;
  batch: number;
  lr: number;
  regWeight: number;
  /** Per-epoch validation on every `evalStride`-th window end. */
  evalStride: number;
}

/** The config. */
export interface RheedConfig {
  /** Master seed; seed s of a cell is seed + s. */
  seed: number;
  /** Seeds per cell (≥ 3 at default for C1–C3). */
  seeds: number;
  /** Generator overrides (runs, frame size, …) of the synthetic data. */
  data: Partial<RheedGenParams>;
  train: TrainSettings;
  /** C1/C2/R3: which phase feeds the classifier, the GLAM variants compared at T = 1, first window end. */
  classify: { phase: Phase; variants: Variant[]; firstEnd: number };
  /** C3: deposition windows (the dynamic signal), variants at T = 1 and T = 4. */
  temporal: { phase: Phase; variants: Variant[]; frames: number[]; firstEnd: number };
  /**
   * Sizing: the plain baseline again with `factor`× the epochs on `seeds` seeds; flat = the F1 change between the
   * two budgets (a doubling: factor 2, or 0.5 — cheaper, it shows the default budget is past the knee) is < 2 points.
   */
  sizing: { factor: number; seeds: number };
  /** Extra dilation sets for full GLAM (R3; empty = skip). */
  dilations: number[][];
  /** C4/R4/R5: closed-loop runs, the classifier variant that scores frames, loop settings. */
  control: { runs: number; variant: Variant; loop: Partial<LoopOptions> };
  /** C5: timed single-sample inferences. */
  inferenceReps: number;
  /** Full scale: folder of real run folders (empty: synthetic data). */
  dataDir: string;
}

const TRAIN: TrainSettings = { epochs: 8, windowsPerRun: 4, batch: 32, lr: 5e-3, regWeight: 0.5, evalStride: 3 };

/** The presets. */
export const SCALES = defineScales<RheedConfig>("rheed-qd", {
  smoke: {
    seed: 0, seeds: 1, data: { runs: 40, size: 32, depositionFrames: 8 }, train: { ...TRAIN, epochs: 1, windowsPerRun: 2 },
    classify: { phase: "anneal", variants: ["plain", "local-channel", "full"], firstEnd: 0 },
    temporal: { phase: "deposition", variants: ["plain"], frames: [1, 4], firstEnd: 3 },
    sizing: { factor: 2, seeds: 1 }, dilations: [], control: { runs: 3, variant: "full", loop: { ticks: 4 } }, inferenceReps: 3, dataDir: "",
  },
  default: {
    seed: 0, seeds: 3, data: { runs: 400, size: 32, trainFrac: 0.55, valFrac: 0.1 }, train: TRAIN,
    classify: { phase: "anneal", variants: ["plain", "local-channel", "full"], firstEnd: 0 },
    temporal: { phase: "deposition", variants: ["plain"], frames: [1, 4], firstEnd: 3 },
    sizing: { factor: 2, seeds: 2 }, dilations: [], control: { runs: 20, variant: "full", loop: {} }, inferenceReps: 20, dataDir: "",
  },
  full: {
    seed: 0, seeds: 3, data: { runs: 300, size: 48 }, train: { ...TRAIN, epochs: 20 },
    classify: { phase: "anneal", variants: ["plain", "local-channel", "local", "global", "full"], firstEnd: 0 },
    temporal: { phase: "deposition", variants: ["plain", "full"], frames: [1, 4], firstEnd: 3 },
    sizing: { factor: 2, seeds: 3 }, dilations: [[1, 3, 5]], control: { runs: 20, variant: "full", loop: {} }, inferenceReps: 50, dataDir: "rheed-qd-runs",
  },
});
