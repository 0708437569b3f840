/**
 * LAQDA (arXiv 2410.10454) data: labelled text sets with label names and disjoint class splits, token ids over the
 * shipped word-vector extract, and the N-way K-shot Q-query episode sampler of the official code (card §2.1):
 * pick N classes without replacement, per class K supports then Q queries from the remaining texts; supports class by
 * class, then queries class by class. Queries may be class-imbalanced (Q_n per class) for claim C5.
 *
 * Stand-in set (card §5, DATASETS.md): WordNet 3.1 noun/verb glosses labelled by their lexname (41 classes, names
 * "noun animal", "verb motion"), a real many-class short-text task; "hard" episodes draw every class from one part
 * of speech (the super-topic).
 */
import { loadWordnetGlosses } from "../../../datasets/entries/wordnet";
import { BROWN_GENRES, loadBrown } from "../../../datasets/entries/brown";
import { tokenizeWords, type WordVectors } from "../../../datasets/entries/word-vectors";
import { Rng } from "../../core/train/seed";
import { laqdaMessages as msg } from "./messages";

/** A labelled text set with label names, a super-topic per class and disjoint class splits. */
export interface TextSet {
  name: string;
  texts: string[];
  /** Class index per text. */
  labels: number[];
  /** Class names (e.g. "noun.animal") and the label names the adapter reads (e.g. "noun animal"). */
  classes: string[];
  labelNames: string[];
  /** Super-topic of each class ("noun" / "verb"); episodes from one super-topic are the "hard" ones. */
  superTopic: string[];
  /** Class indices of meta-train / meta-val / meta-test (disjoint). */
  splits: { train: number[]; val: number[]; test: number[] };
  /** Tokens of a text (default: English word tokens, `tokenizeWords`; Chinese sets: characters). */
  tokenize?: (text: string) => string[];
}

/**
 * Fixed WordNet class split (chosen once, before any run): meta-test holds 6 verb and 7 noun classes so that
 * single-part-of-speech ("hard") test episodes exist; meta-val 5; meta-train the other 23.
 */
export const WORDNET_SPLIT = {
  test: ["verb.motion", "verb.communication", "verb.consumption", "verb.emotion", "verb.perception", "verb.creation", "noun.animal", "noun.food", "noun.plant", "noun.artifact", "noun.person", "noun.feeling", "noun.time"],
  val: ["verb.weather", "verb.competition", "noun.shape", "noun.quantity", "noun.motive"],
} as const;

/** Options of `wordnetSet`. */
export interface WordnetSetOptions {
  /** At most this many glosses per class (a seeded subset; default 300). */
  perClass?: number;
  seed?: number;
}

/** WordNet noun/verb glosses (definitions) as a TextSet of 41 lexname classes, at most `perClass` texts each. */
export async function wordnetSet(o: WordnetSetOptions = {}): Promise<TextSet> {
  const perClass = o.perClass ?? 300;
  const glosses = await loadWordnetGlosses({ pos: ["noun", "verb"] });
  const names: string[] = [...new Set(glosses.map((g) => g.lexname as string))].sort();
  const byClass = names.map((n) => glosses.filter((g) => g.lexname === n));
  const rng = new Rng(o.seed ?? 0).fork("wordnet-subset");
  const texts: string[] = [];
  const labels: number[] = [];
  byClass.forEach((gs, c) => {
    const pick = gs.length <= perClass ? gs.map((_, i) => i) : rng.sampleDistinct(0, gs.length, perClass).sort((a, b) => a - b);
    for (const i of pick) (texts.push(gs[i].definition), labels.push(c));
  });
  const idx = (n: string) => names.indexOf(n);
  const test = WORDNET_SPLIT.test.map(idx);
  const val = WORDNET_SPLIT.val.map(idx);
  const train = names.map((_, i) => i).filter((i) => !test.includes(i) && !val.includes(i));
  return {
    name: "wordnet", texts, labels, classes: names, labelNames: names.map((n) => n.replace(".", " ")), superTopic: names.map((n) => n.split(".")[0]),
    splits: { train, val, test },
  };
}

/** Token ids of texts over a vocabulary: id 0 is padding, word w is index(w) + 1; unknown words are dropped. */
export interface TokenIds {
  /** [n, maxLen] row-major, zero-padded. */
  ids: Int32Array;
  n: number;
  maxLen: number;
  /** Fraction of word tokens found in the vocabulary (before truncation). */
  coverage: number;
}

/** Tokenises and maps texts to ids (first `maxLen` known words). A text with no known word keeps one padding row. */
export function encodeTexts(texts: readonly string[], vocab: Pick<WordVectors, "index">, maxLen: number, tokenize: (text: string) => string[] = tokenizeWords): TokenIds {
  const ids = new Int32Array(texts.length * maxLen);
  let known = 0, total = 0;
  texts.forEach((t, i) => {
    let j = 0;
    for (const w of tokenize(t)) {
      total++;
      const r = vocab.index.get(w);
      if (r === undefined) continue;
      known++;
      if (j < maxLen) ids[i * maxLen + j++] = r + 1;
    }
  });
  return { ids, n: texts.length, maxLen, coverage: total ? known / total : 1 };
}

/** One episode: text indices into the set, supports then queries, class-by-class, and the episode's classes. */
export interface Episode {
  /** Set class index of episode class n. */
  classes: number[];
  /** K support texts per class, class by class ([N·K]). */
  support: number[];
  /** Query texts class by class ([Σ Q_n]) and their episode labels 0..N−1. */
  query: number[];
  queryLabels: number[];
  K: number;
}

/** Sampler options: N-way K-shot, Q queries per class (a number, or [min, max] drawn per class: imbalanced). */
export interface EpisodeSpec {
  N: number;
  K: number;
  Q: number | [number, number];
  /** Draw all N classes from one super-topic ("hard" episodes). */
  sameSuperTopic?: boolean;
}

/** Texts of each class, by set class index (built once per set). */
export function classIndex(set: TextSet): number[][] {
  const by: number[][] = set.classes.map(() => []);
  set.labels.forEach((c, i) => by[c].push(i));
  return by;
}

/** Samples one episode from the classes `pool` of `set` (checked: N ≤ classes, K + Q ≤ texts of each class). */
export function sampleEpisode(set: TextSet, byClass: number[][], pool: readonly number[], spec: EpisodeSpec, rng: Rng): Episode {
  const { N, K } = spec;
  let cands = [...pool];
  if (spec.sameSuperTopic) {
    const groups = [...new Set(cands.map((c) => set.superTopic[c]))].filter((g) => cands.filter((c) => set.superTopic[c] === g).length >= N);
    if (groups.length === 0) throw new RangeError(msg.noSuperTopic(set.name, N));
    const g = groups[rng.int(groups.length)];
    cands = cands.filter((c) => set.superTopic[c] === g);
  }
  if (N > cands.length) throw new RangeError(msg.tooManyWays(set.name, N, cands.length));
  const classes = rng.sampleDistinct(0, cands.length, N).map((i) => cands[i]);
  const Qs = classes.map(() => (typeof spec.Q === "number" ? spec.Q : spec.Q[0] + rng.int(spec.Q[1] - spec.Q[0] + 1)));
  const support: number[] = [];
  const queryBy: number[][] = [];
  classes.forEach((c, n) => {
    const texts = byClass[c];
    if (K + Qs[n] > texts.length) throw new RangeError(msg.tooFewTexts(set.classes[c], texts.length, K, Qs[n]));
    const pick = rng.sampleDistinct(0, texts.length, K + Qs[n]).map((i) => texts[i]);
    support.push(...pick.slice(0, K));
    queryBy.push(pick.slice(K));
  });
  const query = queryBy.flat();
  const queryLabels = queryBy.flatMap((q, n) => q.map(() => n));
  return { classes, support, query, queryLabels, K };
}

/** Label names of an episode's classes; throws when a class has no name (the adapter needs them). */
export function episodeNames(set: TextSet, ep: Episode, names: readonly string[] = set.labelNames): string[] {
  return ep.classes.map((c) => {
    const s = names[c];
    if (typeof s !== "string" || s.trim() === "") throw new Error(msg.missingName(set.name, set.classes[c]));
    return s;
  });
}

/** The random-name control (card C2): each class named by `words` random vocabulary words, seeded. */
export function randomNames(set: TextSet, vocab: Pick<WordVectors, "words">, seed: number, words = 2): string[] {
  const rng = new Rng(seed).fork("random-names");
  return set.classes.map(() => rng.sampleDistinct(0, vocab.words.length, words).map((i) => vocab.words[i]).join(" "));
}

/**
 * Brown-corpus genre split of the card (§5), fixed before any run: meta-train the informative genres below,
 * meta-val religion / humor / government, meta-test the five fiction genres (deliberately close classes).
 */
export const BROWN_SPLIT = {
  train: ["news", "editorial", "hobbies", "lore", "belles_lettres", "learned", "reviews"],
  val: ["religion", "humor", "government"],
  test: ["fiction", "mystery", "science_fiction", "adventure", "romance"],
} as const;

/** Options of `brownSet`. */
export interface BrownSetOptions {
  /** Consecutive sentences of one text per chunk (default 4), chunks shorter than `minTokens` (30) dropped. */
  sentences?: number;
  minTokens?: number;
  /** At most this many chunks per genre (a seeded subset; default all). */
  perClass?: number;
  seed?: number;
}

/**
 * Brown genres as a TextSet (card §5): chunks of `sentences` consecutive sentences of one source text, 15 genre
 * classes named by the genre with "_" → " ", super-topic "informative" / "imaginative" (the corpus's two halves, A–J
 * and K–R), split `BROWN_SPLIT`. Every meta-test class is imaginative, so all meta-test episodes are "hard".
 */
export async function brownSet(o: BrownSetOptions = {}): Promise<TextSet> {
  const per = o.sentences ?? 4, minTokens = o.minTokens ?? 30;
  const sents = await loadBrown();
  const byClass: string[][] = BROWN_GENRES.map(() => []);
  for (let i = 0; i < sents.length; ) {
    let j = i;
    while (j < sents.length && j - i < per && sents[j].file === sents[i].file) j++;
    const toks = sents.slice(i, j).flatMap((s) => s.tokens);
    if (j - i === per && toks.length >= minTokens) byClass[sents[i].label].push(toks.join(" "));
    i = j;
  }
  const rng = new Rng(o.seed ?? 0).fork("brown-subset");
  const texts: string[] = [], labels: number[] = [];
  byClass.forEach((cs, c) => {
    const pick = o.perClass === undefined || cs.length <= o.perClass ? cs.map((_, i) => i) : rng.sampleDistinct(0, cs.length, o.perClass).sort((a, b) => a - b);
    for (const i of pick) (texts.push(cs[i]), labels.push(c));
  });
  const idx = (gs: readonly string[]) => gs.map((g) => BROWN_GENRES.indexOf(g as (typeof BROWN_GENRES)[number]));
  return {
    name: "brown", texts, labels, classes: [...BROWN_GENRES], labelNames: BROWN_GENRES.map((g) => g.replace("_", " ")),
    superTopic: BROWN_GENRES.map((g) => (BROWN_SPLIT.test.includes(g as never) || g === "humor" ? "imaginative" : "informative")),
    splits: { train: idx(BROWN_SPLIT.train), val: idx(BROWN_SPLIT.val), test: idx(BROWN_SPLIT.test) },
  };
}
