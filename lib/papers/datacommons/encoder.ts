/**
 * The learned variable-matching encoder of card §5.3 (the fourth scorer of retrieve.ts): a two-layer tower over
 * hashed char-3-gram counts, trained with the shared symmetric InfoNCE (lib/core/train/losses `infoNce`).
 *
 *   x = counts of the char-3-grams (retrieve.ts `charTrigrams`, words padded with spaces) hashed into H bins,
 *       L2-normalised                                                     [N, H]   (dense input: no embedding layer,
 *                                                                                   whose gradient has no WASM kernel)
 *   h = relu(x W₁ + b₁)                                                   [N, 128]
 *   z = h W₂ + b₂,  ẑ = z / ‖z‖                                          [N, 64]
 *
 * Training pairs, one per store variable per step (so no pair's positive is another row's negative):
 *   anchor_v   = an augmented phrase of v (typo, dropped word, shuffled words, plural / singular), as a user rewords;
 *   positive_v = another of v's index phrases (name, description, synonyms);
 *   ℓ = ½ [CE(S, I) + CE(Sᵀ, I)],  S = ẑ_anchor ẑ_positiveᵀ / τ   [V, V].
 * The test paraphrases (data.ts REWORDINGS, typos of index phrases) are never trained on: the rewordings are held
 * out, only the augmentation *kinds* overlap. Scoring: cosine of the question's leftover words with each phrase,
 * best phrase per variable (like the other scorers). After training the weights are read once into Float32Arrays and
 * a query (≈ 20 non-zero bins) is embedded in plain JS as a sum of W₁ rows — exact, fast, and the same on every backend.
 */
import * as tf from "@tensorflow/tfjs";
import { ParamStore } from "../../core/nn/params";
import { train } from "../../core/train/loop";
import { infoNce } from "../../core/train/losses";
import { AdamW } from "../../core/train/optim/adamw";
import { Rng } from "../../core/train/seed";
import { typo } from "./data";
import { charTrigrams, contentWords, phrasesOf, type Scorer } from "./retrieve";
import { hash32 } from "./simulated";
import type { LocalStore, Variable } from "./store";

export interface EncoderSpec {
  /** Hash bins H of the char-3-gram counts (card: 2¹⁴). */
  hashDim: number;
  hidden: number;
  dim: number;
  steps: number;
  lr: number;
  /** InfoNCE temperature. */
  tau: number;
}

/** Sparse hashed char-3-gram counts of a text's content words, L2-normalised: bin → weight. */
export function hashedTrigrams(text: string, hashDim: number): Map<number, number> {
  const m = new Map<number, number>();
  for (const g of charTrigrams(contentWords(text.toLowerCase().split(/[^\p{L}\p{N}]+/u)).join(" "))) {
    const k = hash32(g) % hashDim;
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  const n = Math.sqrt([...m.values()].reduce((a, c) => a + c * c, 0)) || 1;
  for (const [k, c] of m) m.set(k, c / n);
  return m;
}

/** Dense [N, H] rows of `hashedTrigrams`. */
function denseBatch(texts: readonly string[], hashDim: number): tf.Tensor2D {
  const x = new Float32Array(texts.length * hashDim);
  texts.forEach((t, i) => hashedTrigrams(t, hashDim).forEach((w, k) => (x[i * hashDim + k] = w)));
  return tf.tensor2d(x, [texts.length, hashDim]);
}

/** One user-style rewording of a phrase (seeded): a typo, a dropped word, shuffled words or a plural flip. */
export function augmentPhrase(p: string, rng: Rng): string {
  let ws = p.split(" ").filter(Boolean);
  const kinds = 1 + rng.int(2);
  for (let k = 0; k < kinds; k++) {
    const op = rng.int(4);
    if (op === 0) ws = typo(ws.join(" "), rng).split(" ");
    else if (op === 1 && ws.length > 1) ws.splice(rng.int(ws.length), 1);
    else if (op === 2) ws = rng.shuffle(ws.slice());
    else {
      const i = rng.int(ws.length);
      ws[i] = ws[i].endsWith("s") ? ws[i].slice(0, -1) : `${ws[i]}s`;
    }
  }
  return ws.join(" ");
}

export interface TrainedEncoder {
  spec: EncoderSpec;
  /** Embeds a text: ẑ [dim], unit length. */
  embed(text: string): Float32Array;
  /** The "encoder" scorer over `vars` (pass as `makeScorer(name, store, { encoder: e.scorer })`). */
  scorer: (vars: readonly Variable[]) => Scorer;
  steps: number;
  /** InfoNCE loss of the first and the last step; ln V is chance. */
  loss: [number, number];
  wallMs: number;
  cpuMs: number;
  params: number;
}

/** Trains the encoder on the store's variables (seeded; same seed and backend → same weights). */
export async function trainEncoder(store: LocalStore, spec: EncoderSpec, seed: number): Promise<TrainedEncoder> {
  const vars = store.variables;
  const phrases = vars.map((v) => phrasesOf(v).map((p) => contentWords(p.toLowerCase().split(/[^\p{L}\p{N}]+/u)).join(" ")));
  const rng = new Rng(seed).fork("datacommons-encoder");
  const p = new ParamStore(new Rng(seed).fork("encoder-init"), "dc-encoder");
  const w1 = p.weight("w1", [spec.hashDim, spec.hidden], "torch");
  const b1 = p.weight("b1", [spec.hidden], "zeros");
  const w2 = p.weight("w2", [spec.hidden, spec.dim], "torch");
  const b2 = p.weight("b2", [spec.dim], "zeros");
  const tower = (x: tf.Tensor2D): tf.Tensor2D => tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, w1), b1)), w2), b2); // [N, dim]
  const opt = new AdamW({ learningRate: spec.lr, weightDecay: 0.01 });
  const cpu0 = process.cpuUsage();
  const res = await train({
    data: function* () {
      for (let s = 0; s < spec.steps; s++) {
        const anchors: string[] = [];
        const positives: string[] = [];
        for (const ph of phrases) {
          const i = rng.int(ph.length);
          const j = ph.length > 1 ? (i + 1 + rng.int(ph.length - 1)) % ph.length : i;
          anchors.push(augmentPhrase(ph[i], rng));
          positives.push(ph[j]);
        }
        yield { a: denseBatch(anchors, spec.hashDim), b: denseBatch(positives, spec.hashDim) };
      }
    },
    loss: (b: { a: tf.Tensor2D; b: tf.Tensor2D }) => infoNce(tower(b.a), tower(b.b), spec.tau),
    optimizer: opt,
    variables: p.trainable(),
    epochs: 1,
    maxSteps: spec.steps,
    progress: "none",
  });
  const cpu = process.cpuUsage(cpu0);
  opt.dispose();
  const W1 = w1.dataSync() as Float32Array, B1 = b1.dataSync() as Float32Array, W2 = w2.dataSync() as Float32Array, B2 = b2.dataSync() as Float32Array;
  const params = p.count();
  p.dispose();
  const { hidden: Hd, dim: D } = spec;
  const embed = (text: string): Float32Array => {
    const h = Float32Array.from(B1); // h = relu(Σ_k x_k W₁[k, :] + b₁)
    hashedTrigrams(text, spec.hashDim).forEach((x, k) => {
      for (let j = 0; j < Hd; j++) h[j] += x * W1[k * Hd + j];
    });
    const z = Float32Array.from(B2); // z = h W₂ + b₂
    for (let j = 0; j < Hd; j++) if (h[j] > 0) for (let d = 0; d < D; d++) z[d] += h[j] * W2[j * D + d];
    const n = Math.sqrt(z.reduce((a, v) => a + v * v, 0)) || 1;
    return z.map((v) => v / n);
  };
  const scorer = (vs: readonly Variable[]): Scorer => {
    const index = vs.map((v) => phrasesOf(v).map(embed));
    const cache = new Map<string, number[]>();
    return {
      name: "encoder",
      score(rest) {
        const key = contentWords(rest).join(" ");
        const hit = cache.get(key);
        if (hit) return hit;
        const q = embed(key);
        const out = index.map((ps) => Math.max(...ps.map((e) => e.reduce((a, v, d) => a + v * q[d], 0))));
        cache.set(key, out);
        return out;
      },
    };
  };
  const h = res.history;
  return { spec, embed, scorer, steps: res.steps, loss: [h[0]?.loss ?? NaN, h[h.length - 1]?.loss ?? NaN], wallMs: res.wallMs, cpuMs: (cpu.user + cpu.system) / 1000, params };
}
