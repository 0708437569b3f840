/**
 * The card's "CLIP-like" warm start (§5, §6: no pretrained Chinese-CLIP can be loaded offline): before any detector
 * trains, the image tower g_V and a text tower g_T are aligned by symmetric InfoNCE (lib/core/train/losses `infoNce`)
 * on (picture, d_img) pairs of the emoji the generator draws from — each emoji rendered with the generator's
 * augmentation, paired with its judgment-free description "图中是<name>，<tag>". No meme, label or type is seen.
 *
 *   per step: B distinct emoji e_1..e_B, x_i = augment(e_i) [B, 32, 32, 3], s_i = d_img(e_i) ids [B, L]
 *   ℓ = ½ [CE(S, I) + CE(Sᵀ, I)],  S = ĝ_V(x) ĝ_T(s)ᵀ / τ   (rows L2-normalised)  [B, B]
 *
 * Only the image tower is carried into the detectors (the paper fine-tunes a pretrained CLIP image tower; our text
 * tower is trained from scratch on the memes, as before). `retrieval` is the probe that shows the image tower now
 * carries signal: top-1 accuracy of picking an emoji's own description among all pool descriptions from its picture.
 */
import * as tf from "@tensorflow/tfjs";
import { train } from "../../core/train/loop";
import { infoNce } from "../../core/train/losses";
import { adamw } from "../../core/train/optim/adamw";
import { Rng } from "../../core/train/seed";
import { describeImage } from "./data";
import { IMG, renderImages, type ImageAug, type MemeAssets } from "./images";
import { buildModel, imageTower, textTower, type MemeModel } from "./model";
import { buildVocab, encodeAll, vocabSize, type CharVocab } from "./text";

/** Warm-start settings: InfoNCE steps, batch (distinct emoji per step), learning rate, temperature τ. */
export interface WarmConfig {
  steps: number;
  batch: number;
  lr: number;
  tau: number;
}

/** The warm-started image tower and what the probe measured. */
export interface WarmStart {
  /** Copies of the image tower's weights (img/*), to assign into a detector of the same widths. */
  params: Map<string, tf.Tensor>;
  /** Probe: top-1 picture → own-description retrieval among the pool, after and before the warm start, and chance. */
  retrieval: number;
  retrievalInit: number;
  chance: number;
  /** Emoji in the pool, steps run, InfoNCE loss of the first and last step, wall time. */
  pool: number;
  steps: number;
  loss: [number, number];
  wallMs: number;
}

/** Every emoji the generator can draw (cue, ambiguous and neutral sets), sorted. */
export function emojiPool(a: MemeAssets): number[] {
  return [...new Set([...a.sets.cue.flat(), ...a.sets.ambiguous.flat(), ...a.sets.neutral])].sort((x, y) => x - y);
}

/** The generator's augmentation of one emoji (shift ≤ 3 px, light background, brightness 0.85–1.15). */
function augment(r: Rng, emoji: number): ImageAug {
  return { emoji, dx: r.int(-3, 4), dy: r.int(-3, 4), bg: [r.int(200, 256), r.int(200, 256), r.int(200, 256)], gain: r.uniform(0.85, 1.15) };
}

function pixels(augs: ImageAug[], a: MemeAssets): tf.Tensor4D {
  const b = renderImages(augs, a.emoji);
  const x = new Float32Array(b.length);
  for (let i = 0; i < b.length; i++) x[i] = b[i] / 255;
  return tf.tensor4d(x, [augs.length, IMG, IMG, 3]);
}

/**
 * Probe: for each pool emoji, its unshifted picture on white against the descriptions of the whole pool; a hit when
 * the most similar description (cosine) is its own string. Chance = mean share of pool items with that string.
 */
export function retrieval(m: MemeModel, a: MemeAssets, v: CharVocab, L: number): { top1: number; chance: number } {
  const pool = emojiPool(a);
  const desc = pool.map((e) => describeImage(a.zh[e]));
  const sim = tf.tidy(() => {
    const unit = (x: tf.Tensor2D): tf.Tensor2D => tf.div(x, tf.sqrt(tf.add(tf.sum(tf.square(x), 1, true), 1e-12)));
    const fv = unit(imageTower(m, pixels(pool.map((emoji) => ({ emoji, dx: 0, dy: 0, bg: [255, 255, 255], gain: 1 })), a))); // [N, D]
    const ft = unit(textTower(m, tf.tensor2d(encodeAll(v, desc, L), [pool.length, L], "int32"))); // [N, D]
    return tf.argMax(tf.matMul(fv, ft, false, true), 1).dataSync() as Int32Array; // [N]
  });
  let hits = 0, chance = 0;
  pool.forEach((_, i) => {
    if (desc[sim[i]] === desc[i]) hits++;
    chance += desc.filter((d) => d === desc[i]).length / pool.length;
  });
  return { top1: (100 * hits) / pool.length, chance: (100 * chance) / pool.length };
}

/** Runs the InfoNCE warm start with `widths` (the detectors' tower widths) and description length L, from `seed`. */
export async function warmStart(a: MemeAssets, widths: { embed: number; hidden: number; dim: number }, L: number, w: WarmConfig, seed: number): Promise<WarmStart> {
  const pool = emojiPool(a);
  const desc = pool.map((e) => describeImage(a.zh[e]));
  const v = buildVocab(desc);
  const ids = encodeAll(v, desc, L);
  const m = buildModel({ kind: "concat", classes: 2, vocab: vocabSize(v), ...widths, dImg: 1, dTxt: true, fusion: "sum" }, seed);
  const before = retrieval(m, a, v, L);
  const r = new Rng(seed).fork("toxicn-mm/warm");
  const B = Math.min(w.batch, pool.length);
  const vars = Object.fromEntries(Object.entries(m.p.trainable()).filter(([k]) => !k.includes("cls/")));
  const res = await train({
    data: function* () {
      for (let s = 0; s < w.steps; s++) {
        const pick = r.sampleDistinct(0, pool.length, B);
        const t = new Int32Array(B * L);
        pick.forEach((p, i) => t.set(ids.subarray(p * L, (p + 1) * L), i * L));
        yield { x: pixels(pick.map((p) => augment(r, pool[p])), a), t: tf.tensor2d(t, [B, L], "int32") };
      }
    },
    loss: (b) => infoNce(imageTower(m, b.x), textTower(m, b.t), w.tau),
    optimizer: adamw({ learningRate: w.lr, weightDecay: 0.01 }),
    variables: vars,
    epochs: 1,
    progress: "none",
  });
  const after = retrieval(m, a, v, L);
  const params = new Map<string, tf.Tensor>();
  for (const [k, x] of Object.entries(vars)) if (k.includes("img/")) params.set(k.slice(k.indexOf("img/")), tf.clone(x));
  m.p.dispose();
  const h = res.history;
  return { params, retrieval: after.top1, retrievalInit: before.top1, chance: after.chance, pool: pool.length, steps: res.steps, loss: [h[0]?.loss ?? NaN, h[h.length - 1]?.loss ?? NaN], wallMs: res.wallMs };
}

/** Copies a warm start's image tower into a detector (same widths); a no-op for text-only models. */
export function loadWarm(m: MemeModel, w: WarmStart): void {
  if (!m.p.has("img/wp")) return;
  for (const [k, x] of w.params) m.p.get(k).assign(x);
}
