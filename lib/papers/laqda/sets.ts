/**
 * LAQDA (arXiv 2410.10454) runs on the card's other task sets (card §5), cheaper than the WordNet grid of
 * experiment.ts (issue 20's budget notes): per set and seed, PN and PN+LA are trained ONCE, on first-K episodes with
 * plain prototypes, and that encoder is tested at every K; top-R and OT are applied to its cached test vectors.
 * - synthetic (`laqda-synth`, ≥ 3 seeds at default): main rows for claims, and fig_difficulty: the same encoders tested
 *   on sets regenerated at each β (inter-class closeness) and each M (sub-modes per class). The generator's Rng
 *   streams keep the class / super-topic / filler pools when β or M change, so only the texts differ: difficulty at
 *   test time, no retraining. Its frozen vectors are the card's: PPMI + SVD word vectors of the unlabelled text
 *   (every generated set of the run, all classes, whole text as the window) — the GloVe-derived extract knows nothing
 *   of the generator's random word pools (measured: PN 0.28 vs TF-IDF 0.52 at 1-shot with it);
 * - Brown genres (English word vectors) and emoji-zh (PPMI + SVD character vectors of its own text): one seed, rows
 *   marked "not a claim".
 * A plateau check (PN with 2 × the steps on the first seed) guards the synthetic claims as on WordNet.
 */
import { loadWordVectors, tokenizeWords, type WordVectors } from "../../../datasets/entries/word-vectors";
import { laqdaSynth } from "../../../datasets/entries/laqda-synth";
import { ppmiSvdVectors, spreadOf } from "../../kit";
import { brownSet, encodeTexts, type TextSet } from "./data";
import { emojiCharVectors, emojiZhSet } from "./emoji";
import { disposeModel } from "./model";
import { meanVectorEpisodeAcc, meanWordVectors, tfidfEpisodeAcc, tfidfVectors } from "./baselines";
import { episodeCi95, methodAccs, REFINED, type MethodRow } from "./experiment";
import type { LaqdaConfig } from "./config";
import type { RefineOptions } from "./proto";
import { embedEpisode, restoreSnapshot, testEpisodes, trainModel, type TrainedModel } from "./train";

/** One extra set's run settings (seeds 0: skipped). */
export interface ExtraSetSpec {
  seeds: number;
  /** Training episodes of each of PN and PN+LA. */
  steps: number;
  testEpisodes: number;
  /** Queries per class (emoji-zh: ≤ 5, its smallest classes have 10 texts). */
  Q: number;
  /** Texts kept per class where the set is subsampled (Brown). */
  perClass: number;
}

/** A main-table row of one set; `claim` false marks the one-seed sets ("not a claim"). */
export interface SetRow extends MethodRow {
  set: string;
  claim: boolean;
}

/** fig_difficulty: one method's accuracy on first-K test episodes of the set regenerated at knob = value. */
export interface DifficultyRow {
  seed: number;
  knob: "β" | "M";
  value: number;
  method: string;
  acc: number;
}

/** Everything the extra-set runs measure. */
export interface SetResults {
  rows: SetRow[];
  difficulty: DifficultyRow[];
  plateau: { set: string; seed: number; K: number; steps: number; acc: number; accDouble: number }[];
  info: { set: string; claim: boolean; seeds: number; classes: number; texts: number; coverage: number; vectors: string; wallS: number }[];
}

type Vocab = Pick<WordVectors, "vectors" | "index" | "dims" | "words">;
const mean = (xs: readonly number[]) => spreadOf(xs).mean;

/** Methods drawn in fig_difficulty. */
export const DIFFICULTY_METHODS = ["TF-IDF", "PN", "PN+OT", "PN+LA", "LA+OT"];

/** Runs one set (see the header); `variants` are the difficulty sets (synthetic only). */
async function runSet(set: TextSet, vec: Vocab, vectors: string, cfg: LaqdaConfig, spec: ExtraSetSpec, claim: boolean, out: SetResults, log: (s: string) => void, variants: { knob: "β" | "M"; value: number; set: TextSet }[] = []): Promise<void> {
  const t0 = Date.now();
  const maxLen = cfg.model.maxLen ?? 24, d = vec.dims, K1 = cfg.shots[0];
  const tok = encodeTexts(set.texts, vec, maxLen, set.tokenize), nameTok = encodeTexts(set.labelNames, vec, 4, set.tokenize);
  const tfidf = tfidfVectors(set), meanVec = meanWordVectors(tok, vec.vectors, d);
  const refine: RefineOptions = { R: cfg.R, ot: cfg.ot };
  const vtok = variants.map((v) => ({ ...v, tok: encodeTexts(v.set.texts, vec, maxLen, v.set.tokenize), tfidf: tfidfVectors(v.set) }));
  for (let s = 0; s < spec.seeds; s++) {
    const seed = cfg.seed + s;
    const models: [string, TrainedModel][] = [];
    for (const adapter of [false, true]) {
      const plateau = !adapter && s === 0 && claim;
      const t = await trainModel(set, vec, tok, {
        model: { ...cfg.model, d, adapter }, proto: "plain", episode: { N: cfg.N, K: K1, Q: spec.Q }, steps: plateau ? 2 * spec.steps : spec.steps,
        lr: cfg.lr, weightDecay: cfg.weightDecay, lambdaG: cfg.lambdaG, ceOverN: cfg.ceOverN, refine, seed, snapshotAt: plateau ? spec.steps : undefined,
      });
      if (plateau) {
        const eps = testEpisodes(set, { N: cfg.N, K: K1, Q: spec.Q }, spec.testEpisodes, seed, `${set.name}-${K1}`);
        const accDouble = mean(methodAccs(eps.map((ep) => embedEpisode(t, set, tok, nameTok, ep)), eps, d, refine, "plain"));
        restoreSnapshot(t);
        out.plateau.push({ set: set.name, seed, K: K1, steps: spec.steps, acc: NaN, accDouble });
      }
      log(`${set.name} seed ${seed} ${adapter ? "PN+LA" : "PN"}: ${t.steps} steps (K=${K1}), final loss ${t.finalLoss.toFixed(3)}`);
      models.push([adapter ? "PN+LA" : "PN", t]);
    }
    for (const K of cfg.shots) {
      const eps = testEpisodes(set, { N: cfg.N, K, Q: spec.Q }, spec.testEpisodes, seed, `${set.name}-${K}`);
      const push = (method: string, a: number[]) => out.rows.push({ set: set.name, claim, seed, K, method, acc: mean(a), ci: episodeCi95(a) });
      push("TF-IDF", eps.map((ep) => tfidfEpisodeAcc(tfidf, ep)));
      push("mean-vector PN", eps.map((ep) => meanVectorEpisodeAcc(meanVec, d, ep)));
      for (const [label, t] of models) {
        const zs = eps.map((ep) => embedEpisode(t, set, tok, nameTok, ep));
        for (const [method, suffix] of REFINED) {
          const a = methodAccs(zs, eps, d, refine, method);
          push(method === "plain" ? label : `${label === "PN+LA" ? "LA" : "PN"}${suffix}`, a);
          if (label === "PN" && method === "plain") for (const p of out.plateau) if (p.set === set.name && p.seed === seed && p.K === K) p.acc = mean(a);
        }
      }
    }
    for (const v of vtok) {
      if (v.set === set) {
        // the default point: the main first-K rows of this seed
        for (const r of out.rows) if (r.set === set.name && r.seed === seed && r.K === K1 && DIFFICULTY_METHODS.includes(r.method)) out.difficulty.push({ seed, knob: v.knob, value: v.value, method: r.method, acc: r.acc });
        continue;
      }
      const eps = testEpisodes(v.set, { N: cfg.N, K: K1, Q: spec.Q }, cfg.difficulty.testEpisodes, seed, `difficulty-${v.knob}-${v.value}`);
      out.difficulty.push({ seed, knob: v.knob, value: v.value, method: "TF-IDF", acc: mean(eps.map((ep) => tfidfEpisodeAcc(v.tfidf, ep))) });
      for (const [label, t] of models) {
        const zs = eps.map((ep) => embedEpisode(t, v.set, v.tok, nameTok, ep));
        for (const [method, suffix] of REFINED.filter(([m]) => m !== "topR")) {
          out.difficulty.push({ seed, knob: v.knob, value: v.value, method: method === "plain" ? label : `${label === "PN+LA" ? "LA" : "PN"}${suffix}`, acc: mean(methodAccs(zs, eps, d, refine, method)) });
        }
      }
    }
    for (const [, t] of models) disposeModel(t.model);
  }
  out.info.push({ set: set.name, claim, seeds: spec.seeds, classes: set.classes.length, texts: set.texts.length, coverage: tok.coverage, vectors, wallS: (Date.now() - t0) / 1000 });
}

/** Mean row norm of a vector table (count-based vectors are scaled to the English extract's). */
function meanNorm(v: Vocab): number {
  let norm = 0;
  for (let i = 0; i < v.words.length; i++) norm += Math.hypot(...v.vectors.subarray(i * v.dims, (i + 1) * v.dims)) / v.words.length;
  return norm;
}

/** Runs the synthetic, Brown and emoji-zh sets of `cfg.sets` (a set with seeds 0 is skipped). */
export async function runSets(cfg: LaqdaConfig, log: (s: string) => void = () => undefined): Promise<SetResults> {
  const out: SetResults = { rows: [], difficulty: [], plateau: [], info: [] };
  const { synth, brown, emojiZh } = cfg.sets;
  const vec = await loadWordVectors();
  if (synth.seeds > 0) {
    const base = { perClass: synth.perClass, seed: cfg.seed };
    const set = await laqdaSynth.load(base);
    // the default β / M point of fig_difficulty is the main set itself (its own test episodes), the others regenerated
    const variants: { knob: "β" | "M"; value: number; set: TextSet }[] = [];
    for (const beta of cfg.difficulty.beta) variants.push({ knob: "β", value: beta, set: beta === set.params.beta ? set : await laqdaSynth.load({ ...base, beta }) });
    for (const modes of cfg.difficulty.modes) variants.push({ knob: "M", value: modes, set: modes === set.params.modes ? set : await laqdaSynth.load({ ...base, modes }) });
    const corpus = [set, ...variants.map((v) => v.set).filter((x) => x !== set)].flatMap((x) => x.texts.map((t) => tokenizeWords(t)));
    const words = ppmiSvdVectors(corpus, { dims: vec.dims, window: set.params.maxLen, iters: 25, seed: cfg.seed, norm: meanNorm(vec) });
    await runSet(set, words, `PPMI + SVD words of the generated text (${words.words.length})`, cfg, synth, true, out, log, variants);
  }
  if (brown.seeds > 0) await runSet(await brownSet({ perClass: brown.perClass, seed: cfg.seed }), vec, "word-vectors (GloVe-derived)", cfg, brown, false, out, log);
  if (emojiZh.seeds > 0) {
    const set = emojiZhSet();
    const chars = emojiCharVectors(set, { dims: vec.dims, norm: meanNorm(vec), seed: cfg.seed });
    await runSet(set, chars, `PPMI + SVD characters (${chars.words.length})`, cfg, emojiZh, false, out, log);
  }
  return out;
}
