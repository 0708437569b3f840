/**
 * ToxiCN MM models, small and from scratch (card §2.2, §5): one shared text tower g_T (character embedding, mean+max
 * pooling, MLP) for t, d_txt and d_img, an image tower g_V (4×4 patches → dense → mean → MLP), and the heads of the
 * code's baselines and of MKE (`MHKE_CLIP`):
 *
 *   text:   z = W f_t + b                     image:  z = W f_v + b
 *   concat: z = W [f_t ; f_v] + b             (CLIPMemesClassifier)
 *   MKE:    f_tk = f_t + f_dt + f_di,  z = W [f_tk ; f_v] + b        (MHKE: f_t + 0.5·f_di + f_dt, `dImg: 0.5`)
 * with fusion ablations "concat" (z = W [f_t ; f_dt ; f_di ; f_v] + b) and "gated"
 * (f_tk = f_t + σ(W_g [f_t ; f_k] + b_g) ⊙ f_k, f_k = f_dt + f_di).
 * Shapes: ids [B, L] int32 (0 = padding); pixels [B, 32, 32, 3] in [0, 1]; features [B, D]; logits [B, C].
 */
import * as tf from "@tensorflow/tfjs";
import { linear } from "../../core/nn/heads";
import { ParamStore } from "../../core/nn/params";
import { softmaxCrossEntropy } from "../../core/kernels/softmax-cross-entropy";
import { bceWithLogits } from "../../core/train/losses";
import { Rng } from "../../core/train/seed";
import { IMG } from "./images";
import { toxicnMessages } from "./messages";

export type ModelKind = "text" | "image" | "concat" | "mke";
export type FusionOp = "sum" | "concat" | "gated";

/** Model settings. */
export interface ModelConfig {
  kind: ModelKind;
  /** Classes: 2 (task 1) or 5 (task 2). */
  classes: number;
  /** Character vocabulary size (ids 0 pad, 1 unknown). */
  vocab: number;
  /** Embedding width, hidden width, feature width D. */
  embed: number;
  hidden: number;
  dim: number;
  /** MKE knowledge: weight of f_di (1 MKE, 0.5 MHKE, 0 "+d_txt only") and whether f_dt is added ("+d_img only" = false). */
  dImg: number;
  dTxt: boolean;
  fusion: FusionOp;
}

export const MODEL_DEFAULTS: Omit<ModelConfig, "kind" | "classes" | "vocab"> = { embed: 64, hidden: 64, dim: 64, dImg: 1, dTxt: true, fusion: "sum" };

/** One batch: character ids of t, d_txt, d_img [B, L]; pixels [B, 32, 32, 3]; one-hot targets [B, C]. */
export interface MemeBatch {
  t: tf.Tensor2D;
  dt: tf.Tensor2D;
  di: tf.Tensor2D;
  x: tf.Tensor4D;
  y: tf.Tensor2D;
}

/** A model: its config and parameters. */
export interface MemeModel {
  cfg: ModelConfig;
  p: ParamStore;
}

const PATCH = 4;
const NP = (IMG / PATCH) ** 2; // 64 patches
const PD = PATCH * PATCH * 3; // 48 values each

function usesText(k: ModelKind): boolean {
  return k !== "image";
}
function usesImage(k: ModelKind): boolean {
  return k !== "text";
}

/** Builds a model with weights drawn from `seed` (PyTorch-default uniform init). */
export function buildModel(cfg: ModelConfig, seed: number): MemeModel {
  if (!["text", "image", "concat", "mke"].includes(cfg.kind)) throw new Error(toxicnMessages.modelKind(cfg.kind));
  const p = new ParamStore(new Rng(seed).fork("toxicn-mm/weights"), "toxicn");
  const { embed: E, hidden: H, dim: D, classes: C } = cfg;
  if (usesText(cfg.kind)) {
    p.weight("txt/emb", [cfg.vocab, E], "normal02");
    p.weight("txt/w1", [2 * E, H]);
    p.weight("txt/b1", [H], "zeros");
    p.weight("txt/w2", [H, D]);
    p.weight("txt/b2", [D], "zeros");
  }
  if (usesImage(cfg.kind)) {
    p.weight("img/wp", [PD, E]);
    p.weight("img/bp", [E], "zeros");
    p.weight("img/w1", [E, H]);
    p.weight("img/b1", [H], "zeros");
    p.weight("img/w2", [H, D]);
    p.weight("img/b2", [D], "zeros");
  }
  const fusedIn = cfg.kind === "mke" && cfg.fusion === "concat" ? D * (2 + (cfg.dTxt ? 1 : 0) + (cfg.dImg > 0 ? 1 : 0)) : cfg.kind === "concat" || cfg.kind === "mke" ? 2 * D : D;
  if (cfg.kind === "mke" && cfg.fusion === "gated") {
    p.weight("gate/w", [2 * D, D]);
    p.weight("gate/b", [D], "zeros");
  }
  p.weight("cls/w", [fusedIn, C]);
  p.weight("cls/b", [C], "zeros");
  return { cfg, p };
}

/** g_T: ids [B, L] → [B, D]; masked mean and max of the embeddings (padding id 0 ignored), then a 2-layer MLP. */
export function textTower(m: MemeModel, ids: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const e = tf.gather(m.p.get("txt/emb"), ids); // [B, L, E]
    const mask = tf.expandDims(tf.cast(tf.greater(ids, 0), "float32"), 2); // [B, L, 1]
    const mean = tf.div(tf.sum(tf.mul(e, mask), 1), tf.maximum(tf.sum(mask, 1), 1)); // [B, E]
    const max = tf.max(tf.add(e, tf.mul(tf.sub(mask, 1), 1e4)), 1); // [B, E]; an all-padding row gives −1e4, kept finite
    const h = tf.relu(linear(tf.concat([mean, tf.maximum(max, -1e3)], 1), m.p.get("txt/w1"), m.p.get("txt/b1"))); // [B, H]
    return linear(h, m.p.get("txt/w2"), m.p.get("txt/b2")) as tf.Tensor2D; // [B, D]
  });
}

/** g_V: pixels [B, 32, 32, 3] → 64 patches of 4×4×3 [B, 64, 48] → relu dense [B, 64, E] → mean [B, E] → MLP [B, D]. */
export function imageTower(m: MemeModel, x: tf.Tensor4D): tf.Tensor2D {
  if (x.rank !== 4 || x.shape[1] !== IMG || x.shape[2] !== IMG || x.shape[3] !== 3) throw new Error(toxicnMessages.imageShape(x.shape, "[B, 32, 32, 3]"));
  return tf.tidy(() => {
    const B = x.shape[0];
    const g = IMG / PATCH;
    const patches = tf.reshape(tf.transpose(tf.reshape(x, [B, g, PATCH, g, PATCH, 3]), [0, 1, 3, 2, 4, 5]), [B, NP, PD]);
    const u = tf.relu(linear(patches, m.p.get("img/wp"), m.p.get("img/bp"))); // [B, 64, E]
    const h = tf.relu(linear(tf.mean(u, 1), m.p.get("img/w1"), m.p.get("img/b1"))); // [B, H]
    return linear(h, m.p.get("img/w2"), m.p.get("img/b2")) as tf.Tensor2D; // [B, D]
  });
}

/** Logits [B, C] of a batch (see the file header for each kind). */
export function forward(m: MemeModel, b: Omit<MemeBatch, "y">): tf.Tensor2D {
  return tf.tidy(() => {
    const { kind, fusion, dImg, dTxt } = m.cfg;
    const W = m.p.get("cls/w"), bias = m.p.get("cls/b");
    if (kind === "image") return linear(imageTower(m, b.x), W, bias) as tf.Tensor2D;
    if (kind === "text") return linear(textTower(m, b.t), W, bias) as tf.Tensor2D;
    const fv = imageTower(m, b.x);
    if (kind === "concat") return linear(tf.concat([textTower(m, b.t), fv], 1), W, bias) as tf.Tensor2D;
    // knowledge features: d_txt, then weighted d_img; the shared tower reads t, d_txt, d_img as one [k·B, L] batch
    // (rows are independent, so this is g_T applied to each string; it only saves op dispatches)
    const strs = [b.t, ...(dTxt ? [b.dt] : []), ...(dImg > 0 ? [b.di] : [])];
    const L = Math.max(...strs.map((s) => s.shape[1]));
    const all = textTower(m, tf.concat(strs.map((s) => (s.shape[1] < L ? tf.pad(s, [[0, 0], [0, L - s.shape[1]]]) : s)), 0)); // [k·B, D]
    const [ft, ...kn] = tf.split(all, strs.length, 0) as tf.Tensor2D[]; // each [B, D]
    const parts = kn.map((f, i) => (dImg > 0 && i === kn.length - 1 ? (tf.mul(f, dImg) as tf.Tensor2D) : f));
    if (fusion === "concat") return linear(tf.concat([ft, ...parts, fv], 1), W, bias) as tf.Tensor2D;
    const fk = parts.length ? parts.reduce((s, v) => tf.add(s, v) as tf.Tensor2D) : tf.zerosLike(ft);
    const ftk = fusion === "gated" ? tf.add(ft, tf.mul(tf.sigmoid(linear(tf.concat([ft, fk], 1), m.p.get("gate/w"), m.p.get("gate/b"))), fk)) : tf.add(ft, fk); // [B, D]
    return linear(tf.concat([ftk, fv], 1), W, bias) as tf.Tensor2D;
  });
}

/** The code's loss, BCE-with-logits against one-hot targets averaged over all B·C entries; or softmax CE ("ce"). */
export function memeLoss(logits: tf.Tensor2D, y: tf.Tensor2D, loss: "bce" | "ce" = "bce"): tf.Scalar {
  return loss === "bce" ? bceWithLogits(logits, y, { reduction: "elements" }) : softmaxCrossEntropy(y, logits);
}

/** Decoding as in the code: argmax of the logits (task 1) or of σ(logits) (task 2) — the same argmax, σ is monotone. */
export function decode(logits: tf.Tensor2D): Int32Array {
  return tf.tidy(() => tf.argMax(logits, 1).dataSync() as Int32Array);
}
