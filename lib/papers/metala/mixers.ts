/**
 * MetaLA (arXiv 2411.10741): the token mixers compared in the paper, each written as feature maps (q, k, α, v, g) of
 * the one unified recurrence in recurrence.ts (card §2.2), plus softmax attention as the reference.
 *
 * Small-scale choices (card §5): RetNet's xPos rotation is dropped (real decay γ_h = 1 − 2^{−5−h}); Mamba is its S6
 * core (selective Δ, B, C; diagonal A < 0; D skip; SiLU(z) gate) with the short conv on the mixer input; HGRN ties the
 * input gate to 1 − forget (HGRN paper) with a per-layer lower bound l/L on the forget gate. Every log-decay is
 * clamped at `logDecayFloor(chunk)` (recurrence.ts) so the chunked form stays in float32 range.
 *
 * Where the official MetaLA code and the paper differ, the code's version is the default and the paper's is an
 * option: `augForm` "code" (σ inside the self-augmentation, eq. 22 and the code) vs "paper" (eq. A38, no σ).
 */
import * as tf from "@tensorflow/tfjs";
import { logSigmoid } from "../../core/grad";
import { linear, mergeHeads, ParamStore, splitHeads, type InitFn } from "../../core/nn";
import { Rng } from "../../core/train/seed";
import { normal, torchDefault } from "../../core/train/init";
import { clampLogDecay as clampAt, logDecayFloor, scanChunked, scanRecurrent } from "./recurrence";

/** Every mixer of the comparison. The three `metala-*` are the Table 8 ablations. */
export const MIXERS = ["softmax", "linear", "retnet", "gla", "hgrn", "mamba", "metala", "metala-noconv", "metala-noaug", "metala-key"] as const;
export type MixerKind = (typeof MIXERS)[number];

/** Table 2 parameter group of each mixer (which of Q, K, Λ it has, Λ fixed or dynamic). */
export const PARAMETER_GROUP: Record<MixerKind, string> = {
  softmax: "softmax", linear: "Q,K", retnet: "Q,K,Λ", gla: "Q,K,Λt", hgrn: "Λt", mamba: "Q,K,Λt",
  metala: "Q,Λt", "metala-noconv": "Q,Λt", "metala-noaug": "Q,Λt", "metala-key": "Q,K,Λt",
};

/** Mixer options (a slice of the paper config, see experiment.ts). */
export interface MixerOptions {
  kind: MixerKind;
  /** Model width d. */
  d: number;
  /** Heads H (MQAR: 2). HGRN and Mamba use one head per channel regardless. */
  heads: number;
  /** Short causal depthwise conv kernel on the mixer input (0 = none), already resolved for the regime. */
  convKernel: number;
  /** MetaLA self-augmentation: "code" σ((q·(w⊙(1−α)))v) (default) or "paper" eq. A38 without σ. */
  augForm: "code" | "paper";
  /** GLA gate rank (card: 16). */
  glaRank: number;
  /** Mamba state size N per channel. */
  mambaState: number;
  /** Index of this layer and the layer count (HGRN's forget lower bound l/L). */
  layer: number;
  layers: number;
  /** "chunked" (training) or "recurrent" (step by step; the same numbers). */
  form: "chunked" | "recurrent";
  /** Chunk length of the chunked form. */
  chunk: number;
  /** Learned positions length (softmax only). */
  maxLen: number;
  /** Linear weights' init: "torch" (nn.Linear default U(±1/√fan_in)) or "hf" (N(0, 0.02), W_O at 0.02/√(2L): MetaLA's HF code, Zoology). */
  init: "torch" | "hf";
}

/**
 * The initialisers of MetaLA's weights, drawing from the layer's stream `r` in creation order. The weights live in
 * lib/core's `ParamStore`, whose own initialisers draw from a per-name fork of the store's stream; drawing in order
 * from `r` instead keeps every MetaLA model's initial weights (and so the README's results) as they were.
 */
export const inOrder = (r: Rng, init: (shape: number[], r: Rng) => tf.Tensor = (s, rr) => torchDefault(s, s[0], rr)): InitFn => (shape) => init(shape, r);

/**
 * Initialisers of a block's linear weights: "torch" = nn.Linear's default U(±1/√fan_in) for every matrix; "hf" = the
 * HF/Zoology scheme MetaLA's code uses: N(0, 0.02) for input projections, N(0, 0.02/√(2L)) for the two matrices that
 * write into the residual stream (mixer W_O, GLU W₃), L = layers (GPT-2's prenorm-residual rescaling).
 */
export function linearInit(init: "torch" | "hf", layers: number): { in: (s: number[], r: Rng) => tf.Tensor; out: (s: number[], r: Rng) => tf.Tensor } {
  if (init === "torch") return { in: (s, r) => torchDefault(s, s[0], r), out: (s, r) => torchDefault(s, s[0], r) };
  return { in: (s, r) => normal(s, 0, 0.02, r), out: (s, r) => normal(s, 0, 0.02 / Math.sqrt(2 * layers), r) };
}

const silu = (x: tf.Tensor) => tf.mul(x, tf.sigmoid(x));

/** LayerNorm over the last axis without affine weights (eps 1e-5): the per-head norm of MetaLA/GLA/RetNet. */
export function plainLayerNorm(x: tf.Tensor, eps = 1e-5): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps)));
}

/**
 * Causal depthwise conv over time, y_t = Σ_{j<K} w_j ⊙ x_{t−j}, as K shifted slices times per-channel weights
 * (WASM has no depthwise-conv1d training path worth its dispatch cost at K ≤ 4). x `[B,T,d]`, w `[K,d]` → `[B,T,d]`.
 */
export function causalConv(x: tf.Tensor, w: tf.Tensor): tf.Tensor {
  const [B, T, d] = x.shape;
  const K = w.shape[0];
  const xp = tf.pad(x, [[0, 0], [K - 1, 0], [0, 0]]); // [B, T+K−1, d]
  let y: tf.Tensor | null = null;
  for (let j = 0; j < K; j++) {
    const term = tf.mul(tf.slice(xp, [0, K - 1 - j, 0], [B, T, d]), tf.reshape(tf.slice(w, [j, 0], [1, d]), [d]));
    y = y ? tf.add(y, term) : term;
  }
  return y!;
}

/** Clamps log-decays at the floor that this mixer's chunk length allows (recurrence.ts `logDecayFloor`). */
function clampFor(o: MixerOptions, logA: tf.Tensor): tf.Tensor {
  return clampAt(logA, logDecayFloor(o.chunk)); // the same floor in both forms, so they stay equal
}

function scan(o: MixerOptions, q: tf.Tensor, k: tf.Tensor, logA: tf.Tensor, v: tf.Tensor): tf.Tensor {
  return o.form === "chunked" ? scanChunked(q, k, logA, v, o.chunk) : scanRecurrent(q, k, logA, v).o;
}

/** Width of each fused input projection, in order, per mixer (one matmul reads x̃ for all of them). */
function projections(o: MixerOptions): [string, number][] {
  const d = o.d;
  switch (o.kind) {
    case "softmax": return [["q", d], ["k", d], ["v", d]];
    case "linear": return [["q", d], ["k", d], ["v", d]];
    case "retnet": return [["q", d], ["k", d], ["v", d], ["g", d]];
    case "gla": return [["q", d], ["k", d], ["v", d], ["g", d], ["a1", o.glaRank]];
    case "hgrn": return [["f", d], ["c", d], ["g", d]];
    case "mamba": return [["u", d], ["z", d], ["dt", d], ["B", o.mambaState], ["C", o.mambaState]];
    case "metala": case "metala-noconv": case "metala-noaug": return [["q", d], ["a", d], ["v", d], ["g", d]];
    case "metala-key": return [["q", d], ["a", d], ["k", d], ["v", d], ["g", d]];
  }
}

/** Creates the mixer's parameters in `p` under `prefix` (e.g. "l0/mix/"), drawn in order from `r`. */
export function initMixer(p: ParamStore, prefix: string, o: MixerOptions, r: Rng): void {
  const d = o.d;
  const width = projections(o).reduce((a, [, w]) => a + w, 0);
  const add = (name: string, shape: number[], init?: (shape: number[], r: Rng) => tf.Tensor) => p.weight(prefix + name, shape, inOrder(r, init));
  const zeros = (s: number[]) => tf.zeros(s);
  const lin = linearInit(o.init, o.layers);
  if (o.convKernel > 0) add("conv", [o.convKernel, d], (s, rr) => torchDefault(s, o.convKernel, rr));
  add("in", [d, width], lin.in);
  add("out", [d, d], lin.out);
  if (o.kind === "softmax") add("pos", [o.maxLen, d], (s, rr) => normal(s, 0, 0.02, rr));
  if (o.kind === "gla") {
    add("a2", [o.glaRank, d], lin.in);
    add("ab", [d], zeros);
  }
  if (o.kind === "retnet" || o.kind === "gla" || o.kind.startsWith("metala")) add("gb", [d], zeros);
  if (o.kind === "hgrn") add("fb", [d], zeros);
  if (o.kind === "mamba") {
    // S4D-real init: A_{c,n} = −(n+1); Δ bias so softplus(b) ≈ 0.01–0.1 (Mamba's dt range)
    add("Alog", [d, o.mambaState], () => tf.log(tf.tile(tf.reshape(tf.range(1, o.mambaState + 1), [1, o.mambaState]), [d, 1])));
    add("dtb", [d], (s, rr) => tf.tensor1d(Array.from({ length: s[0] }, () => { const dt = Math.exp(Math.log(0.01) + rr.float() * Math.log(10)); return dt + Math.log(-Math.expm1(-dt)); })));
    add("D", [d], (s) => tf.ones(s));
  }
  if (o.kind.startsWith("metala") && o.kind !== "metala-noaug") add("aug", [d], zeros); // w_aug starts at 0
}

/**
 * One token mixer: x `[B,T,d]` (already normalised) → `[B,T,d]`. Reads its parameters from `p` under `prefix`.
 */
export function applyMixer(p: ParamStore, prefix: string, o: MixerOptions, x: tf.Tensor): tf.Tensor {
  const [B, T, d] = x.shape;
  const w = (name: string) => p.get(prefix + name);
  const H = o.heads;
  const dh = d / H;
  // short conv: x̃ = SiLU(causal depthwise conv(x)) (MetaLA eq. A31; card §2.4 step 1)
  const xt = o.convKernel > 0 ? silu(causalConv(x, w("conv"))) : x;
  if (o.kind === "softmax" && T > o.maxLen) throw new Error(`softmax mixer: sequence length ${T} exceeds the learned positions (${o.maxLen}); raise maxLen in the config`);
  const xin = o.kind === "softmax" ? tf.add(xt, tf.slice(w("pos"), [0, 0], [T, d])) : xt;
  const proj = projections(o);
  const parts = tf.split(linear(xin, w("in")), proj.map(([, w]) => w), 2);
  const f: Record<string, tf.Tensor> = {};
  proj.forEach(([n], i) => (f[n] = parts[i]));
  const out = (y: tf.Tensor) => linear(y, w("out"));

  switch (o.kind) {
    case "softmax": {
      const q = splitHeads(f.q, H), k = splitHeads(f.k, H), v = splitHeads(f.v, H);
      const mask = tf.tidy(() => tf.mul(tf.sub(tf.linalg.bandPart(tf.ones([T, T]), -1, 0), 1), 1e9));
      const att = tf.softmax(tf.add(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(dh)), mask)); // softmax(QKᵀ/√d' + M)   [B,H,T,T]
      return out(mergeHeads(tf.matMul(att, v)));
    }
    case "linear": {
      // Linear Transformer: φ = elu+1, no decay, normaliser Σ φ(q)φ(k)ᵀ through a ones column appended to v
      const phi = (t: tf.Tensor) => tf.add(tf.elu(t), 1);
      const q = splitHeads(phi(f.q), H), k = splitHeads(phi(f.k), H), v = splitHeads(f.v, H);
      const v1 = tf.concat([v, tf.ones([B, H, T, 1])], 3);
      const num = scan(o, q, k, tf.zerosLike(q), v1); // [B,H,T,dh+1]
      const [o1, den] = tf.split(num, [dh, 1], 3);
      return out(mergeHeads(tf.div(o1, tf.add(den, 1e-6))));
    }
    case "retnet": {
      // fixed decay γ_h = 1 − 2^{−5−h} per head (RetNet without the xPos rotation)
      const gam = Array.from({ length: H }, (_, h) => Math.log(1 - Math.pow(2, -5 - h)));
      const q = splitHeads(tf.mul(f.q, 1 / Math.sqrt(dh)), H), k = splitHeads(f.k, H), v = splitHeads(f.v, H);
      const logA = tf.mul(tf.ones([B, H, T, dh]), tf.reshape(tf.tensor1d(gam), [1, H, 1, 1]));
      const oh = plainLayerNorm(scan(o, q, k, logA, v));
      return out(tf.mul(silu(tf.add(f.g, w("gb"))), mergeHeads(oh)));
    }
    case "gla": {
      // GLA: α = σ(x W_α¹ W_α² + b)^{1/16} (low rank), q scaled 1/√d_k' as the GLA kernel does
      const logA = clampFor(o, tf.div(logSigmoid(tf.add(linear(f.a1, w("a2")), w("ab"))), 16));
      const q = splitHeads(tf.mul(f.q, 1 / Math.sqrt(dh)), H), k = splitHeads(f.k, H), v = splitHeads(f.v, H);
      const oh = plainLayerNorm(scan(o, q, k, splitHeads(logA, H), v));
      return out(tf.mul(silu(tf.add(f.g, w("gb"))), mergeHeads(oh)));
    }
    case "hgrn": {
      // HGRN: per-channel state (d_k' = 1), q = 1, α = lb + (1 − lb)σ(f), k = 1 − α, v = SiLU(c), lower bound lb = l/L
      const lb = o.layer / o.layers;
      const alpha = tf.add(lb, tf.mul(1 - lb, tf.sigmoid(tf.add(f.f, w("fb")))));
      const logA = clampFor(o, tf.log(alpha));
      const perChannel = (t: tf.Tensor) => tf.expandDims(tf.transpose(t, [0, 2, 1]), 3); // [B,T,d] → [B,d,T,1]
      const h = scan(o, tf.onesLike(perChannel(alpha)), perChannel(tf.sub(1, alpha)), perChannel(logA), perChannel(silu(f.c)));
      const oh = tf.transpose(tf.reshape(h, [B, d, T]), [0, 2, 1]); // [B,T,d]
      return out(tf.mul(silu(f.g), plainLayerNorm(oh)));
    }
    case "mamba": {
      // S6: Δ = softplus(x W_Δ + b), ℓ = Δ A (A = −exp(A_log) < 0), k = Δ ⊙ B_t, q = C_t, v = u, y += D ⊙ u
      const N = o.mambaState;
      const u = f.u; // [B,T,d]
      const dt = tf.softplus(tf.add(f.dt, w("dtb"))); // [B,T,d]
      const A = tf.neg(tf.exp(w("Alog"))); // [d,N]
      const dtc = tf.expandDims(tf.transpose(dt, [0, 2, 1]), 3); // [B,d,T,1]
      const logA = clampFor(o, tf.mul(dtc, tf.reshape(A, [1, d, 1, N]))); // [B,d,T,N]
      const k = tf.mul(dtc, tf.expandDims(f.B, 1)); // Δ_{t,c} B_{t,n}   [B,d,T,N]
      const q = tf.tile(tf.expandDims(f.C, 1), [1, d, 1, 1]); // C_t shared over channels   [B,d,T,N]
      const v = tf.expandDims(tf.transpose(u, [0, 2, 1]), 3); // [B,d,T,1]
      const h = tf.transpose(tf.reshape(scan(o, q, k, logA, v), [B, d, T]), [0, 2, 1]); // [B,T,d]
      return out(tf.mul(tf.add(h, tf.mul(u, w("D"))), silu(f.z)));
    }
    case "metala": case "metala-noconv": case "metala-noaug": case "metala-key": {
      // eq. A32–A33: ℓ = logσ(x̃W_α)/16, α = e^ℓ; the key is removed: k = 1 − α (metala-key: k = x̃W_K)
      const logA = clampFor(o, tf.div(logSigmoid(f.a), 16)); // [B,T,d]
      const oneMinusA = tf.sub(1, tf.exp(logA));
      const kk = o.kind === "metala-key" ? f.k : oneMinusA;
      const q = splitHeads(f.q, H), k = splitHeads(kk, H), v = splitHeads(f.v, H);
      // eq. A34: S_t = Diag(α_t) S_{t−1} + (1 − α_t)ᵀ v_t, main term q_t S_t / √d_k' (the GLA kernel's default scale)
      let oh = scan(o, tf.mul(q, 1 / Math.sqrt(dh)), k, splitHeads(logA, H), v); // [B,H,T,dh]
      if (o.kind !== "metala-noaug") {
        // self-augmentation (eq. 22 / A38): s_t = q_t · (w_aug ⊙ k_t) per head; code: o_t += σ(s_t v_t); paper A38: o_t += s_t v_t
        const s = tf.sum(tf.mul(q, splitHeads(tf.mul(kk, w("aug")), H)), 3, true); // [B,H,T,1]
        const sv = tf.mul(s, v);
        oh = tf.add(oh, o.augForm === "code" ? tf.sigmoid(sv) : sv);
      }
      oh = plainLayerNorm(oh); // per-head LayerNorm, no affine (eq. A36)
      return out(tf.mul(silu(tf.add(f.g, w("gb"))), mergeHeads(oh))); // y = (SiLU(g) ⊙ o) W_O (eq. A37)
    }
  }
}

/** Short-conv kernel a mixer gets: "shared" regime = the same kernel for all (but −conv), "native" = paper setting. */
export function convKernelFor(kind: MixerKind, regime: "shared" | "native", sharedKernel: number, metalaKernel: number): number {
  if (kind === "metala-noconv") return 0;
  if (regime === "shared") return sharedKernel;
  if (kind.startsWith("metala")) return metalaKernel; // MQAR runs: kernel 2 (the LM code uses 4)
  if (kind === "mamba") return 4; // Mamba's own conv
  return 0;
}
