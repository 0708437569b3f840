/**
 * PclGPT (arXiv 2410.00361): the one run config at three scales. smoke and default train PclGPT-mini (lib/llm's tiny
 * causal LM) and the equal-size MLM encoder on the generator's stand-in sets (generator.ts) and real generic text
 * (Brown, Song ci); `full` names the paper's real sets (loaders.ts), which paperlab never ships.
 *
 *   const cfg = SCALES.config("default", { seeds: 5 });
 */
import { defineScales } from "../../kit";
import { PCL_GEN_DEFAULTS, type PclGenOptions } from "./generator";
import type { StageConfig } from "./train";

/** The paper's run config. */
export interface PclConfig {
  /** Generator seed (the stand-in sets) and master seed; run seed s uses seed + s. */
  seed: number;
  /** Seeds per F1 cell (≥ 3 at default). */
  seeds: number;
  /** Generator settings (PCL_GEN_DEFAULTS fill the rest). */
  data: Partial<PclGenOptions>;
  /** Vocabulary sizes (with specials): EN words, CN characters. */
  vocabEn: number;
  vocabCn: number;
  /** Generic sentences kept per language. */
  genericMax: number;
  /** PclGPT-mini shape (the encoder baseline has the same). */
  model: { context: number; dModel: number; heads: number; layers: number; ffn: number };
  /** Pre-training: steps, batch (rows of `context` tokens), peak lr, share of domain sentences. */
  pt: StageConfig & { domainShare: number };
  /** SFT (and the encoder's fine-tuning): steps, batch, peak lr; TII shown on this share of training prompts. */
  sft: StageConfig & { tiiRate: number };
  /** Which stand-in sets run ("cpcl" is the Chinese one, cut first when the budget is short). */
  sets: ("dpm" | "td" | "cpcl")[];
  /**
   * TII reading (b) (the LM generates the intensity word before the label): on the EN sets, for the first this many
   * seeds (0 = off). The CN set has no such row: its A–D label is the intensity itself.
   */
  tiiGenerated: number;
  /** Run the SFT-only and encoder baselines on the CN set too (C1 and C4 need only the EN sets; cut first at default). */
  cnBaselines: boolean;
  /** Extra ablations: −definition, generic-only pre-training. */
  ablations: boolean;
  /** SFT sizes of fig_sft_size (one seed, TD-like; empty = skip). */
  sftSizes: number[];
  /** API-LLM rows (api.ts): test items per set sent to an OpenAI-compatible endpoint when LLM_BASE_URL + LLM_MODEL are set. */
  api: { n: number };
  /** Full scale: folder holding the real sets. */
  full: { dir: string };
}

/** Scale presets. smoke: seconds (tests). default: ≤ 5 CPU-minutes on WASM. full: the paper's sets (not shipped). */
export const SCALES = defineScales<PclConfig>("pclgpt", {
  smoke: {
    seed: 0, seeds: 1, data: { dpm: { nTrain: 300, nTest: 200 }, td: { nTrain: 300, nTest: 200 }, cpcl: { nTrain: 300, nTest: 200 }, domainEn: 1000, domainCn: 500 },
    vocabEn: 600, vocabCn: 500, genericMax: 2000,
    model: { context: 64, dModel: 32, heads: 2, layers: 1, ffn: 64 },
    pt: { steps: 12, batch: 8, lr: 3e-3, domainShare: 0.5 }, sft: { steps: 12, batch: 16, lr: 1e-3, tiiRate: 0.5 },
    sets: ["dpm", "td", "cpcl"], tiiGenerated: 1, cnBaselines: true, ablations: false, sftSizes: [100, 300], api: { n: 20 }, full: { dir: "data/pclgpt" },
  },
  default: {
    seed: 0, seeds: 3, data: {},
    vocabEn: 1000, vocabCn: 1000, genericMax: 20000,
    model: { context: 64, dModel: 64, heads: 4, layers: 2, ffn: 256 },
    pt: { steps: 150, batch: 16, lr: 3e-3, domainShare: 0.5 }, sft: { steps: 100, batch: 16, lr: 2e-3, tiiRate: 0.5 },
    sets: ["dpm", "td", "cpcl"], tiiGenerated: 1, cnBaselines: false, ablations: false, sftSizes: [], api: { n: 200 }, full: { dir: "data/pclgpt" },
  },
  full: {
    seed: 0, seeds: 3, data: {},
    vocabEn: 2000, vocabCn: 3000, genericMax: 57340,
    model: { context: 256, dModel: 256, heads: 8, layers: 4, ffn: 1024 },
    pt: { steps: 5000, batch: 32, lr: 1e-3, domainShare: 0.5 }, sft: { steps: 3000, batch: 32, lr: 3e-4, tiiRate: 0.5 },
    sets: ["dpm", "td", "cpcl"], tiiGenerated: 3, cnBaselines: true, ablations: true, sftSizes: [250, 1000, 3000], api: { n: 1000 }, full: { dir: "data/pclgpt" },
  },
}, { groups: { data: PCL_GEN_DEFAULTS } });
