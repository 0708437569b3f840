/**
 * Spike-masked autoencoder pre-training of E-SpikeFormer (card §2.4), at MNIST scale:
 *
 * - mask: per sample, a random set of `round(G·(1 − ratio))` visible patches on the patch grid (sorting
 *   uniform noise, as the code); masked patches are zeroed in the image;
 * - encoder: the E-SpikeFormer feature extractor with spike sparse convolution (every conv of the conv
 *   stages re-masks its output, BN statistics over visible positions; layers.ts), all tokens through the
 *   transformer stage as the released code;
 * - decoder (not spiking): Linear C→E plus a fixed 2-D sin-cos position embedding, a learned mask token at
 *   masked positions (SparK-style; the released code re-permutes tokens instead, card §8), ViT blocks
 *   (pre-LN, softmax attention, MLP ×4), LayerNorm, Linear E → p·p·C pixels per patch;
 * - loss: each target patch normalised by its mean and √(var + 1e-6), MSE over pixels, averaged over
 *   masked patches only.
 * The small version keeps one decoder block of width 64 instead of 4 blocks of width 256.
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../core/train/seed";
import { features, type SpikeFormer } from "./model";
import { mergeHeads, ParamStore } from "../../core/nn";
import type { NeuronSpec } from "./neurons";
import { sdtMessages } from "./messages";

/**
 * Visible-patch masks `[B, g, g]` (1 visible, 0 masked): each row keeps exactly round(g²·(1 − ratio))
 * patches, the ones with the smallest uniform noise.
 */
export function sampleMask(batch: number, grid: number, ratio: number, rng: Rng): tf.Tensor3D {
  if (!(ratio >= 0 && ratio < 1)) throw new RangeError(sdtMessages.badMaskRatio(ratio));
  const G = grid * grid;
  const keep = Math.round(G * (1 - ratio));
  const out = new Float32Array(batch * G);
  for (let b = 0; b < batch; b++) {
    const noise = Array.from({ length: G }, (_, i) => ({ i, u: rng.float() }));
    noise.sort((p, q) => p.u - q.u);
    for (let j = 0; j < keep; j++) out[b * G + noise[j].i] = 1;
  }
  return tf.tensor3d(out, [batch, grid, grid]);
}

/** Image `[B, H, W, C]` → patches `[B, g·g, p·p·C]` (row-major patch order, as the token order). */
export function patchify(x: tf.Tensor4D, patch: number): tf.Tensor3D {
  const [B, H, W, C] = x.shape;
  if (H % patch !== 0 || W % patch !== 0) throw new RangeError(sdtMessages.maskGrid(H, patch));
  const g = H / patch;
  return x.reshape([B, g, patch, g, patch, C]).transpose([0, 1, 3, 2, 4, 5]).reshape([B, g * g, patch * patch * C]);
}

/** Fixed 2-D sin-cos position embedding `[g·g, dim]` (MAE's: half the channels for rows, half for columns). */
export function sinCos2d(grid: number, dim: number): tf.Tensor2D {
  const quarter = dim / 4;
  const out = new Float32Array(grid * grid * dim);
  for (let r = 0; r < grid; r++) for (let c = 0; c < grid; c++) {
    const t = r * grid + c;
    for (let k = 0; k < quarter; k++) {
      const w = 1 / Math.pow(10000, k / quarter);
      out[t * dim + k] = Math.sin(c * w);
      out[t * dim + quarter + k] = Math.cos(c * w);
      out[t * dim + 2 * quarter + k] = Math.sin(r * w);
      out[t * dim + 3 * quarter + k] = Math.cos(r * w);
    }
  }
  return tf.tensor2d(out, [grid * grid, dim]);
}

/** The decoder's weights. */
export interface MaeDecoder {
  params: ParamStore;
  dim: number;
  heads: number;
  blocks: number;
  patch: number;
  grid: number;
  pos: tf.Tensor2D;
}

/** Builds the decoder for an encoder of width `encDim` on a `grid × grid` token map. */
export function buildDecoder(encDim: number, grid: number, patch: number, channels: number, rng: Rng, o: { dim?: number; heads?: number; blocks?: number } = {}): MaeDecoder {
  const dim = o.dim ?? 64, heads = o.heads ?? 4, blocks = o.blocks ?? 1;
  const p = new ParamStore(rng, "sdt3-mae");
  p.weight("embed/w", [encDim, dim], "trunc02");
  p.weight("embed/b", [dim], "zeros");
  p.weight("maskToken", [1, 1, dim], "trunc02");
  for (let i = 0; i < blocks; i++) {
    for (const ln of ["ln1", "ln2"]) {
      p.weight(`b${i}/${ln}/g`, [dim], "ones");
      p.weight(`b${i}/${ln}/b`, [dim], "zeros");
    }
    p.weight(`b${i}/qkv`, [dim, 3 * dim], "trunc02"); // no qkv bias
    p.weight(`b${i}/proj/w`, [dim, dim], "trunc02");
    p.weight(`b${i}/proj/b`, [dim], "zeros");
    p.weight(`b${i}/fc1/w`, [dim, 4 * dim], "trunc02");
    p.weight(`b${i}/fc1/b`, [4 * dim], "zeros");
    p.weight(`b${i}/fc2/w`, [4 * dim, dim], "trunc02");
    p.weight(`b${i}/fc2/b`, [dim], "zeros");
  }
  p.weight("ln/g", [dim], "ones");
  p.weight("ln/b", [dim], "zeros");
  p.weight("pred/w", [dim, patch * patch * channels], "trunc02");
  p.weight("pred/b", [patch * patch * channels], "zeros");
  return { params: p, dim, heads, blocks, patch, grid, pos: sinCos2d(grid, dim) };
}

/** GELU, tanh approximation (tfjs 4.22 has no tf.gelu): 0.5 x (1 + tanh(√(2/π)(x + 0.044715 x³))). */
function gelu(x: tf.Tensor): tf.Tensor {
  const inner = tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), Math.sqrt(2 / Math.PI));
  return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(inner)));
}

/** LayerNorm over the last axis (eps 1e-6). */
function layerNorm(x: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-6))), g), b);
}

/** Decoder: encoder tokens `[B, N, C]`, visible `[B, N]` → pixel predictions `[B, N, p·p·C]`. */
export function decode(dec: MaeDecoder, tokens: tf.Tensor3D, visible: tf.Tensor2D): tf.Tensor3D {
  const v = (n: string) => dec.params.get(n);
  const [B, N] = tokens.shape;
  const E = dec.dim, h = dec.heads;
  const vis = visible.expandDims(-1); // [B, N, 1]
  let x = tf.add(tf.matMul(tokens.reshape([B * N, -1]), v("embed/w")).reshape([B, N, E]), v("embed/b"));
  x = tf.add(tf.add(tf.mul(x, vis), tf.mul(v("maskToken"), tf.sub(1, vis))), dec.pos); // mask token at masked positions
  for (let i = 0; i < dec.blocks; i++) {
    const a = layerNorm(x, v(`b${i}/ln1/g`), v(`b${i}/ln1/b`));
    const qkv = tf.matMul(a.reshape([B * N, E]), v(`b${i}/qkv`)).reshape([B, N, 3, h, E / h]).transpose([2, 0, 3, 1, 4]); // [3, B, h, N, c]
    const [q, k, vv] = tf.unstack(qkv) as tf.Tensor4D[];
    const att = tf.softmax(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(E / h))); // [B, h, N, N]
    const o = mergeHeads(tf.matMul(att, vv)).reshape([B * N, E]); // [B, h, N, c] → [B·N, E]
    x = tf.add(x, tf.add(tf.matMul(o, v(`b${i}/proj/w`)), v(`b${i}/proj/b`)).reshape([B, N, E]));
    const m = layerNorm(x, v(`b${i}/ln2/g`), v(`b${i}/ln2/b`)).reshape([B * N, E]);
    const f = tf.add(tf.matMul(gelu(tf.add(tf.matMul(m, v(`b${i}/fc1/w`)), v(`b${i}/fc1/b`))), v(`b${i}/fc2/w`)), v(`b${i}/fc2/b`));
    x = tf.add(x, f.reshape([B, N, E]));
  }
  x = layerNorm(x, v("ln/g"), v("ln/b"));
  return tf.add(tf.matMul(x.reshape([B * N, E]), v("pred/w")), v("pred/b")).reshape([B, N, -1]) as tf.Tensor3D;
}

/**
 * Masked-patch loss: target patches normalised per patch, (pred − target)² averaged over pixels, then
 * over masked patches only. pred, target `[B, N, P]`, visible `[B, N]`.
 */
export function maskedPatchLoss(pred: tf.Tensor3D, target: tf.Tensor3D, visible: tf.Tensor2D): tf.Scalar {
  const { mean, variance } = tf.moments(target, -1, true);
  const norm = tf.div(tf.sub(target, mean), tf.sqrt(tf.add(variance, 1e-6)));
  const perPatch = tf.mean(tf.square(tf.sub(pred, norm)), -1); // [B, N]
  const masked = tf.sub(1, visible);
  return tf.div(tf.sum(tf.mul(perPatch, masked)), tf.maximum(tf.sum(masked), 1)) as tf.Scalar;
}

/** One MAE step's loss: mask → sparse spiking encoder → decoder → masked-patch loss. x `[B, H, W, C]`. */
export function maeLoss(m: SpikeFormer, dec: MaeDecoder, x: tf.Tensor4D, mask: tf.Tensor3D, neuron: NeuronSpec): tf.Scalar {
  const { h } = features(m, x, { training: true, neuron, mask }); // [T·B, g, g, C]
  const [TB, g, , C] = h.shape;
  let tokens = h.reshape([TB, g * g, C]) as tf.Tensor3D;
  if (neuron.T > 1) tokens = tf.mean(tokens.reshape([neuron.T, x.shape[0], g * g, C]), 0) as tf.Tensor3D; // average over T
  const visible = mask.reshape([x.shape[0], g * g]) as tf.Tensor2D;
  return maskedPatchLoss(decode(dec, tokens, visible), patchify(x, dec.patch), visible);
}
