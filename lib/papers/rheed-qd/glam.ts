/**
 * GLAM, global-local attention (Song, Han, Avrithis, WACV 2022, arXiv 2107.08000), as the attention block of
 * the ResNet-GLAM in arXiv 2411.00332 (card §2). No official code exists; this follows the paper's equations.
 * The widely used unofficial PyTorch version (LinkAnJarad/global_local_attention_module_pytorch) shares one conv
 * for query and key in the global-channel branch and applies softmax over the whole flattened map: both are
 * options here (`sharedQK`, `flatSoftmax`), off by default.
 *
 * Input F [B, h, w, c] (channels-last); σ = sigmoid; ⊙ broadcasts; a = GAP(F) ∈ [B, c].
 *   local channel:  A_lc = σ(conv1d_k(a)) [B,1,1,c];  F_lc = F ⊙ A_lc + F
 *   local spatial:  G = conv1×1(F) [B,h,w,c'];  D_r = conv3×3_dil r(G);  A_ls = σ(conv1×1([G; D_r…])) [B,h,w,1];
 *                   F_l = F_lc ⊙ A_ls + F_lc
 *   global channel: q = σ(conv1d_k(a)), κ = σ(conv1d_k(a)) [B,c];  A_gc = softmax(κ qᵀ) [B,c,c];
 *                   G_c = V A_gc with V = reshape(F) [B,hw,c];  F_gc = F ⊙ G_c
 *   global spatial: Q, K, V = conv1×1(F) [B,hw,c'];  A_gs = softmax_row(Q Kᵀ) [B,hw,hw];  G_s = conv1×1(A_gs V) [B,h,w,c];
 *                   F_g = F_gc ⊙ G_s + F_gc
 *   fusion:         F_out = w_l F_l + w_0 F + w_g F_g, (w_l, w_0, w_g) = softmax(θ), θ ∈ R³ learnable, θ₀ = 0
 *                   (only the branches a variant has take part in the softmax).
 */
import * as tf from "@tensorflow/tfjs";
import type { ParamStore } from "../../core/nn/params";
import { rheedMessages } from "./messages";

/** Which GLAM branches a block has, and its hyper-parameters. */
export interface GlamOptions {
  localChannel: boolean;
  localSpatial: boolean;
  globalChannel: boolean;
  globalSpatial: boolean;
  /** conv1d kernel of the channel branches (card: 3). */
  k: number;
  /** Dilation rates R of the local spatial branch (card: {1, 2, 3} in the common re-implementation). */
  dilations: number[];
  /** Reduced width c' = c / reduction (card: c/2). */
  reduction: number;
  /** Unofficial-code quirks (off by default): one conv for q and κ; softmax over the flattened c×c / hw×hw map. */
  sharedQK: boolean;
  flatSoftmax: boolean;
}

/** Attention maps of one forward pass (for the R6 overlay): A_ls [B,h,w] when the block has local spatial attention. */
export interface GlamMaps {
  localSpatial?: tf.Tensor3D;
  fusion?: number[];
}

const conv1x1 = (x: tf.Tensor4D, w: tf.Tensor, b: tf.Tensor): tf.Tensor4D => {
  const [B, h, wd, c] = x.shape;
  return tf.add(tf.matMul(x.reshape([B * h * wd, c]), w), b).reshape([B, h, wd, w.shape[1]!]) as tf.Tensor4D;
};

/** ECA-style conv1d over the channel axis of a [B, c] → [B, c] (kernel [k], zero padding, no bias). */
function channelConv(a: tf.Tensor2D, w: tf.Tensor): tf.Tensor2D {
  const [B, c] = a.shape;
  const k = w.shape[0];
  return tf.conv1d(a.reshape([B, c, 1]) as tf.Tensor3D, w.reshape([k, 1, 1]) as tf.Tensor3D, 1, "same").reshape([B, c]) as tf.Tensor2D;
}

/** Softmax over the last axis (rows), or over the whole flattened [n, m] map of each batch entry (`flat`, the unofficial code's quirk). */
export function attentionSoftmax(x: tf.Tensor3D, flat: boolean): tf.Tensor3D {
  if (!flat) return tf.softmax(x) as tf.Tensor3D;
  const [B, n, m] = x.shape;
  return tf.softmax(x.reshape([B, n * m])).reshape([B, n, m]) as tf.Tensor3D;
}

/** Creates the parameters of a GLAM block on c channels under `name/` in the store. */
export function initGlam(p: ParamStore, name: string, c: number, o: GlamOptions): void {
  if (!o.dilations.length || !o.dilations.every((r) => Number.isInteger(r) && r >= 1)) throw new Error(rheedMessages.badDilations(o.dilations));
  const cr = Math.max(1, Math.round(c / o.reduction));
  if (o.localChannel) p.weight(`${name}/lc`, [o.k], "torch", o.k);
  if (o.localSpatial) {
    p.weight(`${name}/ls_g`, [c, cr], "torch", c);
    p.weight(`${name}/ls_g_b`, [cr], "zeros");
    for (const r of o.dilations) {
      p.weight(`${name}/ls_d${r}`, [3, 3, cr, cr], "torch", 9 * cr);
      p.weight(`${name}/ls_d${r}_b`, [cr], "zeros");
    }
    p.weight(`${name}/ls_a`, [cr * (1 + o.dilations.length), 1], "torch", cr * (1 + o.dilations.length));
    p.weight(`${name}/ls_a_b`, [1], "zeros");
  }
  if (o.globalChannel) {
    p.weight(`${name}/gc_q`, [o.k], "torch", o.k);
    if (!o.sharedQK) p.weight(`${name}/gc_k`, [o.k], "torch", o.k);
  }
  if (o.globalSpatial) {
    for (const m of ["q", "k", "v"]) {
      p.weight(`${name}/gs_${m}`, [c, cr], "torch", c);
      p.weight(`${name}/gs_${m}_b`, [cr], "zeros");
    }
    p.weight(`${name}/gs_o`, [cr, c], "torch", cr);
    p.weight(`${name}/gs_o_b`, [c], "zeros");
  }
  if ((o.localChannel || o.localSpatial) || (o.globalChannel || o.globalSpatial)) p.weight(`${name}/fusion`, [3], "zeros");
}

/** GLAM forward: F [B,h,w,c] → F_out [B,h,w,c]; `maps` receives A_ls and the fusion weights when given. */
export function applyGlam(p: ParamStore, name: string, f: tf.Tensor4D, o: GlamOptions, maps?: GlamMaps): tf.Tensor4D {
  const [B, h, w, c] = f.shape;
  const hasLocal = o.localChannel || o.localSpatial;
  const hasGlobal = o.globalChannel || o.globalSpatial;
  if (!hasLocal && !hasGlobal) return f;
  const a = tf.mean(f, [1, 2]) as tf.Tensor2D; // GAP: [B, c]
  let fl = f;
  if (o.localChannel) {
    const alc = tf.sigmoid(channelConv(a, p.get(`${name}/lc`))).reshape([B, 1, 1, c]); // A_lc [B,1,1,c]
    fl = tf.add(tf.mul(f, alc), f) as tf.Tensor4D; // F_lc = F ⊙ A_lc + F
  }
  if (o.localSpatial) {
    const g = conv1x1(f, p.get(`${name}/ls_g`), p.get(`${name}/ls_g_b`)); // G [B,h,w,c']
    const parts: tf.Tensor4D[] = [g];
    for (const r of o.dilations) {
      parts.push(tf.add(tf.conv2d(g, p.get(`${name}/ls_d${r}`) as tf.Tensor4D, 1, "same", "NHWC", [r, r]), p.get(`${name}/ls_d${r}_b`)) as tf.Tensor4D); // D_r
    }
    const als = tf.sigmoid(conv1x1(tf.concat(parts, 3) as tf.Tensor4D, p.get(`${name}/ls_a`), p.get(`${name}/ls_a_b`))) as tf.Tensor4D; // A_ls [B,h,w,1]
    if (maps) maps.localSpatial = tf.keep(als.reshape([B, h, w]) as tf.Tensor3D);
    fl = tf.add(tf.mul(fl, als), fl) as tf.Tensor4D; // F_l = F_lc ⊙ A_ls + F_lc
  }
  let fg = f;
  if (o.globalChannel) {
    const q = tf.sigmoid(channelConv(a, p.get(`${name}/gc_q`))); // [B, c]
    const kap = o.sharedQK ? q : tf.sigmoid(channelConv(a, p.get(`${name}/gc_k`)));
    const agc = attentionSoftmax(tf.matMul(kap.reshape([B, c, 1]), q.reshape([B, 1, c])) as tf.Tensor3D, o.flatSoftmax); // A_gc = softmax(κ qᵀ) [B,c,c]
    const gcm = tf.matMul(f.reshape([B, h * w, c]), agc).reshape([B, h, w, c]); // G_c = V A_gc
    fg = tf.mul(f, gcm) as tf.Tensor4D; // F_gc = F ⊙ G_c
  }
  if (o.globalSpatial) {
    const cr = p.get(`${name}/gs_q`).shape[1]!;
    const flat = (m: string) => conv1x1(f, p.get(`${name}/gs_${m}`), p.get(`${name}/gs_${m}_b`)).reshape([B, h * w, cr]) as tf.Tensor3D;
    const ags = attentionSoftmax(tf.matMul(flat("q"), flat("k"), false, true) as tf.Tensor3D, o.flatSoftmax); // A_gs = softmax_row(Q Kᵀ) [B,hw,hw]
    const gs = conv1x1(tf.matMul(ags, flat("v")).reshape([B, h, w, cr]) as tf.Tensor4D, p.get(`${name}/gs_o`), p.get(`${name}/gs_o_b`)); // G_s [B,h,w,c]
    fg = tf.add(tf.mul(fg, gs), fg) as tf.Tensor4D; // F_g = F_gc ⊙ G_s + F_gc
  }
  // Fusion: softmax over the present branches (θ entries of absent branches are unused).
  const theta = p.get(`${name}/fusion`);
  const idx = [...(hasLocal ? [0] : []), 1, ...(hasGlobal ? [2] : [])];
  const wts = tf.softmax(tf.concat(idx.map((i) => tf.slice(theta, [i], [1])))); // [branches]
  const branches = idx.map((i) => (i === 0 ? fl : i === 1 ? f : fg));
  if (maps) maps.fusion = Array.from(wts.dataSync());
  let out = tf.mul(branches[0], tf.slice(wts, [0], [1])) as tf.Tensor4D;
  for (let j = 1; j < branches.length; j++) out = tf.add(out, tf.mul(branches[j], tf.slice(wts, [j], [1]))) as tf.Tensor4D;
  return out;
}
