/**
 * LAQDA (arXiv 2410.10454) encoder and label adapter, small-scale stand-in for the paper's BERT (card §2.2–2.3,
 * read in the official code YvoGao/LAQDA `src_org/encoder.py`; not copied):
 * - encoder f: frozen real word vectors (datasets `word-vectors`, GloVe-derived, 64-d) + a learned [CLS] vector +
 *   ONE trained post-LN transformer layer (d 64, 4 heads, FFN 128, GELU), padding masked; no position embeddings
 *   (glosses are short bags of content words at this scale — an assumption);
 * - no-adapter readout: mean over [CLS] + real tokens (the code averages over every position, padding included, on
 *   BERT) or the [CLS] state (`readout`);
 * - label adapter: label vectors e_n = mean of f(name_n); Z = [H(x); E]; A = Block(Dropout(Z·W + b)) with Block a
 *   copy of the encoder layer at initialisation (the code copies BERT layer 11), no attention mask by default (the
 *   code passes none; `adapterMask` masks padding); z = (0.1·A + 0.9·Z)[0].
 */
import * as tf from "@tensorflow/tfjs";
import { layerNorm } from "../../core/kernels/layer-norm";
import { linear, mergeHeads, ParamStore, splitHeads } from "../../core/nn";
import { Rng } from "../../core/train/seed";
import { laqdaMessages } from "./messages";

/** Model settings (card §5 "Models"). */
export interface ModelConfig {
  /** Width (= word-vector dims), heads, FFN width. */
  d: number;
  heads: number;
  ffn: number;
  /** Tokens kept per text. */
  maxLen: number;
  /** Readout without the adapter: "mean" (code) or "cls". */
  readout: "mean" | "cls";
  /** Use the label adapter. */
  adapter: boolean;
  /** Mask padding inside the adapter block (the code does not). */
  adapterMask: boolean;
  /** Adapter dropout (code 0.1) and residual blend weight of A (code 0.1). */
  dropout: number;
  blend: number;
}

/** Defaults: the card's small-scale model. */
export const MODEL_DEFAULTS: ModelConfig = { d: 64, heads: 4, ffn: 128, maxLen: 24, readout: "mean", adapter: false, adapterMask: false, dropout: 0.1, blend: 0.1 };

/** A LAQDA model: frozen token table, trained encoder layer (+ adapter), and its parameters. */
export interface LaqdaModel {
  config: ModelConfig;
  params: ParamStore;
  /** Frozen word vectors, row 0 = padding (zeros): [V + 1, d]. */
  table: tf.Tensor2D;
}

const LAYER_SHAPES = (c: ModelConfig): [string, number[], "normal02" | "zeros" | "ones"][] => [
  ["wqkv", [c.d, 3 * c.d], "normal02"], ["bqkv", [3 * c.d], "zeros"], ["wo", [c.d, c.d], "normal02"], ["bo", [c.d], "zeros"],
  ["ln1g", [c.d], "ones"], ["ln1b", [c.d], "zeros"], ["w1", [c.d, c.ffn], "normal02"], ["b1", [c.ffn], "zeros"],
  ["w2", [c.ffn, c.d], "normal02"], ["b2", [c.d], "zeros"], ["ln2g", [c.d], "ones"], ["ln2b", [c.d], "zeros"],
];

/** Builds a model over frozen `vectors` ([V, d] row-major); weights drawn from `seed` (BERT-style N(0, 0.02²)). */
export function createModel(vectors: Float32Array, config: Partial<ModelConfig> = {}, seed = 0): LaqdaModel {
  const c = { ...MODEL_DEFAULTS, ...config };
  const V = vectors.length / c.d;
  const padded = new Float32Array((V + 1) * c.d);
  padded.set(vectors, c.d);
  const p = new ParamStore(new Rng(seed).fork("laqda-init"), "laqda");
  p.weight("cls", [c.d], "normal02");
  for (const [n, s, init] of LAYER_SHAPES(c)) p.weight(`enc/${n}`, s, init);
  if (c.adapter) {
    p.weight("ad/w", [c.d, c.d], "torch", c.d);
    p.weight("ad/b", [c.d], "torch", c.d);
    // Block initialised as a copy of the encoder layer (the code: deepcopy of BERT layer 11)
    for (const [n, s] of LAYER_SHAPES(c)) p.weight(`ad/${n}`, s, () => p.get(`enc/${n}`).clone());
  }
  return { config: c, params: p, table: tf.tensor2d(padded, [V + 1, c.d]) };
}

/** GELU, tanh form: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
export function gelu(x: tf.Tensor): tf.Tensor {
  const inner = tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), Math.sqrt(2 / Math.PI));
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1));
}

/**
 * One post-LN transformer layer (BERT's): h = LN(x + MHA(x)), y = LN(h + W2·gelu(W1·h)). x [B, L, d];
 * mask [B, L] (1 = real position) or null (attend everywhere).
 */
export function transformerLayer(m: LaqdaModel, prefix: string, x: tf.Tensor3D, mask: tf.Tensor2D | null): tf.Tensor3D {
  const { d, heads } = m.config;
  const w = (n: string) => m.params.get(`${prefix}/${n}`);
  const [q, k, v] = tf.split(linear(x, w("wqkv"), w("bqkv")), 3, 2).map((t) => splitHeads(t, heads)); // [B, H, L, e]
  let s = tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(d / heads)); // [B, H, L, L]
  if (mask) s = tf.add(s, tf.reshape(tf.mul(tf.sub(mask, 1), 1e9), [mask.shape[0], 1, 1, mask.shape[1]])); // −1e9 on padding keys
  const att = linear(mergeHeads(tf.matMul(tf.softmax(s), v)), w("wo"), w("bo")); // [B, L, d]
  const h = layerNorm(tf.add(x, att), w("ln1g"), w("ln1b"), 1e-5);
  const f = linear(gelu(linear(h, w("w1"), w("b1"))), w("w2"), w("b2")); // [B, L, d]
  return layerNorm(tf.add(h, f), w("ln2g"), w("ln2b"), 1e-5) as tf.Tensor3D;
}

/** Encoder: ids [B, T] → token states H [B, T + 1, d] ([CLS] first) and the mask [B, T + 1]. */
export function encode(m: LaqdaModel, ids: tf.Tensor2D): { H: tf.Tensor3D; mask: tf.Tensor2D } {
  const [B] = ids.shape;
  const x = tf.gather(m.table, ids); // [B, T, d], frozen (the table is not a variable)
  const cls = tf.tile(tf.reshape(m.params.get("cls"), [1, 1, m.config.d]), [B, 1, 1]); // [B, 1, d]
  const X = tf.concat([cls, x], 1) as tf.Tensor3D;
  const mask = tf.concat([tf.ones([B, 1]), tf.cast(tf.greater(ids, 0), "float32")], 1) as tf.Tensor2D;
  return { H: transformerLayer(m, "enc", X, mask), mask };
}

/** Masked mean over positions: H [B, L, d], mask [B, L] → [B, d]. */
export function maskedMean(H: tf.Tensor3D, mask: tf.Tensor2D): tf.Tensor2D {
  const m3 = tf.expandDims(mask, 2); // [B, L, 1]
  return tf.div(tf.sum(tf.mul(H, m3), 1), tf.maximum(tf.sum(m3, 1), 1)) as tf.Tensor2D;
}

/** Options of `embed`: the adapter's label names (ids [N, Tl]) and, when training, a dropout seed. */
export interface EmbedOptions {
  names?: tf.Tensor2D;
  training?: boolean;
  dropoutSeed?: number;
}

/**
 * Text vectors z [B, d] of one episode's texts ids [B, T]. Without the adapter: the readout of H. With it:
 * E = mean f(names) [N, d]; Z = [H; E] [B, T + 1 + N, d]; A = Block(Dropout(Z·W + b)); z = (blend·A + (1 − blend)·Z)[:, 0].
 */
export function embed(m: LaqdaModel, ids: tf.Tensor2D, o: EmbedOptions = {}): tf.Tensor2D {
  const c = m.config;
  const { H, mask } = encode(m, ids);
  if (!c.adapter) return c.readout === "cls" ? (tf.squeeze(tf.slice(H, [0, 0, 0], [-1, 1, -1]), [1]) as tf.Tensor2D) : maskedMean(H, mask);
  if (!o.names) throw new Error(laqdaMessages.noNameIds);
  const enc = encode(m, o.names);
  const E = maskedMean(enc.H, enc.mask); // [N, d]
  const [B] = ids.shape;
  const N = E.shape[0];
  const Z = tf.concat([H, tf.tile(tf.expandDims(E, 0), [B, 1, 1])], 1) as tf.Tensor3D; // [B, T + 1 + N, d]
  let U = linear(Z, m.params.get("ad/w"), m.params.get("ad/b")) as tf.Tensor3D;
  if (o.training && c.dropout > 0) U = tf.dropout(U, c.dropout, undefined, o.dropoutSeed) as tf.Tensor3D;
  const maskZ = c.adapterMask ? (tf.concat([mask, tf.ones([B, N])], 1) as tf.Tensor2D) : null;
  const A = transformerLayer(m, "ad", U, maskZ);
  const out = tf.add(tf.mul(A, c.blend), tf.mul(Z, 1 - c.blend)); // [B, L, d]
  return tf.squeeze(tf.slice(out, [0, 0, 0], [-1, 1, -1]), [1]) as tf.Tensor2D;
}

/** Frees the model's parameters and its frozen table. */
export function disposeModel(m: LaqdaModel): void {
  m.params.dispose();
  m.table.dispose();
}
