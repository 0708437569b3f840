/**
 * LAQDA (arXiv 2410.10454): the card's synthetic few-shot text generator (card §5), which controls the paper's two
 * difficulty factors. Seeded and versioned: same parameters + seed + vocabulary → same bytes (`synthToBytes`), pinned
 * by the registry entry `laqda-synth` (datasets/entries/laqda-synth.ts).
 *
 * Label tree: G super-topics × C classes (default 8 × 4), each class named by two real words ("baking bread").
 * Word pools, drawn without overlap from `vocabulary` (real words, so the frozen word vectors cover them), name words
 * excluded: per class `classPool` words, per super-topic `groupPool` words, one global filler pool.
 * Intra-class spread: class c has M sub-modes; mode m uses a random `modeShare` of the class pool plus
 * `privateWords` words of its own. A text of class c: mode m ~ U{0..M−1}, length L ~ U{minLen..maxLen}, and per token
 *   P(class/mode word) = α, P(super-topic word) = β, P(filler) = 1 − α − β;
 * then with probability p_name one token is replaced by one of the class's two name words (the name-informativeness
 * knob: at p_name = 0 the label names never occur in the texts).
 * Splits by super-topic: the first `trainGroups` meta-train, the next `valGroups` meta-val, the rest meta-test.
 *
 * Decisions (the card is a reconstruction, not the paper's): name words are kept out of the class pool so p_name is
 * the only channel by which a name reaches the texts; pools, modes and texts use separate named Rng streams, so
 * changing β, α or p_name changes only the texts and changing M leaves the class/super-topic/filler pools unchanged.
 */
import { Rng } from "../../core/train/seed";
import type { TextSet } from "./data";
import { laqdaMessages as msg } from "./messages";

/** Bumped whenever the bytes for given parameters change. */
export const SYNTH_VERSION = 1;

/** Super-topics and their classes' two-word names (8 × 4; every word is in the shipped word-vector extract). */
export const SYNTH_TREE: readonly { topic: string; classes: readonly string[] }[] = [
  { topic: "cooking", classes: ["baking bread", "roasting meat", "brewing tea", "boiling soup"] },
  { topic: "sport", classes: ["football match", "tennis court", "swimming race", "boxing fight"] },
  { topic: "music", classes: ["piano concert", "guitar song", "violin music", "choir singing"] },
  { topic: "weather", classes: ["heavy rain", "snow storm", "strong wind", "summer heat"] },
  { topic: "travel", classes: ["train station", "bus ride", "boat trip", "air flight"] },
  { topic: "health", classes: ["hospital nurse", "heart disease", "surgery patient", "medicine dose"] },
  { topic: "law", classes: ["court trial", "police arrest", "prison sentence", "theft crime"] },
  { topic: "money", classes: ["bank loan", "stock market", "income tax", "trade price"] },
];

/** Generator parameters (card §5 defaults). */
export interface SynthParams {
  /** Super-topics used (≤ SYNTH_TREE.length) and classes per super-topic (≤ 4). */
  groups: number;
  classesPerGroup: number;
  /** Texts per class. */
  perClass: number;
  /** P(class/mode word), P(super-topic word) per token; filler otherwise. */
  alpha: number;
  beta: number;
  /** Sub-modes per class (intra-class spread). */
  modes: number;
  /** Probability that a text contains one of its class's name words. */
  pName: number;
  /** Text length range (tokens, inclusive). */
  minLen: number;
  maxLen: number;
  /** Pool sizes: per class, per super-topic, global filler; share of the class pool per mode; private words per mode. */
  classPool: number;
  groupPool: number;
  filler: number;
  modeShare: number;
  privateWords: number;
  /** Super-topics of meta-train and meta-val (in SYNTH_TREE order); the rest is meta-test. */
  trainGroups: number;
  valGroups: number;
  seed: number;
}

/** The card's defaults: 8 × 4 classes, α 0.25, β 0.35, M 3, p_name 0.1, lengths 8–20, 5/1/2 super-topic split. */
export const SYNTH_DEFAULTS: SynthParams = {
  groups: 8, classesPerGroup: 4, perClass: 60, alpha: 0.25, beta: 0.35, modes: 3, pName: 0.1, minLen: 8, maxLen: 20,
  classPool: 13, groupPool: 30, filler: 200, modeShare: 0.6, privateWords: 5, trainGroups: 5, valGroups: 1, seed: 0,
};

/** A generated set: a TextSet plus its generator facts. */
export interface SynthSet extends TextSet {
  generator: "laqda-synth";
  version: number;
  params: SynthParams;
}

/** Merges overrides into the defaults, rejecting unknown keys and impossible values (message names the fix). */
export function synthParams(overrides: Partial<SynthParams> = {}): SynthParams {
  const known = Object.keys(SYNTH_DEFAULTS);
  for (const k of Object.keys(overrides)) if (!known.includes(k)) throw new RangeError(msg.synthParam(`unknown parameter '${k}'`, `use only: ${known.join(", ")}`));
  const p: SynthParams = { ...SYNTH_DEFAULTS, ...overrides };
  const bad = (what: string, fix: string) => {
    throw new RangeError(msg.synthParam(what, fix));
  };
  if (!(p.alpha >= 0 && p.beta >= 0 && p.alpha + p.beta <= 1)) bad(`α = ${p.alpha}, β = ${p.beta}`, "need α, β ≥ 0 and α + β ≤ 1");
  if (!(p.pName >= 0 && p.pName <= 1)) bad(`p_name = ${p.pName}`, "need 0 ≤ p_name ≤ 1");
  if (!Number.isInteger(p.modes) || p.modes < 1) bad(`M = ${p.modes}`, "need an integer M ≥ 1");
  if (!(p.groups >= 1 && p.groups <= SYNTH_TREE.length && p.classesPerGroup >= 1 && p.classesPerGroup <= 4)) bad(`${p.groups} × ${p.classesPerGroup} classes`, `need ≤ ${SYNTH_TREE.length} super-topics of ≤ 4 classes`);
  if (!(p.trainGroups >= 1 && p.valGroups >= 0 && p.trainGroups + p.valGroups < p.groups)) bad(`${p.trainGroups} train + ${p.valGroups} val super-topics of ${p.groups}`, "leave at least one super-topic for meta-test");
  if (!(p.minLen >= 1 && p.maxLen >= p.minLen)) bad(`lengths ${p.minLen}–${p.maxLen}`, "need 1 ≤ minLen ≤ maxLen");
  if (!(p.perClass >= 1 && p.classPool >= 1 && p.groupPool >= 1 && p.filler >= 1 && p.modeShare > 0 && p.modeShare <= 1 && p.privateWords >= 0)) bad("a pool size or count below 1", "use positive counts and 0 < modeShare ≤ 1");
  return p;
}

/** Generates the set from real `vocabulary` words (the word-vector extract's words in the registry entry). */
export function generateSynth(overrides: Partial<SynthParams>, vocabulary: readonly string[]): SynthSet {
  const p = synthParams(overrides);
  const tree = SYNTH_TREE.slice(0, p.groups).map((g) => ({ topic: g.topic, classes: g.classes.slice(0, p.classesPerGroup) }));
  const nameWords = new Set(tree.flatMap((g) => g.classes.flatMap((c) => c.split(" "))));
  const cands = [...new Set(vocabulary)].filter((w) => /^[a-z]{3,}$/.test(w) && !nameWords.has(w));
  const nClasses = p.groups * p.classesPerGroup;
  const fixed = nClasses * p.classPool + p.groups * p.groupPool + p.filler;
  const need = fixed + nClasses * p.modes * p.privateWords;
  if (need > cands.length) throw new RangeError(msg.synthParam(`the pools need ${need} distinct words, the vocabulary has ${cands.length} usable ones`, "lower the pool sizes or M, or pass a larger vocabulary"));
  // pools: one permutation of the candidates, sliced (class pools, super-topic pools, filler); modes' private words after them
  const perm = new Rng(p.seed).fork("synth/pools").permutation(cands.length).map((i) => cands[i]);
  let at = 0;
  const take = (n: number) => perm.slice(at, (at += n));
  const classPools = Array.from({ length: nClasses }, () => take(p.classPool));
  const groupPools = Array.from({ length: p.groups }, () => take(p.groupPool));
  const filler = take(p.filler);
  const modeRng = new Rng(p.seed).fork("synth/modes");
  const keep = Math.max(1, Math.round(p.modeShare * p.classPool));
  const modes = classPools.map((pool) => Array.from({ length: p.modes }, () => [...modeRng.sampleDistinct(0, pool.length, keep).map((i) => pool[i]), ...take(p.privateWords)]));
  const rng = new Rng(p.seed).fork("synth/texts");
  const texts: string[] = [], labels: number[] = [];
  const pick = (xs: readonly string[]) => xs[rng.int(xs.length)];
  for (let c = 0; c < nClasses; c++) {
    const g = Math.floor(c / p.classesPerGroup), names = tree[g].classes[c % p.classesPerGroup].split(" ");
    for (let i = 0; i < p.perClass; i++) {
      const mode = modes[c][rng.int(p.modes)];
      const L = p.minLen + rng.int(p.maxLen - p.minLen + 1);
      const toks = Array.from({ length: L }, () => {
        const u = rng.float();
        return u < p.alpha ? pick(mode) : u < p.alpha + p.beta ? pick(groupPools[g]) : pick(filler);
      });
      if (rng.float() < p.pName) toks[rng.int(L)] = pick(names);
      texts.push(toks.join(" "));
      labels.push(c);
    }
  }
  const classOf = (g: number) => Array.from({ length: p.classesPerGroup }, (_, k) => g * p.classesPerGroup + k);
  const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i).flatMap(classOf);
  const labelNames = tree.flatMap((g) => g.classes);
  return {
    name: "synthetic", texts, labels, classes: labelNames.map((n) => n.replace(" ", "_")), labelNames, superTopic: tree.flatMap((g) => g.classes.map(() => g.topic)),
    splits: { train: range(0, p.trainGroups), val: range(p.trainGroups, p.trainGroups + p.valGroups), test: range(p.trainGroups + p.valGroups, p.groups) },
    generator: "laqda-synth", version: SYNTH_VERSION, params: p,
  };
}

/** Deterministic bytes of a generated set (UTF-8 JSON: generator, version, params, classes, splits, texts, labels). */
export function synthToBytes(s: SynthSet): Buffer {
  const { generator, version, params, classes, labelNames, superTopic, splits, texts, labels } = s;
  return Buffer.from(JSON.stringify({ generator, version, params, classes, labelNames, superTopic, splits, texts, labels }) + "\n", "utf8");
}
