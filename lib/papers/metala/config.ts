/**
 * MetaLA (arXiv 2411.10741): the one run config of the experiments at three scales. Small scale is a CPU concession
 * (card §8): V ≤ 256 and T ≤ 64 instead of V = 8192, T = 256–512; `full` is the paper-scale path for tfjs-node(-gpu)
 * users.
 *
 *   const cfg = SCALES.config("default", { steps: 1000 });            // typed MetalaConfig
 *   const big = SCALES.config("full", { model: { chunk: 128 } });     // nested groups take partial overrides
 */
import { defineScales } from "../../kit";
import type { MqarTask } from "./data";
import type { MixerKind } from "./mixers";
import { MODEL_DEFAULTS, type ModelConfig } from "./model";

/** The paper's run config (one per paper). */
export interface MetalaConfig {
  /** Master seed; seed s of a cell is seed + s. */
  seed: number;
  /** MQAR task of Fig. 3 and Table 8 (card quick setting T=32, kv=4, V=64). */
  task: MqarTask;
  /** Mixers of the Fig. 3 comparison. */
  mixers: MixerKind[];
  /** Widths d of Fig. 3. */
  dims: number[];
  /** Learning-rate sweep (the paper reports the best). */
  lrs: number[];
  /** Seeds per cell. */
  seeds: number;
  /** Training steps per run (fresh batch each step), batch size, evaluation interval, test-set size. */
  steps: number;
  batch: number;
  evalEvery: number;
  testSize: number;
  /** AdamW weight decay (Zoology: 0.1). */
  weightDecay: number;
  /** Early stop at this test accuracy (Zoology: 0.99). */
  stopAt: number;
  /** Model settings shared by every run (conv regime, norms, …). */
  model: Partial<ModelConfig>;
  /** Table 8 ablation: variants, width (uses `lrs`, `seeds`, `steps` above). */
  ablation: { mixers: MixerKind[]; d: number };
  /** C1 forgetting MQAR: task, mixers, width, steps. */
  forgetting: { task: MqarTask; mixers: MixerKind[]; d: number; steps: number };
  /**
   * Table 2: map size n (= d_k), peakedness levels σ, maps per level, Adam steps; `distant`: C2's fixed-decay case,
   * maps with `mass` on token 0 at lengths n (d_k = n) fitted with a given decay α₀ and by MetaLA's (Q,Λt).
   */
  staticApprox: { n: number; sigmas: number[]; maps: number; steps: number; distant: { lengths: number[]; alpha: number; mass: number; maps: number } };
  /** Fig. A2: mixers, sequence lengths, width, batch, timed repetitions; `overheadT`: a short step that measures the fixed per-op cost. */
  efficiency: { mixers: MixerKind[]; lengths: number[]; overheadT: number; d: number; batch: number; reps: number };
}

const QUICK: MqarTask = { vocabSize: 64, seqLen: 32, numKvPairs: 4, numUpdates: 0 };
const FORGET: MqarTask = { vocabSize: 64, seqLen: 48, numKvPairs: 4, numUpdates: 2 };

/**
 * Scale presets. smoke: seconds (tests); default: ≤ 8 CPU-minutes on one core (WASM); full: the paper's MQAR scale.
 * `model` sets only what differs from MODEL_DEFAULTS, so its override keys are checked against MODEL_DEFAULTS.
 */
export const SCALES = defineScales<MetalaConfig>("metala", {
  smoke: {
    seed: 0, task: { ...QUICK, seqLen: 16, numKvPairs: 2 }, mixers: ["softmax", "linear", "retnet", "gla", "metala"], dims: [16], lrs: [3e-3], seeds: 1,
    steps: 20, batch: 16, evalEvery: 10, testSize: 64, weightDecay: 0.1, stopAt: 0.99, model: { convRegime: "shared", glu: false },
    ablation: { mixers: ["metala", "metala-noconv", "metala-noaug", "metala-key"], d: 16 },
    forgetting: { task: { ...FORGET, seqLen: 24, numKvPairs: 2, numUpdates: 1 }, mixers: ["linear", "retnet", "gla", "metala"], d: 16, steps: 20 },
    staticApprox: { n: 8, sigmas: [4], maps: 2, steps: 300, distant: { lengths: [6, 16], alpha: 0.7, mass: 0.5, maps: 1 } },
    efficiency: { mixers: ["softmax", "metala"], lengths: [64, 256], overheadT: 4, d: 16, batch: 2, reps: 2 },
  },
  // default: the budget goes where the claims need it (issue 16): d = 64 is the smallest width at which softmax attention
  // solves this MQAR in 300 steps (d = 32: 0.33), lr 1e-2 is the top of the paper's sweep (3e-3 needs ~325 steps), three
  // seeds, ≤ 400 steps (early stop at 0.99). Every scale's MQAR blocks are Zoology's (`glu: false`: token mixer only):
  // with the LM block's GLU, GLA and MetaLA learned on one seed in three (README). Fig. 3 runs the reference and the
  // claim's pair (softmax, GLA, MetaLA), Table 8 the −conv ablation; RetNet, linear attention, −aug, +key and C1's
  // forgetting MQAR run at `full` (their claims report "not measured" here).
  default: {
    seed: 0, task: QUICK, mixers: ["softmax", "gla", "metala"], dims: [64], lrs: [1e-2], seeds: 3,
    steps: 400, batch: 32, evalEvery: 25, testSize: 256, weightDecay: 0.1, stopAt: 0.99, model: { convRegime: "shared", glu: false },
    ablation: { mixers: ["metala", "metala-noconv"], d: 64 },
    forgetting: { task: FORGET, mixers: [], d: 64, steps: 300 },
    staticApprox: { n: 16, sigmas: [1, 4], maps: 3, steps: 800, distant: { lengths: [8, 32], alpha: 0.7, mass: 0.5, maps: 3 } },
    efficiency: { mixers: ["softmax", "metala"], lengths: [64, 128, 256, 512], overheadT: 4, d: 64, batch: 16, reps: 3 },
  },
  full: {
    seed: 0, task: { vocabSize: 8192, seqLen: 256, numKvPairs: 16, numUpdates: 0 }, mixers: ["softmax", "linear", "retnet", "gla", "hgrn", "mamba", "metala"],
    dims: [64, 128, 256, 512], lrs: [1e-4, 4.6e-4, 2.2e-3, 1e-2], seeds: 3, steps: 12_500, batch: 256, evalEvery: 500, testSize: 3000, weightDecay: 0.1, stopAt: 0.99,
    model: { convRegime: "native", metalaConv: 2, maxLen: 512, glu: false },
    ablation: { mixers: ["metala", "metala-noconv", "metala-noaug", "metala-key"], d: 128 },
    forgetting: { task: { vocabSize: 8192, seqLen: 256, numKvPairs: 16, numUpdates: 8 }, mixers: ["linear", "retnet", "gla", "metala"], d: 128, steps: 12_500 },
    staticApprox: { n: 16, sigmas: [1, 4], maps: 20, steps: 2000, distant: { lengths: [8, 16, 32, 64], alpha: 0.7, mass: 0.5, maps: 10 } },
    efficiency: { mixers: ["softmax", "gla", "metala"], lengths: [256, 512, 1024, 2048, 4096], overheadT: 4, d: 512, batch: 4, reps: 5 },
  },
}, { groups: { model: MODEL_DEFAULTS } });
