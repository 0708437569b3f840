/**
 * E-SpikeFormer, the backbone of Spike-Driven Transformer V3 (Yao, Qiu et al., arXiv 2411.16061),
 * base family (trained from scratch), following the official code's block grammar (card §2.3):
 *
 *   SepConv(d; k, e=2):  Q → PW d→2d → BN → Q → DW k×k → BN → Q → PW 2d→d → BN
 *   ConvBlock(d):        x += SepConv(x; k=7);  x += BN(Conv3×3 r·d→d (Q(BN(Conv3×3 d→r·d (Q(x))))))
 *   TBlock(d):           x += SepConv(x; k=3);  x += SDSA(x);  x += MLP(x)
 *   SDSA(d), h heads:    z = Q(x); q = Q(BN(PW z)), k = Q(BN(PW z)), v = Q(BN(PW_{d→λd} z));
 *                        a = (q kᵀ) v · 2/√(d/h)  (linear attention, no softmax); out = BN(PW_{λd→d} Q(a))
 *   MLP(d):              Q → PW d→rd (+b) → BN → Q → PW rd→d (+b) → BN
 *   Downsample:          (Q) → Conv k×k stride s (+b) → BN     (no Q before the stem)
 *   Head:                mean over tokens → Q without /D (integers 0..D) → Linear(C→classes)
 *                        (tiny: mean over tokens → Linear, the large models' main head; see ARCHS)
 *
 * Residuals add membrane potentials (membrane shortcuts), so every conv after the stem reads spikes.
 * What the small version leaves out: the large family (RepConv, layer scale, distillation head).
 * Layout: images `[T·B, H, W, C]`, tokens `[T·B, N, C]`; T = 1 for I-LIF, T > 1 repeats the input (direct coding).
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../core/train/seed";
import { mergeHeads, ParamStore, splitHeads } from "../../core/nn";
import { convBn, Ctx, makeConvBn, tokenLinear, type ConvBn, type ForwardOptions } from "./layers";
import { sdtMessages } from "./messages";

/** Attention variants of the ablation grid. */
export type AttentionKind = "sdsa" | "mask" | "none";

/** One stage: a downsampling conv, then ConvBlocks or TBlocks at one width. */
export interface StageConfig {
  /** Output width (channels). */
  width: number;
  /** Kernel of the downsampling conv (7 for the base stem, 3 elsewhere). */
  kernel: number;
  /** Stride of the downsampling conv. */
  stride: number;
  /** ConvBlocks after the downsampling. */
  convBlocks: number;
  /** TBlocks after the ConvBlocks. */
  tBlocks: number;
}

/** Architecture of an E-SpikeFormer. */
export interface ArchConfig {
  /** Input channels (3 for ImageNet, 1 for MNIST). */
  inChannels: number;
  classes: number;
  /** Input side in pixels (square images). */
  imageSize: number;
  /** Stages in order; the first downsampling conv is the stem (real-valued input, MACs). */
  stages: StageConfig[];
  /** SepConv depthwise kernel inside ConvBlocks (7 in the code). */
  sepKernelConv: number;
  /** SepConv depthwise kernel inside TBlocks (3 in the code). */
  sepKernelT: number;
  /** SepConv expansion (2). */
  sepRatio: number;
  /** ConvBlock 3×3 expansion r (4). */
  convRatio: number;
  /** MLP expansion (4). */
  mlpRatio: number;
  /** SDSA value expansion λ (4: v is λd wide). */
  vRatio: number;
  /** Attention heads h (8). */
  heads: number;
  /** Attention variant (default "sdsa"). */
  attention: AttentionKind;
  /**
   * Classifier head input: "spike" = Q of the pooled membrane without /D, then Linear (the base models' code);
   * "membrane" = the pooled membrane itself, then Linear (the large models' main head: MACs on 1 × C values).
   */
  head: "spike" | "membrane";
}

function baseArch(widths: [number, number, number, number]): ArchConfig {
  const [c0, c1, c2, c3] = widths;
  return {
    inChannels: 3,
    classes: 1000,
    imageSize: 224,
    stages: [
      { width: c0 / 2, kernel: 7, stride: 2, convBlocks: 1, tBlocks: 0 }, // stem → 112×112
      { width: c0, kernel: 3, stride: 2, convBlocks: 1, tBlocks: 0 }, // 56×56
      { width: c1, kernel: 3, stride: 2, convBlocks: 2, tBlocks: 0 }, // 28×28
      { width: c2, kernel: 3, stride: 2, convBlocks: 0, tBlocks: 6 }, // 14×14, N = 196
      { width: c3, kernel: 3, stride: 1, convBlocks: 0, tBlocks: 2 }, // 14×14
    ],
    sepKernelConv: 7,
    sepKernelT: 3,
    sepRatio: 2,
    convRatio: 4,
    mlpRatio: 4,
    vRatio: 4,
    heads: 8,
    attention: "sdsa",
    head: "spike",
  };
}

/**
 * The paper's base configurations (official code: Efficient_Spiking_Transformer_s/m/l) and the tiny
 * CPU model of the card (§5): stem 3×3 s2 1→8 (14×14), ConvBlock(8); down s2 → 16 (7×7), ConvBlock(16);
 * down s1 → 32, 2× TBlock(32) with h = 4, λ = 2, MLP ratio 2.
 */
export const ARCHS = {
  "5.1M": baseArch([32, 64, 128, 192]),
  "10M": baseArch([48, 96, 192, 240]),
  "19M": baseArch([64, 128, 256, 360]),
  tiny: {
    inChannels: 1,
    classes: 10,
    imageSize: 28,
    stages: [
      { width: 8, kernel: 3, stride: 2, convBlocks: 1, tBlocks: 0 },
      { width: 16, kernel: 3, stride: 2, convBlocks: 1, tBlocks: 0 },
      { width: 32, kernel: 3, stride: 1, convBlocks: 0, tBlocks: 2 },
    ],
    sepKernelConv: 3,
    sepKernelT: 3,
    sepRatio: 2,
    convRatio: 2,
    mlpRatio: 2,
    vRatio: 2,
    heads: 4,
    attention: "sdsa",
    // The pooled membrane feeds the head, as in the large models: with 32 channels a Q at the head leaves binary
    // neurons (D = 1, T = 1) 32 bits for 10 classes (binary LIF T1 74 % against 91 % with this head at default's
    // budget, seed 0; README, "Regime"). The same head for every neuron type keeps the comparison fair.
    head: "membrane",
  } as ArchConfig,
} as const;

/** Parameter counts of the base models by our recount of the official code (card §2.3), in millions. */
export const CARD_PARAM_COUNTS_M = { "5.1M": 5.11, "10M": 10.02, "19M": 18.99 } as const;

interface SepConvP { pw1: ConvBn; dw: ConvBn; pw2: ConvBn }
interface ConvBlockP { sep: SepConvP; c1: ConvBn; c2: ConvBn }
interface SdsaP { q: ConvBn; k: ConvBn; v: ConvBn; proj: ConvBn; heads: number }
interface TBlockP { sep: SepConvP; attn: SdsaP | null; fc1: ConvBn; fc2: ConvBn }
interface StageP { down: ConvBn; convBlocks: ConvBlockP[]; tBlocks: TBlockP[] }

/** A built E-SpikeFormer: its config, parameters and weights by block. */
export interface SpikeFormer {
  arch: ArchConfig;
  params: ParamStore;
  stages: StageP[];
  head: { w: tf.Variable; b: tf.Variable };
}

function makeSepConv(p: ParamStore, name: string, d: number, k: number, e: number): SepConvP {
  return {
    pw1: makeConvBn(p, `${name}/pw1`, d, e * d, 1),
    dw: makeConvBn(p, `${name}/dw`, e * d, e * d, k, { depthwise: true }),
    pw2: makeConvBn(p, `${name}/pw2`, e * d, d, 1),
  };
}

/** Builds an E-SpikeFormer with seeded weights (PyTorch default conv init, trunc-normal 0.02 head). */
export function buildSpikeFormer(arch: ArchConfig, rng: Rng): SpikeFormer {
  const p = new ParamStore(rng, "sdt3");
  let cin = arch.inChannels;
  const stages: StageP[] = arch.stages.map((st, i) => {
    const d = st.width;
    const down = makeConvBn(p, `s${i}/down`, cin, d, st.kernel, { stride: st.stride, bias: true });
    cin = d;
    const convBlocks = Array.from({ length: st.convBlocks }, (_, j) => ({
      sep: makeSepConv(p, `s${i}/c${j}/sep`, d, arch.sepKernelConv, arch.sepRatio),
      c1: makeConvBn(p, `s${i}/c${j}/conv1`, d, arch.convRatio * d, 3),
      c2: makeConvBn(p, `s${i}/c${j}/conv2`, arch.convRatio * d, d, 3),
    }));
    const tBlocks = Array.from({ length: st.tBlocks }, (_, j) => {
      const n = `s${i}/t${j}`;
      if (d % arch.heads !== 0) throw new RangeError(sdtMessages.badHeads(d, arch.heads));
      const vd = arch.attention === "mask" ? d : arch.vRatio * d; // V1-style mask attention needs v as wide as k
      const attn = arch.attention === "none" ? null : {
        q: makeConvBn(p, `${n}/q`, d, d, 1),
        k: makeConvBn(p, `${n}/k`, d, d, 1),
        v: makeConvBn(p, `${n}/v`, d, vd, 1),
        proj: makeConvBn(p, `${n}/proj`, vd, d, 1),
        heads: arch.heads,
      };
      return {
        sep: makeSepConv(p, `${n}/sep`, d, arch.sepKernelT, arch.sepRatio),
        attn,
        fc1: makeConvBn(p, `${n}/fc1`, d, arch.mlpRatio * d, 1, { bias: true }),
        fc2: makeConvBn(p, `${n}/fc2`, arch.mlpRatio * d, d, 1, { bias: true }),
      };
    });
    return { down, convBlocks, tBlocks };
  });
  const head = { w: p.weight("head/w", [cin, arch.classes], "trunc02"), b: p.weight("head/b", [arch.classes], "zeros") };
  return { arch, params: p, stages, head };
}

/** SepConv on membrane x `[T·B, H, W, d]` → membrane `[T·B, H, W, d]`. */
function sepConv(ctx: Ctx, p: SepConvP, x: tf.Tensor4D, name: string): tf.Tensor4D {
  let h = convBn(ctx, p.pw1, ctx.fire(`${name}/q1`, x) as tf.Tensor4D); // [T·B, H, W, 2d]
  h = convBn(ctx, p.dw, ctx.fire(`${name}/q2`, h) as tf.Tensor4D);
  return convBn(ctx, p.pw2, ctx.fire(`${name}/q3`, h) as tf.Tensor4D); // [T·B, H, W, d]
}

/** ConvBlock (membrane shortcuts): x += SepConv(x); x += Conv(Q(Conv(Q(x)))). */
function convBlock(ctx: Ctx, p: ConvBlockP, x: tf.Tensor4D, name: string): tf.Tensor4D {
  x = tf.add(x, sepConv(ctx, p.sep, x, `${name}/sep`));
  const h = convBn(ctx, p.c1, ctx.fire(`${name}/q1`, x) as tf.Tensor4D); // [T·B, H, W, r·d]
  return tf.add(x, convBn(ctx, p.c2, ctx.fire(`${name}/q2`, h) as tf.Tensor4D));
}

/**
 * Linear spike attention core per head, q, k `[.., N, c]`, v `[.., N, c_v]` holding spikes k/D:
 * (q kᵀ) v `[.., N, c_v]` (eq. of SDSA without its scale). With `expandD` > 0 the spike×spike products run
 * over binary frames: q kᵀ = (1/D²) Σ_{d,e} q_d k_eᵀ (integer coincidence counts, ANDs and adds), then
 * (q kᵀ) v = (1/D) Σ_f (q kᵀ) v_f (integer counts gated by binary spikes: adds only); equal to the integer form.
 */
export function linearAttention(q: tf.Tensor4D, k: tf.Tensor4D, v: tf.Tensor4D, expandD = 0): tf.Tensor4D {
  // Integer mode computes q (kᵀ v) [.., N, c]·[.., c, c_v]: the same product (spikes are multiples of 1/D, so with D a
  // power of two every partial sum is exact in float32 and the two orders agree bit for bit), in N·c·c_v multiply-adds
  // per head instead of N²·(c + c_v). The energy count keeps the paper's (q kᵀ) v order (sdsa below).
  if (expandD <= 0) return tf.matMul(q, tf.matMul(k, v, true, false)); // q (kᵀ v)
  const D = expandD;
  const frames = (s: tf.Tensor4D) => Array.from({ length: D }, (_, i) => tf.greaterEqual(tf.round(tf.mul(s, D)), i + 1).cast("float32") as tf.Tensor4D);
  const qf = frames(q), kf = frames(k), vf = frames(v);
  let qk: tf.Tensor4D | null = null; // Σ_{d,e} q_d k_eᵀ  [.., N, N]
  for (const qd of qf) for (const ke of kf) {
    const c = tf.matMul(qd, ke, false, true) as tf.Tensor4D;
    qk = qk === null ? c : (tf.add(qk, c) as tf.Tensor4D);
  }
  let acc: tf.Tensor4D | null = null; // Σ_f counts · v_f  [.., N, c_v]
  for (const vfr of vf) {
    const c = tf.matMul(qk!, vfr) as tf.Tensor4D;
    acc = acc === null ? c : (tf.add(acc, c) as tf.Tensor4D);
  }
  return tf.div(acc!, D * D * D) as tf.Tensor4D;
}

/**
 * SDSA on membrane tokens x `[T·B, N, d]` → membrane `[T·B, N, d]`. Linear spike attention
 * (eq. a = (q kᵀ) v · 2/√(d/h)); "mask" is Spike-Driven Transformer V1's q ⊙ SN(Σ_N k ⊙ v).
 * In expanded mode the attention core runs over binary frames (see `linearAttention`).
 */
function sdsa(ctx: Ctx, p: SdsaP, x: tf.Tensor3D, name: string, kind: AttentionKind): tf.Tensor3D {
  const z = ctx.fire(`${name}/z`, x) as tf.Tensor3D;
  const q = ctx.fire(`${name}/qs`, tokenLinear(ctx, p.q, z)) as tf.Tensor3D; // [T·B, N, d]
  const k = ctx.fire(`${name}/ks`, tokenLinear(ctx, p.k, z)) as tf.Tensor3D; // [T·B, N, d]
  const v = ctx.fire(`${name}/vs`, tokenLinear(ctx, p.v, z)) as tf.Tensor3D; // [T·B, N, λd]
  const [, n, d] = q.shape;
  let a: tf.Tensor3D;
  if (kind === "mask") {
    // V1: a = q ⊙ SN(Σ_tokens k ⊙ v), per channel
    const kv = tf.sum(tf.mul(k, v), 1, true); // [T·B, 1, d]
    a = tf.mul(q, ctx.fire(`${name}/kv`, kv)) as tf.Tensor3D;
  } else {
    const h = p.heads;
    const qh = splitHeads(q, h), kh = splitHeads(k, h), vh = splitHeads(v, h); // [T·B, h, N, c]
    const scale = 2 / Math.sqrt(d / h);
    const att = linearAttention(qh, kh, vh, ctx.expanded ? ctx.D : 0);
    if (ctx.o.recorder) {
      // attention core: q kᵀ (N·N·c per head) fed by q's spikes, then · v (N·N·λc) fed by v's spikes
      const rate = (t: tf.Tensor) => tf.tidy(() => tf.mean(t).mul(ctx.D).dataSync()[0]);
      ctx.o.recorder.counter.add(`${name}/qk`, "attention", n * n * d, { firingRate: rate(q), timesteps: ctx.T });
      ctx.o.recorder.counter.add(`${name}/av`, "attention", n * n * v.shape[2], { firingRate: rate(v), timesteps: ctx.T });
    }
    a = mergeHeads(tf.mul(att, scale)); // [T·B, h, N, λc] → [T·B, N, λd]
  }
  return tokenLinear(ctx, p.proj, ctx.fire(`${name}/as`, a) as tf.Tensor3D);
}

/** MLP on membrane tokens `[T·B, N, d]`: Q → PW d→rd → BN → Q → PW rd→d → BN. */
function mlp(ctx: Ctx, p: TBlockP, x: tf.Tensor3D, name: string): tf.Tensor3D {
  const h = tokenLinear(ctx, p.fc1, ctx.fire(`${name}/q1`, x) as tf.Tensor3D);
  return tokenLinear(ctx, p.fc2, ctx.fire(`${name}/q2`, h) as tf.Tensor3D);
}

/** TBlock: x += SepConv(x); x += SDSA(x); x += MLP(x), x `[T·B, H, W, d]`. */
function tBlock(ctx: Ctx, p: TBlockP, x: tf.Tensor4D, name: string, kind: AttentionKind): tf.Tensor4D {
  const [tb, H, W, d] = x.shape;
  x = tf.add(x, sepConv(ctx, p.sep, x, `${name}/sep`));
  let t = x.reshape([tb, H * W, d]) as tf.Tensor3D; // tokens [T·B, N, d]
  if (p.attn) t = tf.add(t, sdsa(ctx, p.attn, t, `${name}/attn`, kind));
  t = tf.add(t, mlp(ctx, p, t, `${name}/mlp`));
  return t.reshape([tb, H, W, d]);
}

/**
 * Feature extractor: images `[B, H, W, Cin]` → membrane `[T·B, H', W', C]` (input repeated over T).
 * The stem conv reads pixels (MACs); every later layer reads spikes.
 */
export function features(m: SpikeFormer, x: tf.Tensor4D, o: ForwardOptions): { h: tf.Tensor4D; ctx: Ctx } {
  const a = m.arch;
  if (x.rank !== 4 || x.shape[3] !== a.inChannels) throw new RangeError(sdtMessages.badInput(x.shape, `[B, H, W, ${a.inChannels}]`));
  const ctx = new Ctx(o);
  let h = (ctx.T === 1 ? x : tf.tile(x, [ctx.T, 1, 1, 1])) as tf.Tensor4D; // [T·B, H, W, Cin]
  if (o.mask) {
    const mk = tf.image.resizeNearestNeighbor(o.mask.expandDims(-1) as tf.Tensor4D, [x.shape[1], x.shape[2]]);
    h = tf.mul(h, ctx.T === 1 ? mk : tf.tile(mk, [ctx.T, 1, 1, 1])) as tf.Tensor4D; // masked patches zeroed
  }
  m.stages.forEach((st, i) => {
    h = i === 0 ? convBn(ctx, st.down, h, false) : convBn(ctx, st.down, ctx.fire(`s${i}/down/q`, h) as tf.Tensor4D);
    st.convBlocks.forEach((b, j) => (h = convBlock(ctx, b, h, `s${i}/c${j}`)));
    if (st.tBlocks.length > 0) ctx.maskConvs = false; // released code: all tokens go through the transformer stage
    st.tBlocks.forEach((b, j) => (h = tBlock(ctx, b, h, `s${i}/t${j}`, a.attention)));
  });
  return { h, ctx };
}

/**
 * Classifier: images `[B, H, W, Cin]` → logits `[B, classes]`. Head: token mean → Q without /D
 * (integers 0..D) → Linear, or token mean → Linear (`arch.head` "membrane"); for T > 1 the logits are averaged over time.
 */
export function forward(m: SpikeFormer, x: tf.Tensor4D, o: ForwardOptions): tf.Tensor2D {
  const { h, ctx } = features(m, x, o);
  const pooled = tf.mean(h, [1, 2]); // [T·B, C]
  const fanIn = m.head.w.shape[0] as number;
  let z: tf.Tensor; // [T·B, classes]
  if (m.arch.head === "membrane") {
    z = tf.matMul(pooled, m.head.w); // real-valued input: MACs
    ctx.realLinear("head", z, fanIn);
  } else {
    const s = ctx.fire("head/q", pooled, true); // integers 0..D
    z = ctx.spikeLinear("head", s, (v) => tf.matMul(v, m.head.w), fanIn, 1);
  }
  const logits = tf.add(z, m.head.b); // [T·B, classes]
  if (ctx.T === 1) return logits as tf.Tensor2D;
  return tf.mean(logits.reshape([ctx.T, x.shape[0], -1]), 0) as tf.Tensor2D; // [B, classes]
}

/** Parameter count of an architecture (builds it, counts, frees it). */
export function countParams(arch: ArchConfig): number {
  const m = buildSpikeFormer(arch, new Rng(0));
  const n = m.params.count();
  m.params.dispose();
  return n;
}

