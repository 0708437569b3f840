/**
 * LAQDA (arXiv 2410.10454) episodic training and evaluation (card §2.5–2.6):
 * - logits = −‖z_m − c_n‖² (no temperature); L_cls = CE, divided by N as in the code (`ceOverN`: the code averages
 *   over the whole one-hot matrix) or plain;
 * - refined prototypes in training ("topR" as released, "ot" the reconstruction) with the auxiliary loss
 *   L_g = CE of the picked/transported queries against the support-only prototypes c⁰ (top-R: the picking support's
 *   class; OT: weights Π normalised per query), total L = L_cls + λ_g·L_g. The selection / plan is detached
 *   (computed from the vectors' values, as the code's topk indices are), the pooled query vectors carry gradients;
 * - AdamW through lib/core's one training loop, one episode per step.
 * Evaluation embeds each test episode once and applies every prototype method to the same vectors (paired).
 */
import * as tf from "@tensorflow/tfjs";
import { AdamW } from "../../core/train/optim/adamw";
import { train } from "../../core/train/loop";
import { Rng } from "../../core/train/seed";
import { classIndex, encodeTexts, episodeNames, sampleEpisode, type Episode, type EpisodeSpec, type TextSet, type TokenIds } from "./data";
import { createModel, embed, type LaqdaModel, type ModelConfig } from "./model";
import { otPrototypes, topRPrototypes, type ProtoMethod, type RefineOptions } from "./proto";
import type { WordVectors } from "../../../datasets/entries/word-vectors";

/** One training run. */
export interface TrainSpec {
  model: Partial<ModelConfig>;
  /** Prototype method used in the training loss. */
  proto: ProtoMethod;
  episode: EpisodeSpec;
  steps: number;
  lr: number;
  weightDecay: number;
  lambdaG: number;
  ceOverN: boolean;
  refine: RefineOptions;
  seed: number;
  /** Label names used by the adapter (default: the set's; the random-name control passes others). */
  names?: string[];
  /** Token ids of the names, given directly (pre-extracted BERT states, `featureInputs`), instead of encoding `names`. */
  nameIds?: TokenIds;
  /** Keep a copy of the weights after this many steps (the plateau check trains on and restores them, `restoreSnapshot`). */
  snapshotAt?: number;
}

/** Squared distances in tf: ‖a_i‖² + ‖b_j‖² − 2 a_i·b_j, clamped at 0. a [n, d], b [m, d] → [n, m]. */
export function sqDistTf(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  const aa = tf.sum(tf.square(a), 1, true); // [n, 1]
  const bb = tf.reshape(tf.sum(tf.square(b), 1), [1, -1]); // [1, m]
  return tf.relu(tf.sub(tf.add(aa, bb), tf.mul(tf.matMul(a, b, false, true), 2))) as tf.Tensor2D;
}

/** Row-gathered ids of an episode's texts (supports then queries): [B, T] int32. */
export function idsOf(tok: TokenIds, rows: readonly number[]): tf.Tensor2D {
  const out = new Int32Array(rows.length * tok.maxLen);
  rows.forEach((r, i) => out.set(tok.ids.subarray(r * tok.maxLen, (r + 1) * tok.maxLen), i * tok.maxLen));
  return tf.tensor2d(out, [rows.length, tok.maxLen], "int32");
}

/** Cross-entropy of logits [M, N] against weights W [M, N] (one-hot or soft), summed over n, mean over rows with weight. */
function weightedCe(logits: tf.Tensor2D, W: tf.Tensor2D): tf.Scalar {
  const rowW = tf.sum(W);
  return tf.div(tf.neg(tf.sum(tf.mul(W, tf.logSoftmax(logits)))), tf.maximum(rowW, 1e-12)) as tf.Scalar;
}

/**
 * Loss of one episode: z = embed(texts) [B, d]; zs [NK, d], zq [M, d]; c⁰ = mean over K [N, d]; c by `proto`;
 * L = CE(−‖zq − c‖²) (+ λ_g·L_g), each ÷ N when `ceOverN`.
 */
export function episodeLoss(m: LaqdaModel, ep: Episode, tok: TokenIds, names: tf.Tensor2D | undefined, s: TrainSpec, dropoutSeed?: number): tf.Scalar {
  const N = ep.classes.length, K = ep.K, M = ep.query.length, d = m.config.d;
  const z = embed(m, idsOf(tok, [...ep.support, ...ep.query]), { names, training: true, dropoutSeed });
  const zs = tf.slice(z, [0, 0], [N * K, d]);
  const zq = tf.slice(z, [N * K, 0], [M, d]);
  const c0 = tf.mean(tf.reshape(zs, [N, K, d]), 1) as tf.Tensor2D;
  const Y = tf.oneHot(tf.tensor1d(ep.queryLabels, "int32"), N).toFloat() as tf.Tensor2D; // [M, N]
  let c = c0;
  let G: tf.Tensor2D | null = null; // [M, N] weights of L_g
  if (s.proto !== "plain") {
    const zsv = zs.dataSync(), zqv = zq.dataSync(); // detached selection / plan
    if (s.proto === "topR") {
      const r = topRPrototypes(zsv, zqv, N, K, s.refine.R, d);
      const S = tf.tensor2d(Float32Array.from(r.counts), [N, M]); // picks per (class, query)
      const rr = Math.min(s.refine.R, M);
      c = tf.div(tf.add(tf.mul(c0, K), tf.matMul(S, zq)), K + K * rr) as tf.Tensor2D; // (Σ z_i + Σ picked z_m) / (K + KR)
      G = tf.transpose(S) as tf.Tensor2D;
    } else {
      const c0v = c0.dataSync();
      const o = otPrototypes(c0v, zqv, N, K, d, s.refine.ot);
      const Pi = tf.tensor2d(Float32Array.from(o.plan), [N, M]); // row-normalised plan Π
      const Qbar = M / N, g = s.refine.ot.gamma;
      c = tf.div(tf.add(tf.mul(c0, K), tf.mul(tf.matMul(Pi, zq), g * Qbar)), K + g * Qbar) as tf.Tensor2D;
      const PiT = tf.transpose(Pi) as tf.Tensor2D; // [M, N]
      G = tf.div(PiT, tf.sum(PiT, 1, true)) as tf.Tensor2D; // per query, a distribution over classes
    }
  }
  const scale = s.ceOverN ? 1 / N : 1;
  let loss = tf.mul(weightedCe(tf.neg(sqDistTf(zq, c)) as tf.Tensor2D, Y), scale) as tf.Scalar;
  if (G && s.lambdaG > 0) loss = tf.add(loss, tf.mul(weightedCe(tf.neg(sqDistTf(zq, c0)) as tf.Tensor2D, G), s.lambdaG * scale)) as tf.Scalar;
  return loss;
}

/** A trained model and its run facts. */
export interface TrainedModel {
  model: LaqdaModel;
  steps: number;
  wallMs: number;
  msPerStep: number;
  finalLoss: number;
  /** Names the adapter read (the set's or the control's). */
  names: string[];
  /** Weights after `snapshotAt` steps, when asked for (owned: `restoreSnapshot` assigns and frees them). */
  snapshot?: Map<string, tf.Tensor>;
}

/** Puts the `snapshotAt` weights back into the model (same numbers as a run of that many steps) and frees the copy. */
export function restoreSnapshot(t: TrainedModel): void {
  if (!t.snapshot) return;
  const vars = t.model.params.trainable();
  for (const [k, v] of t.snapshot) (vars[k].assign(v), v.dispose());
  t.snapshot = undefined;
}

/** Trains one model on meta-train episodes of `set` (one episode per step). */
export async function trainModel(set: TextSet, vectors: Pick<WordVectors, "vectors" | "index">, tok: TokenIds, s: TrainSpec): Promise<TrainedModel> {
  const m = createModel(vectors.vectors, s.model, s.seed);
  const names = s.names ?? set.labelNames;
  const nameTok = s.nameIds ?? encodeTexts(names, vectors, 4, set.tokenize);
  const byClass = classIndex(set);
  const rng = new Rng(s.seed).fork("train-episodes");
  const drop = new Rng(s.seed).fork("dropout");
  const opt = new AdamW({ learningRate: s.lr, weightDecay: s.weightDecay });
  const t0 = Date.now();
  let snapshot: Map<string, tf.Tensor> | undefined;
  const vars = m.params.trainable();
  const res = await train({
    data: function* () {
      for (let i = 0; i < s.steps; i++) yield sampleEpisode(set, byClass, set.splits.train, s.episode, rng);
    },
    loss: (ep: Episode) => {
      const nm = m.config.adapter ? idsOf(nameTok, episodeNames(set, ep, names).map((_, n) => ep.classes[n])) : undefined;
      return episodeLoss(m, ep, tok, nm, s, drop.tfSeed());
    },
    optimizer: opt,
    variables: m.params.trainable(),
    epochs: 1,
    maxSteps: s.steps,
    progress: "none",
    callbacks: {
      onStepEnd: (rec) => {
        if (rec.step + 1 === s.snapshotAt) snapshot = new Map(Object.entries(vars).map(([k, v]) => [k, tf.clone(v)]));
      },
    },
  });
  opt.dispose();
  const wallMs = Date.now() - t0;
  const hist = res.history;
  const tail = hist.slice(-Math.max(1, Math.floor(hist.length / 10)));
  return { model: m, steps: res.steps, wallMs, msPerStep: wallMs / Math.max(1, res.steps), finalLoss: tail.reduce((a, r) => a + r.loss, 0) / tail.length, names, snapshot };
}

/** Vectors z [B, d] (float64) of an episode's supports then queries under a trained model (no dropout). */
export function embedEpisode(t: TrainedModel, set: TextSet, tok: TokenIds, nameTok: TokenIds, ep: Episode): Float64Array {
  const z = tf.tidy(() => {
    const names = t.model.config.adapter ? idsOf(nameTok, ep.classes) : undefined;
    return embed(t.model, idsOf(tok, [...ep.support, ...ep.query]), { names });
  });
  const out = Float64Array.from(z.dataSync());
  z.dispose();
  return out;
}

/** A fixed list of test episodes (same for every model and method of a seed: paired comparisons). */
export function testEpisodes(set: TextSet, spec: EpisodeSpec, count: number, seed: number, label: string): Episode[] {
  const byClass = classIndex(set);
  const rng = new Rng(seed).fork(`test-episodes/${label}`);
  return Array.from({ length: count }, () => sampleEpisode(set, byClass, set.splits.test, spec, rng));
}
