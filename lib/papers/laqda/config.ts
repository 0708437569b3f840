/**
 * LAQDA (arXiv 2410.10454): the one run config of the experiments at three scales. Small scale is a CPU stand-in
 * (card §5): frozen GloVe-derived word vectors + one trained transformer layer instead of BERT, WordNet lexname
 * glosses instead of the eight news/intent sets; `full` is the paper's episode recipe (5-way, Q = 25, R = 10, top-R
 * in the loss, 10,000 episodes, test 1,000) on a ContrastNet split (full.ts), still with the 64-d word vectors and the
 * one-layer encoder: BERT itself is not available to TF.js here.
 *
 *   const cfg = SCALES.config("default", { seeds: 5 });            // typed LaqdaConfig
 */
import { defineScales } from "../../kit";
import { MODEL_DEFAULTS, type ModelConfig } from "./model";
import type { ProtoMethod } from "./proto";
import type { ExtraSetSpec } from "./sets";

/** The paper's run config (one per paper). */
export interface LaqdaConfig {
  /** Master seed; seed s of a run is seed + s. */
  seed: number;
  /** Seeds per cell (≥ 3 at default for every accuracy claim). */
  seeds: number;
  /** Glosses kept per WordNet class (seeded subset). */
  perClass: number;
  /** N-way, K-shot values, queries per class. */
  N: number;
  shots: number[];
  Q: number;
  /** Training: episodes (= steps), AdamW learning rate and weight decay, λ_g, CE ÷ N (code) or plain. */
  steps: number;
  lr: number;
  weightDecay: number;
  lambdaG: number;
  ceOverN: boolean;
  /**
   * Which episodes each K's encoders train on: "each" (one model per K, as the paper) or "first" (one model per seed,
   * trained on first-K episodes and tested at every K: the budget at default).
   */
  trainShots: "each" | "first";
  /** Prototype method inside the training loss (test-time methods are always all three). */
  trainProto: ProtoMethod;
  /** Model settings shared by every run: only what differs from MODEL_DEFAULTS. */
  model: Partial<ModelConfig>;
  /** Top-R's R and the OT settings (card §2.4b: ε 0.05, 50 iterations, γ 1). */
  R: number;
  ot: { eps: number; iters: number; gamma: number };
  /** Test episodes per (seed, K) and per "hard" (same part of speech) list. */
  testEpisodes: number;
  /** Sensitivity sweeps (C4) on the cached LA vectors of the 1-shot test episodes. */
  sweepR: number[];
  sweepEps: number[];
  /** C5: imbalanced queries (Q_n drawn from [lo, hi]) and the Q = 1 setting, 1-shot. */
  imbalancedQ: [number, number];
  /** C2 control: also train the adapter with random label names (1-shot). */
  randomNames: boolean;
  /** Plateau check (regime): on this many seeds, PN is retrained with 2 × steps at the first K; claims need < 1 point of change. */
  plateauSeeds: number;
  /** Also train PN with the [CLS] readout (the adapter's readout) on every seed and K: the one-change ablation of LA. */
  clsRow: boolean;
  /**
   * The card's other sets (sets.ts): PN and PN+LA trained once per seed at the first K, tested at every K. Synthetic
   * (`laqda-synth`): claims, ≥ 3 seeds at default; Brown genres and emoji-zh: one seed, "not a claim". seeds 0 skips.
   */
  sets: { synth: ExtraSetSpec; brown: ExtraSetSpec; emojiZh: ExtraSetSpec };
  /** fig_difficulty: the synthetic encoders tested on the set regenerated at each β and each M (first K), test episodes per point. */
  difficulty: { beta: number[]; modes: number[]; testEpisodes: number };
}

/** Scale presets. smoke: seconds (tests); default: ≤ 5 CPU-minutes on WASM; full: the paper's recipe. */
export const SCALES = defineScales<LaqdaConfig>("laqda", {
  smoke: {
    seed: 0, seeds: 1, perClass: 40, N: 5, shots: [1, 5], Q: 5, steps: 6, lr: 1e-3, weightDecay: 0.01, lambdaG: 0.1, ceOverN: true, trainProto: "plain", trainShots: "first",
    model: { maxLen: 12 }, R: 2, ot: { eps: 0.05, iters: 50, gamma: 1 }, testEpisodes: 8, sweepR: [1, 2, 8], sweepEps: [0.05, 0.2],
    imbalancedQ: [2, 8], randomNames: true, plateauSeeds: 1, clsRow: true,
    sets: {
      synth: { seeds: 1, steps: 4, testEpisodes: 4, Q: 5, perClass: 30 }, brown: { seeds: 1, steps: 4, testEpisodes: 4, Q: 5, perClass: 30 },
      emojiZh: { seeds: 1, steps: 4, testEpisodes: 4, Q: 5, perClass: 0 },
    },
    difficulty: { beta: [0.1, 0.35, 0.6], modes: [1, 3, 6], testEpisodes: 4 },
  },
  default: {
    seed: 0, seeds: 3, perClass: 300, N: 5, shots: [1, 5], Q: 10, steps: 150, lr: 1e-3, weightDecay: 0.01, lambdaG: 0.1, ceOverN: true, trainProto: "plain", trainShots: "first",
    model: { maxLen: 12 }, R: 4, ot: { eps: 0.05, iters: 50, gamma: 1 }, testEpisodes: 100, sweepR: [1, 2, 4, 8, 16], sweepEps: [0.02, 0.05, 0.1, 0.2],
    imbalancedQ: [2, 18], randomNames: true, plateauSeeds: 1, clsRow: true,
    sets: {
      synth: { seeds: 3, steps: 80, testEpisodes: 40, Q: 10, perClass: 60 }, brown: { seeds: 1, steps: 60, testEpisodes: 40, Q: 10, perClass: 200 },
      emojiZh: { seeds: 1, steps: 60, testEpisodes: 40, Q: 5, perClass: 0 },
    },
    difficulty: { beta: [0.1, 0.35, 0.6], modes: [1, 3, 6], testEpisodes: 30 },
  },
  full: {
    seed: 42, seeds: 5, perClass: 100000, N: 5, shots: [1, 5], Q: 25, steps: 10000, lr: 1e-5, weightDecay: 0.2, lambdaG: 0.1, ceOverN: true, trainProto: "topR", trainShots: "each",
    model: { heads: 4, maxLen: 64 }, R: 10, ot: { eps: 0.05, iters: 50, gamma: 1 }, testEpisodes: 1000, sweepR: [1, 2, 4, 8, 16, 32],
    sweepEps: [0.02, 0.05, 0.1, 0.2], imbalancedQ: [5, 45], randomNames: true, plateauSeeds: 1, clsRow: true,
    sets: {
      synth: { seeds: 0, steps: 0, testEpisodes: 0, Q: 10, perClass: 60 }, brown: { seeds: 0, steps: 0, testEpisodes: 0, Q: 10, perClass: 0 },
      emojiZh: { seeds: 0, steps: 0, testEpisodes: 0, Q: 5, perClass: 0 },
    },
    difficulty: { beta: [], modes: [], testEpisodes: 0 },
  },
}, { groups: { model: MODEL_DEFAULTS } });
