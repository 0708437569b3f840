/**
 * MFSNN, the multiscale fusion spiking network of arXiv 2410.03533, as the card reconstructs it (§2.2 [INFERRED]:
 * the paper's text could not be read, so widths, kernels, the attention form and the fusion operator are the
 * project's choices). Input spike features x `[B, T, C]` (log1p counts, z-scored), class scores `[B, K]`:
 *
 *   x' = x ⊙ σ(W₂ ReLU(W₁ mean_t x))                                  electrode attention (SE over C, reduction 8)
 *   S₀ = LIF(BN(x' W_stem))                                            stem, 1×1 conv C → F
 *   per branch d ∈ {1, 2, 4}: S_d = LIF(BN(conv_d(LIF(BN(conv_d(S₀))))) + S₀)     causal, kernel 3, dilation d
 *   S_d' = S_d ⊙ σ(W₄ ReLU(W₃ mean_t S_d))                             feature attention (SE over F)
 *   U = LIF(BN(S₀ + Σ_d S_d'))                                          skip fusion (sum); variant: concat → 1×1 → BN → LIF
 *   I[t] = U[t] W_r + b_r,  score = time-mean of the leaky integrator driven by I (closed form, layers.ts)
 *
 * The card writes U = LIF(S₀ + Σ_d S_d'); the BN is ours: a sum of gated spikes (each < 1) has no learnable scale,
 * and without it a single stream (noskip) never reaches the threshold, so that ablation would be dead, not ablated.
 * Variants (ablations, card §4 claim 3 and §2.2): single (d = 1 only), noskip (U = LIF(BN(S₄')), the last branch only),
 * nofsa (no feature attention), noesa (no electrode attention), concat (concat fusion), tau4, rect (rectangular
 * surrogate of width 1), plif (one learnable τ per LIF layer, τ = 1/σ(w), w₀ = 0 → τ₀ = 2).
 */
import * as tf from "@tensorflow/tfjs";
import { ParamStore } from "../../core/nn/params";
import { OpCounter } from "../../core/train/energy";
import type { Rng } from "../../core/train/seed";
import { batchNorm, causalConv, initBatchNorm, initSE, leakyReadout, lif, squeezeExcite, toTimeMajor, type NeuronSettings } from "./layers";
import { mfsnnMessages } from "./messages";

/** The model variants (the full model and its ablations). */
export const VARIANTS = ["full", "single", "noskip", "nofsa", "noesa", "concat", "tau4", "rect", "plif"] as const;
/** A model variant. */
export type Variant = (typeof VARIANTS)[number];

/** Shape and settings of one MFSNN. */
export interface MfsnnSpec {
  /** Channels C, bins T, classes K. */
  C: number;
  T: number;
  K: number;
  /** Feature width F (card: 64; 32 in quick mode). */
  F: number;
  /** SE reductions: electrodes (card 8) and features. */
  reduction: number;
  featureReduction: number;
  /** Temporal kernel size and the branches' dilations (card: 3; 1, 2, 4). */
  kernel: number;
  dilations: number[];
  /** LIF τ (card 2) and the readout integrator's τ_r. */
  tau: number;
  readoutTau: number;
  variant: Variant;
}

/** Card defaults at C = 96, T = 50, K = 8. */
export const MFSNN_DEFAULTS: MfsnnSpec = { C: 96, T: 50, K: 8, F: 64, reduction: 8, featureReduction: 4, kernel: 3, dilations: [1, 2, 4], tau: 2, readoutTau: 2, variant: "full" };

/** A built MFSNN: its spec (variant applied) and parameters. */
export interface Mfsnn {
  kind: "mfsnn";
  spec: MfsnnSpec;
  params: ParamStore;
}

/** The branches' dilations after the variant (single: the first only). */
function dilationsOf(s: MfsnnSpec): number[] {
  return s.variant === "single" ? s.dilations.slice(0, 1) : s.dilations;
}

/** Names of the LIF layers, in order (firing rates are reported per layer). */
export function lifLayers(s: MfsnnSpec): string[] {
  return ["stem", ...dilationsOf(s).flatMap((d) => [`b${d}/lif1`, `b${d}/lif2`]), "fuse"];
}

/** Builds an MFSNN with weights drawn from `rng` (PyTorch's default uniform bounds; BN γ = V_th = 1). */
export function buildMfsnn(spec: Partial<MfsnnSpec>, rng: Rng): Mfsnn {
  const s: MfsnnSpec = { ...MFSNN_DEFAULTS, ...spec, dilations: [...(spec.dilations ?? MFSNN_DEFAULTS.dilations)] };
  if (!(VARIANTS as readonly string[]).includes(s.variant)) throw new Error(mfsnnMessages.unknownVariant(s.variant, VARIANTS));
  const p = new ParamStore(rng, "mfsnn");
  const { C, F, K, kernel: k } = s;
  if (s.variant !== "noesa") initSE(p, "esa", C, s.reduction);
  p.weight("stem/w", [C, F]);
  p.weight("stem/b", [F], "zeros");
  initBatchNorm(p, "stem/bn", F);
  for (const d of dilationsOf(s)) {
    for (const j of [1, 2]) {
      p.weight(`b${d}/conv${j}/w`, [k * F, F]);
      initBatchNorm(p, `b${d}/bn${j}`, F);
    }
    if (s.variant !== "nofsa") initSE(p, `b${d}/fsa`, F, s.featureReduction);
  }
  if (s.variant === "concat") p.weight("fuse/w", [(1 + dilationsOf(s).length) * F, F]);
  initBatchNorm(p, "fuse/bn", F);
  if (s.variant === "plif") for (const name of lifLayers(s)) p.weight(`${name}/tauw`, [], "zeros"); // τ = 1/σ(0) = 2
  p.weight("readout/w", [F, K]);
  p.weight("readout/b", [K], "zeros");
  return { kind: "mfsnn", spec: s, params: p };
}

/** What a forward pass returns: scores `[B, K]`, and with `record` each LIF layer's spikes `[T·B, F]`. */
export interface MfsnnOutput {
  scores: tf.Tensor2D;
  spikes: Record<string, tf.Tensor>;
  /** The electrode-attention gate `[B, C]` (null without electrode attention). */
  gate: tf.Tensor2D | null;
}

/** Forward pass of x `[B, T, C]` (see the file header); `training` selects batch statistics in BN. */
export function mfsnnForward(m: Mfsnn, x: tf.Tensor, training: boolean, record = false): MfsnnOutput {
  const s = m.spec, p = m.params, T = s.T;
  const spikes: Record<string, tf.Tensor> = {};
  const neuron = (name: string): NeuronSettings => ({
    tau: s.variant === "plif" ? tf.div(1, tf.sigmoid(p.get(`${name}/tauw`))) : s.variant === "tau4" ? 4 : s.tau,
    surrogate: s.variant === "rect" ? "rect" : "atan",
  });
  const fire = (name: string, u: tf.Tensor) => {
    const out = lif(u, T, neuron(name));
    if (record) spikes[name] = out;
    return out;
  };
  let x2 = toTimeMajor(x, T, s.C); // [T·B, C]
  let gate: tf.Tensor2D | null = null;
  if (s.variant !== "noesa") ({ y: x2, gate } = squeezeExcite(p, "esa", x2, T)); // electrode attention
  const s0 = fire("stem", batchNorm(p, "stem/bn", tf.add(tf.matMul(x2, p.get("stem/w")), p.get("stem/b")), training)); // [T·B, F]
  const branches: tf.Tensor[] = [];
  for (const d of dilationsOf(s)) {
    const conv = (j: number, inp: tf.Tensor) => batchNorm(p, `b${d}/bn${j}`, causalConv(inp, T, p.get(`b${d}/conv${j}/w`), null, s.kernel, d), training);
    const h1 = fire(`b${d}/lif1`, conv(1, s0));
    const sd = fire(`b${d}/lif2`, tf.add(conv(2, h1), s0)); // residual add on the membrane input
    branches.push(s.variant === "nofsa" ? sd : squeezeExcite(p, `b${d}/fsa`, sd, T).y); // feature attention
  }
  let fused: tf.Tensor;
  if (s.variant === "concat") fused = tf.matMul(tf.concat([s0, ...branches], 1), p.get("fuse/w")); // [T·B, (1+n)F]·[(1+n)F, F]
  else if (s.variant === "noskip") fused = branches[branches.length - 1];
  else fused = tf.addN([s0, ...branches]); // skip fusion: S₀ + Σ_d S_d'
  const u = fire("fuse", batchNorm(p, "fuse/bn", fused, training));
  const I = tf.add(tf.matMul(u, p.get("readout/w")), p.get("readout/b")); // [T·B, K]
  return { scores: leakyReadout(I, T, s.readoutTau), spikes, gate };
}

/** The learned τ of each LIF layer (plif), else the fixed τ of every layer. */
export function tausOf(m: Mfsnn): Record<string, number> {
  const s = m.spec;
  return Object.fromEntries(lifLayers(s).map((name) => [name, s.variant === "plif" ? 1 / tf.tidy(() => tf.sigmoid(m.params.get(`${name}/tauw`)).dataSync()[0]) : s.variant === "tau4" ? 4 : s.tau]));
}

/**
 * Operations per trial (card §4 claim 4): layers fed real values count MACs (electrode attention, stem, the SE
 * gates' FCs and gating, the readout integrator), spike-fed layers ACs = T·ops·r with r the measured firing rate of
 * their input spikes (branch convs, fusion, readout). BN folds into the preceding layer at inference; residual adds
 * and the LIF updates are not counted (one convention for every decoder).
 */
export function mfsnnOps(m: Mfsnn, rates: Record<string, number>): OpCounter {
  const s = m.spec, T = s.T, F = s.F, k = s.kernel;
  const c = new OpCounter();
  const se = (name: string, n: number, r: number) => c.add(name, "se", n * Math.ceil(n / r) * 2 + T * n); // two FCs + gating, MACs
  if (s.variant !== "noesa") se("electrode attention", s.C, s.reduction);
  c.linear("stem", s.C, F, { timesteps: T });
  for (const d of dilationsOf(s)) {
    c.add(`b${d}/conv1`, "conv", k * F * F, { timesteps: T, firingRate: rates.stem });
    c.add(`b${d}/conv2`, "conv", k * F * F, { timesteps: T, firingRate: rates[`b${d}/lif1`] });
    if (s.variant !== "nofsa") se(`b${d}/feature attention`, F, s.featureReduction);
  }
  const streams = s.variant === "noskip" ? 0 : dilationsOf(s).length + 1;
  if (s.variant === "concat") c.add("fusion", "conv", streams * F * F, { timesteps: T, firingRate: rates.stem }); // rate of S₀ as the streams' proxy
  else if (streams > 1) c.add("fusion", "add", streams * F, { timesteps: T, firingRate: rates.stem });
  c.add("readout", "linear", F * s.K, { timesteps: T, firingRate: rates.fuse });
  c.add("readout integrator", "integrator", s.K, { timesteps: T });
  return c;
}
