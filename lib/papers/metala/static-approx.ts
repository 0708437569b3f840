/**
 * MetaLA (arXiv 2411.10741) §4, Table 2, condition C2 "static approximation": can a parameter group of the unified
 * recurrence represent an arbitrary causal softmax map with *bounded* q, k and α ∈ [0, 1]? Here the free tensors of
 * each group are fitted directly (no network) to random causal softmax maps P:
 *
 *   a_{t,s} = Σ_i q_{t,i} k_{s,i} Π_{j=s+1..t} α_{j,i}     (recurrence.ts `attentionMap`)
 *   loss = mean over s ≤ t of (a_{t,s} − p_{t,s})²,   q = 5 tanh(θ_q), k = 5 tanh(θ_k), α = σ(θ_α)
 *
 * The table is about representability, not learnability (the paper says so); gradient fitting is our probe of it.
 */
import * as tf from "@tensorflow/tfjs";
import { logSigmoid } from "../../core/grad";
import { Rng } from "../../core/train/seed";
import { attentionMap } from "./recurrence";

/** Parameter groups of Table 2 (Λ fixed in time, Λt dynamic; a missing Q or K is the constant 1; "Q,Λt" is MetaLA: k = 1 − α). */
export const PARAM_GROUPS = ["Q,K,Λ", "Q,K,Λt", "Q,K", "K,Λ", "K,Λt", "Q,Λt", "Λ", "Λt"] as const;
export type ParamGroup = (typeof PARAM_GROUPS)[number];

/** Models the paper files under each group, and its C2 verdict (Table 2). */
export const TABLE2: Record<ParamGroup, { models: string; c1: boolean; c2: boolean; c3: boolean }> = {
  "Q,K,Λ": { models: "RetNet, TransNormer, S4D, H3, DSS", c1: false, c2: false, c3: false },
  "Q,K,Λt": { models: "GLA, Mamba", c1: true, c2: true, c3: false },
  "Q,K": { models: "Linear Transformer, RFA, Performer, cosFormer", c1: false, c2: true, c3: false },
  "K,Λ": { models: "RWKV-4", c1: false, c2: false, c3: false },
  "K,Λt": { models: "GLRU", c1: true, c2: false, c3: false },
  "Q,Λt": { models: "MetaLA", c1: true, c2: true, c3: true },
  Λ: { models: "LRU, S5", c1: false, c2: false, c3: false },
  Λt: { models: "HGRN, Griffin", c1: true, c2: false, c3: false },
};

/** Options of one fit. */
export interface FitOptions {
  /** Key/query dimension d_k (card: 16 = n). */
  dk: number;
  /** Bound on |q|, |k| (tanh scale; card: 5). */
  bound: number;
  /** Adam steps. */
  steps: number;
  /** Peak Adam learning rate (cosine decay to 1/50 of it). */
  lr: number;
  /** Seed of the initial parameters. */
  seed: number;
  /** Mean of the initial decay logits (4 → α ≈ 0.98: long memory at the start, as decay gates are initialised; 2 (α ≈ 0.88) leaves (Q,K,Λt) at ~1e-3 after 800 steps). */
  decayInit: number;
  /**
   * A given fixed decay α₀ ∈ (0, 1) instead of a learned one (groups with a fixed Λ only): RetNet's γ, S4D's
   * exp(ΔA) are set, not fitted to the map. null = learned (a learned time-invariant α can approach 1 and then
   * contains (Q,K); the paper's ✗ is about a decay below 1 at unbounded distances).
   */
  fixedDecay: number | null;
}

export const FIT_DEFAULTS: FitOptions = { dk: 16, bound: 5, steps: 600, lr: 0.05, seed: 0, decayInit: 4, fixedDecay: null };

/**
 * The largest score a fixed decay α₀ can give a token at distance D with |q|, |k| ≤ C (card §2.3, C2):
 * |a_{t,t−D}| = |Σ_i q_ti k_si α₀^D| ≤ d_k·C²·α₀^D. A map entry p above it is out of reach (the paper's
 * |k_s| ≥ p/(C_q α^{t−s}) with no bound as D grows).
 */
export function fixedDecayReach(alpha: number, dk: number, bound: number, distance: number): number {
  return dk * bound * bound * alpha ** distance;
}

/** Result of fitting one group to a stack of maps. */
export interface FitResult {
  group: ParamGroup;
  /** Final MSE per map (over the causal entries). */
  mse: number[];
  /** Mean of `mse`. */
  meanMse: number;
}

/**
 * Fits `group` to every map of `maps` `[M, n, n]` at once (each map has its own parameters). Returns the final
 * per-map MSE over the causal entries.
 */
export function fitStaticMaps(maps: tf.Tensor3D, group: ParamGroup, options: Partial<FitOptions> = {}): FitResult {
  const o = { ...FIT_DEFAULTS, ...options };
  if (!(PARAM_GROUPS as readonly string[]).includes(group)) throw new Error(`fitStaticMaps: unknown parameter group '${group}'; use one of ${PARAM_GROUPS.join(" | ")}`);
  const [M, n] = maps.shape;
  const r = new Rng(o.seed);
  const has = { q: group.startsWith("Q"), k: group.includes("K"), lam: group.includes("Λ"), dyn: group.endsWith("Λt") };
  const init = (shape: number[], std: number, mean = 0) => tf.variable(tf.tensor(r.floats(shape.reduce((a, b) => a * b, 1), (x) => x.normal(mean, std)), shape));
  const vars: tf.Variable[] = [];
  const thQ = has.q ? init([M, 1, n, o.dk], 0.5) : null;
  const thK = has.k ? init([M, 1, n, o.dk], 0.5) : null;
  if (o.fixedDecay !== null && (!has.lam || has.dyn || !(o.fixedDecay > 0 && o.fixedDecay < 1))) {
    throw new Error(`fitStaticMaps: fixedDecay ${o.fixedDecay} needs a group with a fixed Λ (Q,K,Λ | K,Λ | Λ) and a value in (0, 1), got group '${group}'`);
  }
  const logAlpha0 = o.fixedDecay === null ? 0 : Math.log(o.fixedDecay); // log α₀ of a given decay; 0 = no decay
  const thA = has.lam && o.fixedDecay === null ? init([M, 1, has.dyn ? n : 1, o.dk], 0.5, o.decayInit) : null; // α starts near σ(decayInit)
  for (const v of [thQ, thK, thA]) if (v) vars.push(v);
  const mask = tf.tidy(() => tf.reshape(tf.linalg.bandPart(tf.ones([n, n]), -1, 0), [1, n, n]));
  const count = (n * (n + 1)) / 2;
  const target = tf.mul(maps, mask);
  const perMap = () => {
    // α = σ(θ_α), broadcast over t when fixed; a given α₀ is a constant log α₀
    const logA = thA ? tf.mul(logSigmoid(thA), tf.ones([M, 1, n, o.dk])) : tf.fill([M, 1, n, o.dk], logAlpha0);
    const q = thQ ? tf.mul(tf.tanh(thQ), o.bound) : tf.ones([M, 1, n, o.dk]);
    // k: free (bounded) when the group has K; otherwise 1 − α where α is dynamic (MetaLA, HGRN), else 1
    const k = thK ? tf.mul(tf.tanh(thK), o.bound) : has.dyn ? tf.sub(1, tf.exp(logA)) : tf.ones([M, 1, n, o.dk]);
    const A = tf.reshape(attentionMap(q, k, logA), [M, n, n]);
    return tf.div(tf.sum(tf.square(tf.mul(tf.sub(A, target), mask)), [1, 2]), count); // [M]
  };
  const opt = tf.train.adam(o.lr);
  for (let s = 0; s < o.steps; s++) {
    (opt as unknown as { learningRate: number }).learningRate = o.lr * (0.02 + 0.98 * 0.5 * (1 + Math.cos((Math.PI * s) / o.steps))); // cosine to lr/50
    const l = opt.minimize(() => tf.sum(perMap()) as tf.Scalar, true, vars);
    l?.dispose();
  }
  const mse = Array.from(tf.tidy(perMap).dataSync());
  tf.dispose([mask, target, ...vars]);
  opt.dispose();
  return { group, mse, meanMse: mse.reduce((a, b) => a + b, 0) / mse.length };
}

/**
 * The paper's closed form for one attention row (C2, d_k = 1, q = 1, k_s = 1 − α_s): given the row p_{t,0..t} of a
 * causal softmax map, α_s = S_{s−1}/S_s with S_s = Σ_{j≤s} p_{t,j} (S_{−1} = 0). Then
 *   a_{t,s} = k_s Π_{j=s+1..t} α_j = (1 − S_{s−1}/S_s) · S_s/S_t = p_{t,s}/S_t = p_{t,s}
 * exactly, with every α_s ∈ [0, 1] and k_s ∈ [0, 1] (bounded). `scores` recomputes a_{t,s} from α by the product
 * form, so it checks the identity numerically. The same α gives row t' < t the renormalised prefix p_{t,s}/S_{t'}, not
 * row t' of the map: without Q only one row is fitted, and q (a per-row channel selector) is what fits the others.
 */
export function closedFormRow(p: readonly number[]): { alpha: number[]; key: number[]; scores: number[] } {
  if (p.length === 0 || p.some((x) => !(x >= 0))) throw new Error(`closedFormRow: p must be a non-empty row of probabilities ≥ 0, got [${p.slice(0, 6).join(", ")}${p.length > 6 ? ", …" : ""}]`);
  const S: number[] = [];
  p.forEach((x, s) => S.push((s ? S[s - 1] : 0) + x)); // S_s = Σ_{j≤s} p_j
  const alpha = S.map((Ss, s) => (s === 0 || Ss === 0 ? 0 : S[s - 1] / Ss)); // α_s = S_{s−1}/S_s
  const key = alpha.map((a) => 1 - a); // k_s = 1 − α_s (MetaLA's decay-as-key)
  const t = p.length - 1;
  const scores = key.map((k, s) => alpha.slice(s + 1, t + 1).reduce((acc, a) => acc * a, k)); // a_{t,s} = k_s Π_{j=s+1..t} α_j
  return { alpha, key, scores };
}
