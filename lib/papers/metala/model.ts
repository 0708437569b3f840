/**
 * MetaLA: Unified Optimal Linear Approximation to Softmax Attention Map (Chou, Yao et al., NeurIPS 2024,
 * arXiv 2411.10741), small-scale model for MQAR: a 2-block language model
 *
 *   h = E[x];  for each block: h ← h + Mixer(Norm(h));  h ← h + GLU(Norm(h));   logits = Norm(h) Eᵀ (tied)
 *   GLU(x) = (SiLU(x W₁) ⊙ x W₂) W₃                                                     (card §2.4, block)
 *
 * `glu: false` drops the channel mixer (Zoology's MQAR block, `state_mixer: Identity`), what the MQAR runs use.
 *
 * with any mixer of mixers.ts. Left out at this scale: LM pretraining, LRA/ImageNet heads (data.ts has the LRA
 * loaders for users with the data), dropout, RetNet's rotation. Block norm: "rms" (the HF code: RMS scaling, no gain)
 * by default, "layer" (the paper's LayerNorm) selectable.
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../core/train/seed";
import { normal } from "../../core/train/init";
import { linear, ParamStore } from "../../core/nn";
import { applyMixer, convKernelFor, initMixer, inOrder, linearInit, MixerKind, MixerOptions, MIXERS, plainLayerNorm } from "./mixers";
import { DEFAULT_CHUNK } from "./recurrence";

/** The model's typed config (one per paper; experiment.ts holds the run config around it). */
export interface ModelConfig {
  /** Token mixer of every block. */
  mixer: MixerKind;
  /** Vocabulary size V (MQAR small scale 64–256; paper 8192). */
  vocabSize: number;
  /** Width d. */
  d: number;
  /** Blocks (MQAR: 2). */
  layers: number;
  /** Heads H (MQAR: 2). */
  heads: number;
  /** GLU hidden width as a multiple of d (card: 2). */
  gluMult: number;
  /** Short conv regime: "shared" = every mixer gets `sharedConv` (fair comparison), "native" = paper settings. */
  convRegime: "shared" | "native";
  /** Kernel of the shared conv (card: 2). */
  sharedConv: number;
  /** MetaLA conv kernel (MQAR runs: 2; released LM code: 4). */
  metalaConv: number;
  /** MetaLA self-augmentation form: "code" (with σ, default) or "paper" (eq. A38, no σ). */
  augForm: "code" | "paper";
  /** Block norm: "rms" (HF code, default) or "layer" (paper). */
  blockNorm: "rms" | "layer";
  /** GLA gate rank. */
  glaRank: number;
  /** Mamba state size per channel. */
  mambaState: number;
  /** Recurrence form used in the forward pass. */
  form: "chunked" | "recurrent";
  /** Chunk length of the chunked form (32: one chunk at T = 32; sets the log-decay floor −64/chunk = −2, α ≥ 0.135). */
  chunk: number;
  /** Longest sequence (learned positions of softmax attention). */
  maxLen: number;
  /** Linear weights' init: "torch" (U(±1/√fan_in)) or "hf" (N(0, 0.02), residual outputs 0.02/√(2L); MetaLA's HF code). */
  init: "torch" | "hf";
  /**
   * Channel mixer after each token mixer: true = the LM block's GLU (paper, HF code); false = none, Zoology's MQAR
   * recipe (`state_mixer: torch.nn.Identity` in its Fig. 2 configs), which the MQAR runs of every scale use.
   */
  glu: boolean;
}

/** Defaults: the card's quick MQAR setting with d = 64. */
export const MODEL_DEFAULTS: ModelConfig = {
  mixer: "metala", vocabSize: 64, d: 64, layers: 2, heads: 2, gluMult: 2, convRegime: "native", sharedConv: 2, metalaConv: 2,
  augForm: "code", blockNorm: "rms", glaRank: 16, mambaState: 8, form: "chunked", chunk: 2 * DEFAULT_CHUNK, maxLen: 512,
  init: "torch", glu: true,
};

/** Merges overrides into the defaults; an unknown key or a bad value is an error that names the fix. */
export function modelConfig(overrides: Partial<ModelConfig> = {}, base: ModelConfig = MODEL_DEFAULTS): ModelConfig {
  for (const k of Object.keys(overrides)) {
    if (!(k in base)) throw new Error(`metala modelConfig: unknown key '${k}'; known keys: ${Object.keys(base).join(", ")}`);
  }
  const c = { ...base, ...overrides };
  if (!(MIXERS as readonly string[]).includes(c.mixer)) throw new Error(`metala modelConfig: unknown mixer '${c.mixer}'; use one of ${MIXERS.join(", ")}`);
  if (c.d % c.heads !== 0) throw new Error(`metala modelConfig: d=${c.d} must be divisible by heads=${c.heads}`);
  return c;
}

/** A built model: its config and parameters. */
export interface Model {
  config: ModelConfig;
  params: ParamStore;
}

function mixerOptions(c: ModelConfig, layer: number): MixerOptions {
  return {
    kind: c.mixer, d: c.d, heads: c.heads, convKernel: convKernelFor(c.mixer, c.convRegime, c.sharedConv, c.metalaConv), augForm: c.augForm,
    glaRank: c.glaRank, mambaState: c.mambaState, layer, layers: c.layers, form: c.form, chunk: c.chunk, maxLen: c.maxLen, init: c.init,
  };
}

/** Builds the model's parameters from a seeded stream (same seed → same weights on every backend). */
export function buildModel(overrides: Partial<ModelConfig> = {}, rng: Rng = new Rng(0)): Model {
  const c = modelConfig(overrides);
  const p = new ParamStore(rng, "metala");
  p.weight("embed", [c.vocabSize, c.d], inOrder(rng, (s, r) => normal(s, 0, 0.02, r)));
  for (let l = 0; l < c.layers; l++) {
    initMixer(p, `l${l}/mix/`, mixerOptions(c, l), rng.fork(`l${l}/mix`));
    if (!c.glu) continue;
    const lin = linearInit(c.init, c.layers);
    p.weight(`l${l}/glu/in`, [c.d, 2 * c.gluMult * c.d], inOrder(rng, lin.in));
    p.weight(`l${l}/glu/out`, [c.gluMult * c.d, c.d], inOrder(rng, lin.out));
  }
  return { config: c, params: p };
}

/** Number of trainable scalars. */
export function countParams(m: Model): number {
  return m.params.count();
}

/** Parameters of the mixers alone (Table 8's "+key" costs d·d_k more here). */
export function countMixerParams(m: Model): number {
  return [...m.params.vars].filter(([n]) => n.includes("/mix/")).reduce((a, [, v]) => a + v.size, 0);
}

function blockNorm(c: ModelConfig, x: tf.Tensor): tf.Tensor {
  if (c.blockNorm === "layer") return plainLayerNorm(x);
  return tf.mul(x, tf.rsqrt(tf.add(tf.mean(tf.square(x), -1, true), 1e-6))); // RMS scaling without gain (HF code)
}

/** Hidden states after the final norm: ids `[B,T]` int32 → `[B,T,d]`. */
export function forwardHidden(m: Model, ids: tf.Tensor2D): tf.Tensor3D {
  const c = m.config;
  const p = m.params;
  let h: tf.Tensor = tf.gather(p.get("embed"), ids); // [B,T,d]
  for (let l = 0; l < c.layers; l++) {
    h = tf.add(h, applyMixer(p, `l${l}/mix/`, mixerOptions(c, l), blockNorm(c, h)));
    if (!c.glu) continue;
    const [a, b] = tf.split(linear(blockNorm(c, h), p.get(`l${l}/glu/in`)), 2, 2);
    h = tf.add(h, linear(tf.mul(tf.mul(a, tf.sigmoid(a)), b), p.get(`l${l}/glu/out`))); // GLU = (SiLU(xW₁) ⊙ xW₂)W₃
  }
  return blockNorm(c, h) as tf.Tensor3D;
}

/** Logits at chosen flat positions (b·T + t): `[n, V]`, tied to the embedding. */
export function logitsAt(m: Model, ids: tf.Tensor2D, positions: tf.Tensor1D): tf.Tensor2D {
  const h = forwardHidden(m, ids);
  const [B, T, d] = h.shape;
  return tf.matMul(tf.gather(tf.reshape(h, [B * T, d]), positions), m.params.get("embed"), false, true) as tf.Tensor2D;
}

/** Full logits `[B,T,V]` (small inputs only; training scores query positions through `logitsAt`). */
export function forwardLogits(m: Model, ids: tf.Tensor2D): tf.Tensor3D {
  const h = forwardHidden(m, ids);
  const [B, T, d] = h.shape;
  return tf.reshape(tf.matMul(tf.reshape(h, [B * T, d]), m.params.get("embed"), false, true), [B, T, m.config.vocabSize]) as tf.Tensor3D;
}

/** Frees every parameter of the model. */
export function disposeModel(m: Model): void {
  m.params.dispose();
}
