/**
 * ToxiCN MM (arXiv 2410.02378): the one run config at three scales. smoke and default run on the neutral stand-in
 * (data.ts) with small towers trained from scratch; `full` is the paper's recipe on the real files (loaders.ts), which
 * need the images released on request (card §7) and a GPU-backed tfjs for towers of the paper's size.
 *
 *   const cfg = SCALES.config("default", { seeds: 5 });
 *   const big = SCALES.config("full", { data: { nTrain: 9600 } });
 */
import { defineScales } from "../../kit";
import { GENERATOR_DEFAULTS, type GeneratorOptions } from "./data";
import type { FusionOp } from "./model";
import type { WarmConfig } from "./warmstart";

/** The paper's run config. */
export interface ToxicnConfig {
  /** Master seed; seed s of a cell is seed + s. */
  seed: number;
  /** Seeds per accuracy-type cell of the main table (≥ 3 at default). */
  seeds: number;
  /** Seeds per cell of the ρ sweep and of the ablations (≥ 3 at default). */
  gridSeeds: number;
  /** Generator settings (sizes, difficulty; GENERATOR_DEFAULTS fill the rest). */
  data: Partial<GeneratorOptions>;
  /** Characters kept of t and of each description (the code: 64 tokens; here ≤ 24 characters, card §6 budget). */
  textChars: number;
  descChars: number;
  /** Tower widths: character embedding / patch embedding E, hidden H, feature D. */
  model: { embed: number; hidden: number; dim: number };
  /** Training: epochs, batch, Adam learning rate, AdamW weight decay, loss ("bce" = the code's one-hot BCE). */
  epochs: number;
  batch: number;
  lr: number;
  weightDecay: number;
  loss: "bce" | "ce";
  /** C5 knowledge-noise sweep ρ and the description styles. */
  rhos: number[];
  styles: ("free" | "judged")[];
  /** Fusion-op ablation of MKE. */
  fusionOps: FusionOp[];
  /** Loss ablation: MKE and concat on task 1 are also trained with the other loss (softmax CE when `loss` is "bce"). */
  lossAblation: boolean;
  /** The card's CLIP-like InfoNCE warm start of the image tower (picture ↔ d_img) before the detectors; null = none. */
  warm: WarmConfig | null;
  /** Full scale: the folder with the annotation JSON and `meme/` images, and the annotation version. */
  full: { dir: string; version: "v1" | "v2" };
}

/**
 * Scale presets. smoke: seconds (tests). default: ≤ 5 CPU-minutes on WASM for 63 runs (main table 3 seeds, ρ sweep
 * and ablations 3 seeds each), hence 2,400 / 1,000 memes and 3 epochs. full: the real files (loaders.ts fullScaleSet)
 * at the paper's sizes (9,600 / 2,400, 10 epochs, batch 32, 64 tokens, D = 512, seed 1) with lr 2e-3, not the paper's
 * 1e-5: the towers here start from scratch, the paper's fine-tune a pretrained Chinese-CLIP.
 */
export const SCALES = defineScales<ToxicnConfig>("toxicn-mm", {
  smoke: {
    seed: 0, seeds: 1, data: { nTrain: 400, nTest: 200 }, textChars: 16, descChars: 16, model: { embed: 32, hidden: 32, dim: 32 },
    epochs: 2, batch: 32, lr: 2e-3, weightDecay: 0.01, loss: "bce", rhos: [0, 1], styles: ["free"], fusionOps: ["sum"], gridSeeds: 1, lossAblation: false,
    warm: { steps: 30, batch: 32, lr: 3e-3, tau: 0.1 },
    full: { dir: "data", version: "v1" },
  },
  default: {
    seed: 0, seeds: 3, data: { nTrain: 2400, nTest: 1000 }, textChars: 24, descChars: 24, model: { embed: 64, hidden: 64, dim: 64 },
    epochs: 3, batch: 32, lr: 2e-3, weightDecay: 0.01, loss: "bce", rhos: [0, 0.25, 0.5, 1], styles: ["free", "judged"], fusionOps: ["sum", "concat", "gated"], gridSeeds: 3, lossAblation: true,
    warm: { steps: 200, batch: 64, lr: 3e-3, tau: 0.1 },
    full: { dir: "data", version: "v1" },
  },
  full: {
    seed: 1, seeds: 3, data: { nTrain: 9600, nTest: 2400 }, textChars: 64, descChars: 64, model: { embed: 512, hidden: 512, dim: 512 },
    epochs: 10, batch: 32, lr: 2e-3, weightDecay: 0.01, loss: "bce", rhos: [0, 0.25, 0.5, 1], styles: ["free"], fusionOps: ["sum"], gridSeeds: 3, lossAblation: true,
    warm: null,
    full: { dir: "data", version: "v1" },
  },
}, { groups: { data: GENERATOR_DEFAULTS } });
