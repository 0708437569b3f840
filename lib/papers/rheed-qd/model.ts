/**
 * ResNet-tiny with an optional GLAM block (card §2 for arXiv 2411.00332; "lightweight" is not quantified in the
 * paper, so this is the project's small default): input T×S×S (T stacked frames as channels, S = 48) → stem
 * conv3×3 (8) → three stages of one BasicBlock (widths 8/16/32, strides 1/2/2) → GLAM on the last map
 * (12×12×32 at S = 48) → GAP → a class head (3 PL-quality tertiles) and a regression head (ln I, Γ, λ standardised).
 * Channels-last throughout: x [B, S, S, T].
 */
import * as tf from "@tensorflow/tfjs";
import { batchNormTrain } from "../../core/kernels/batch-norm";
import { ParamStore } from "../../core/nn/params";
import { Rng } from "../../core/train/seed";
import { applyGlam, initGlam, type GlamMaps, type GlamOptions } from "./glam";
import { rheedMessages } from "./messages";

/** The model variants of the GLAM ablation (card §5.3). */
export const VARIANTS = ["plain", "local-channel", "local", "global", "full"] as const;
export type Variant = (typeof VARIANTS)[number];

/** GLAM branches of each variant. */
export const VARIANT_BRANCHES: Record<Variant, Pick<GlamOptions, "localChannel" | "localSpatial" | "globalChannel" | "globalSpatial">> = {
  plain: { localChannel: false, localSpatial: false, globalChannel: false, globalSpatial: false },
  "local-channel": { localChannel: true, localSpatial: false, globalChannel: false, globalSpatial: false },
  local: { localChannel: true, localSpatial: true, globalChannel: false, globalSpatial: false },
  global: { localChannel: false, localSpatial: false, globalChannel: true, globalSpatial: true },
  full: { localChannel: true, localSpatial: true, globalChannel: true, globalSpatial: true },
};

/** Model settings. */
export interface ModelConfig {
  variant: Variant;
  /** Frames stacked as channels (T ∈ {1, 4}). */
  frames: number;
  /** Frame size S. */
  size: number;
  /** Stage widths (card: 8/16/32) and strides (1/2/2). */
  widths: number[];
  strides: number[];
  /** Classes of the head (3 tertiles) and regression targets (3). */
  classes: number;
  targets: number;
  /** GLAM hyper-parameters (branches come from the variant). */
  glam: Omit<GlamOptions, "localChannel" | "localSpatial" | "globalChannel" | "globalSpatial">;
}

/** Defaults: plain ResNet-tiny at T = 1, S = 48; GLAM k = 3, R = {1, 2, 3}, c' = c/2, quirks off. */
export const MODEL_DEFAULTS: ModelConfig = {
  variant: "plain", frames: 1, size: 48, widths: [8, 16, 32], strides: [1, 2, 2], classes: 3, targets: 3,
  glam: { k: 3, dilations: [1, 2, 3], reduction: 2, sharedQK: false, flatSoftmax: false },
};

/** A built model: its config and parameters (weights + BN running statistics). */
export interface Model {
  config: ModelConfig;
  params: ParamStore;
}

/** Model output: class logits [B, K], regression [B, targets], and attention maps when asked. */
export interface ModelOutput {
  logits: tf.Tensor2D;
  regression: tf.Tensor2D;
  maps?: GlamMaps;
}

function initConvBn(p: ParamStore, name: string, cin: number, cout: number, k: number): void {
  p.weight(`${name}/w`, [k, k, cin, cout], "torch", k * k * cin);
  p.weight(`${name}/gamma`, [cout], "ones");
  p.weight(`${name}/beta`, [cout], "zeros");
  p.buffer(`${name}/mean`, [cout], 0);
  p.buffer(`${name}/var`, [cout], 1);
}

/** Builds ResNet-tiny (+ GLAM) with weights drawn from `rng` (PyTorch's default conv/linear init). */
export function buildModel(config: Partial<ModelConfig> = {}, rng: Rng = new Rng(0)): Model {
  const c: ModelConfig = { ...MODEL_DEFAULTS, ...config, glam: { ...MODEL_DEFAULTS.glam, ...config.glam } };
  if (!(VARIANTS as readonly string[]).includes(c.variant)) throw new Error(rheedMessages.badVariant(c.variant, VARIANTS));
  const p = new ParamStore(rng, "rheed");
  initConvBn(p, "stem", c.frames, c.widths[0], 3);
  let cin = c.widths[0];
  c.widths.forEach((cout, i) => {
    initConvBn(p, `s${i}/c1`, cin, cout, 3);
    initConvBn(p, `s${i}/c2`, cout, cout, 3);
    if (c.strides[i] !== 1 || cin !== cout) initConvBn(p, `s${i}/sc`, cin, cout, 1);
    cin = cout;
  });
  initGlam(p, "glam", cin, { ...c.glam, ...VARIANT_BRANCHES[c.variant] });
  p.weight("head/w", [cin, c.classes], "torch", cin);
  p.weight("head/b", [c.classes], "torch", cin);
  p.weight("reg/w", [cin, c.targets], "torch", cin);
  p.weight("reg/b", [c.targets], "torch", cin);
  return { config: c, params: p };
}

/** conv (no bias) → BN (batch statistics and running update when training; running statistics otherwise). */
function convBn(p: ParamStore, name: string, x: tf.Tensor4D, stride: number, training: boolean): tf.Tensor4D {
  const y = tf.conv2d(x, p.get(`${name}/w`) as tf.Tensor4D, stride, "same");
  const gamma = p.get(`${name}/gamma`), beta = p.get(`${name}/beta`);
  const mean = p.get(`${name}/mean`), variance = p.get(`${name}/var`);
  if (training) return batchNormTrain(y, gamma, beta, { mean, variance }) as tf.Tensor4D;
  return tf.add(tf.mul(tf.div(tf.sub(y, mean), tf.sqrt(tf.add(variance, 1e-5))), gamma), beta) as tf.Tensor4D;
}

/** Checks a frame stack: [B, S, S, T] with S and T of the model. */
export function checkStack(m: Model, x: tf.Tensor): void {
  const { size: S, frames: T } = m.config;
  if (x.rank !== 4 || x.shape[1] !== S || x.shape[2] !== S || x.shape[3] !== T) throw new Error(rheedMessages.badStack(x.shape, `[batch, ${S}, ${S}, ${T}]`));
}

/**
 * Forward pass: x [B, S, S, T] in [0, 1] → logits [B, K], regression [B, 3]. `training` uses batch statistics
 * (and updates the running ones); `maps` collects GLAM's attention maps.
 */
export function forward(m: Model, x: tf.Tensor4D, training = false, maps?: GlamMaps): ModelOutput {
  checkStack(m, x);
  const c = m.config, p = m.params;
  let h = tf.relu(convBn(p, "stem", x, 1, training)) as tf.Tensor4D; // [B, S, S, 8]
  c.widths.forEach((_, i) => {
    const s = c.strides[i];
    const y = tf.relu(convBn(p, `s${i}/c1`, h, s, training)) as tf.Tensor4D; // [B, S/s, S/s, w_i]
    const z = convBn(p, `s${i}/c2`, y, 1, training);
    const sc = p.has(`s${i}/sc/w`) ? convBn(p, `s${i}/sc`, h, s, training) : h; // 1×1 projection when the shape changes
    h = tf.relu(tf.add(z, sc)) as tf.Tensor4D;
  }); // [B, S/4, S/4, 32]
  h = applyGlam(p, "glam", h, { ...c.glam, ...VARIANT_BRANCHES[c.variant] }, maps);
  const g = tf.mean(h, [1, 2]) as tf.Tensor2D; // GAP: [B, 32]
  const logits = tf.add(tf.matMul(g, p.get("head/w")), p.get("head/b")) as tf.Tensor2D; // [B, K]
  const regression = tf.add(tf.matMul(g, p.get("reg/w")), p.get("reg/b")) as tf.Tensor2D; // [B, 3]
  return { logits, regression, maps };
}

/** Trainable parameters (PyTorch's sum(p.numel())). */
export function countParams(m: Model): number {
  return m.params.count();
}

/** Frees the model's tensors. */
export function disposeModel(m: Model): void {
  m.params.dispose();
}
